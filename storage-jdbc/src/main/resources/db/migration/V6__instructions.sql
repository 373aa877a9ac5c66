-- Customer instructions (ISO/IEC 27701 8.2.4; ADR 0011): every version of every documented
-- instruction, with what the analyser found and every response. A version's words, fields and
-- analysis never change once written (trigger below); only its state and the customer's
-- response and the officer's decision move forward. Notices about a version are written to
-- notice_outbox in the same transaction (a transactional outbox).
CREATE TABLE instructions (
    customer_id       TEXT        NOT NULL REFERENCES customers (id),
    id                TEXT        NOT NULL CHECK (id ~ '^ins_[a-z0-9]{20}$'),
    version           INTEGER     NOT NULL CHECK (version >= 1),
    state             TEXT        NOT NULL CHECK (state IN ('CLEARED', 'HELD', 'CONFIRMED_BY_CUSTOMER', 'APPLIED',
                                                            'REFUSED', 'WITHDRAWN', 'SUPERSEDED')),
    standing          BOOLEAN     NOT NULL,
    agreement_version INTEGER     NOT NULL,
    text              TEXT        NOT NULL,
    fields            JSONB       NOT NULL,
    given_by          JSONB       NOT NULL,
    submitted_by      TEXT        NOT NULL,
    submitted_at      TIMESTAMPTZ NOT NULL,
    outcome           TEXT        NOT NULL CHECK (outcome IN ('NO_INFRINGEMENT_FOUND', 'POSSIBLE_INFRINGEMENT', 'NEEDS_REVIEW')),
    analysis          JSONB       NOT NULL,
    customer_response JSONB,
    officer_decision  JSONB,
    updated_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, id, version)
);

-- The decision point's read: versions in force or on hold, per customer.
CREATE INDEX instructions_current ON instructions (customer_id)
    WHERE state IN ('CLEARED', 'APPLIED', 'HELD', 'CONFIRMED_BY_CUSTOMER') OR (standing AND state = 'REFUSED');
-- The privacy officer's queue across customers, oldest first.
CREATE INDEX instructions_on_hold ON instructions (submitted_at) WHERE state IN ('HELD', 'CONFIRMED_BY_CUSTOMER');
-- The customer's list, newest first.
CREATE INDEX instructions_recent ON instructions (customer_id, submitted_at DESC, id);

CREATE FUNCTION instructions_keep_what_was_analysed() RETURNS trigger AS $$
BEGIN
    IF NEW.text IS DISTINCT FROM OLD.text OR NEW.fields IS DISTINCT FROM OLD.fields
       OR NEW.analysis IS DISTINCT FROM OLD.analysis OR NEW.outcome IS DISTINCT FROM OLD.outcome
       OR NEW.given_by IS DISTINCT FROM OLD.given_by OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
       OR NEW.submitted_by IS DISTINCT FROM OLD.submitted_by OR NEW.standing IS DISTINCT FROM OLD.standing
       OR NEW.agreement_version IS DISTINCT FROM OLD.agreement_version THEN
        RAISE EXCEPTION 'an instruction version''s words, fields and analysis never change' USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER instructions_immutable BEFORE UPDATE ON instructions
    FOR EACH ROW EXECUTE FUNCTION instructions_keep_what_was_analysed();

CREATE FUNCTION instructions_no_delete() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'instructions are kept: withdraw or supersede a version instead' USING ERRCODE = '23514';
END $$ LANGUAGE plpgsql;

CREATE TRIGGER instructions_kept BEFORE DELETE ON instructions
    FOR EACH ROW EXECUTE FUNCTION instructions_no_delete();
