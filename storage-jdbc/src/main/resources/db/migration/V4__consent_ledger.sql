-- The consent ledger (ISO/IEC 27701 8.2.3, PR-CON-01; ISO/IEC TS 27560 event fields) and the
-- current verdict per person and purpose, from which a marketing audience is selected by index.
-- The person appears only as the keyed pseudonym of the processing log (subject) and the vault's
-- blind index of their identifier (subject_index): nothing here is plaintext PII.

-- One row per submission (one call that records a person's choices). Inserted first in the
-- append's transaction: a second submission with the same id fails on the primary key
-- (DUPLICATE_SUBMISSION) before anything else is written.
CREATE TABLE consent_submissions (
    customer_id   TEXT        NOT NULL REFERENCES customers (id),
    submission_id TEXT        NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, submission_id)
);

-- The events, never changed once written. seq is the order of insertion, the last tie-break of
-- the ledger order (expressed_at, recorded_at, log_index). change and source hold the codes of
-- ConsentChange and ConsentSource; evidence is a JSON object of strings (PII in it is hashed by
-- the caller); log_index is the position of the event's entry in the customer's processing log.
CREATE TABLE consent_events (
    seq                  BIGSERIAL   NOT NULL UNIQUE,
    id                   UUID        PRIMARY KEY,
    customer_id          TEXT        NOT NULL,
    subject              TEXT        NOT NULL,
    subject_index        BYTEA       NOT NULL,
    purpose              TEXT        NOT NULL,
    change               TEXT        NOT NULL CHECK (change IN ('granted', 'refused', 'withdrawn', 'expired')),
    source               TEXT        NOT NULL CHECK (source IN ('data-subject-form', 'tcf-string', 'gpc-signal',
                                                                'one-click-unsubscribe', 'customer-asserted')),
    expressed_at         TIMESTAMPTZ NOT NULL,
    recorded_at          TIMESTAMPTZ NOT NULL,
    valid_until          TIMESTAMPTZ,
    notice_version       TEXT,
    notice_sha256        TEXT,
    notice_language      TEXT,
    condition_of_service BOOLEAN     NOT NULL,
    jurisdiction         TEXT,
    evidence             JSONB       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(evidence) = 'object'),
    submission_id        TEXT        NOT NULL,
    actor                TEXT        NOT NULL,
    log_index            BIGINT      NOT NULL,
    FOREIGN KEY (customer_id, submission_id) REFERENCES consent_submissions (customer_id, submission_id)
);

-- A person's history (customer, subject) and its events for some purposes (the verdict upkeep).
CREATE INDEX consent_events_by_subject ON consent_events (customer_id, subject, purpose);

CREATE FUNCTION consent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'MD001';
END
$$;

CREATE TRIGGER consent_events_no_update_delete BEFORE UPDATE OR DELETE ON consent_events
    FOR EACH ROW EXECUTE FUNCTION consent_append_only();
CREATE TRIGGER consent_events_no_truncate BEFORE TRUNCATE ON consent_events
    FOR EACH STATEMENT EXECUTE FUNCTION consent_append_only();
-- A removed submission would let the same submission be recorded twice.
CREATE TRIGGER consent_submissions_no_update_delete BEFORE UPDATE OR DELETE ON consent_submissions
    FOR EACH ROW EXECUTE FUNCTION consent_append_only();
CREATE TRIGGER consent_submissions_no_truncate BEFORE TRUNCATE ON consent_submissions
    FOR EACH STATEMENT EXECUTE FUNCTION consent_append_only();

-- The current verdict (ConsentHistory.verdict at the latest recorded_at) of each person and
-- purpose that has one; NONE is never stored. Recomputed from the person's full history in the
-- transaction that appends, under an advisory lock per person. status is a ConsentVerdict.Status
-- name; event_id, log_index, since and valid_until are those of the event the verdict rests on.
CREATE TABLE consent_current (
    customer_id   TEXT        NOT NULL,
    subject_index BYTEA       NOT NULL,
    purpose       TEXT        NOT NULL,
    subject       TEXT        NOT NULL,
    status        TEXT        NOT NULL CHECK (status IN ('VALID', 'REFUSED', 'WITHDRAWN', 'EXPIRED',
                                                         'NOT_FROM_PERSON', 'BUNDLED_WITH_SERVICE')),
    event_id      UUID        NOT NULL REFERENCES consent_events (id),
    log_index     BIGINT      NOT NULL,
    since         TIMESTAMPTZ NOT NULL,
    valid_until   TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, subject_index, purpose)
);

-- The audience query probes this once per vault record it walks (by customer, subject_index
-- and purpose): only valid consents are in it, and it holds every column the query reads, so the
-- probe is an index-only scan that never touches the table once the visibility map is set.
CREATE INDEX consent_current_valid ON consent_current (customer_id, subject_index, purpose)
    INCLUDE (valid_until, event_id, log_index, subject) WHERE status = 'VALID';

-- The audience query walks one customer's vault records in id order (for the "after" cursor):
-- without this index it would walk the primary key over every customer's records.
CREATE INDEX vault_records_by_customer_id ON vault_records (customer_id, id);
