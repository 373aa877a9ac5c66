-- Mandate schema, PostgreSQL 15 or newer.
--
-- Rules kept throughout: no column holds a vault value in plaintext (values are AES-GCM
-- ciphertexts, lookups go through keyed blind indexes); instants are TIMESTAMPTZ; JSON is JSONB;
-- what must never change is enforced here as well as in the code.

-- Customers: the controllers (tenants). The DPO contact is the customer's business contact.
CREATE TABLE customers (
    id                     TEXT        PRIMARY KEY,
    name                   TEXT        NOT NULL,
    jurisdictions          TEXT[]      NOT NULL,
    dpo                    JSONB,
    notification_endpoints JSONB       NOT NULL DEFAULT '[]',
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);

-- Agreement versions (ISO 27701 8.2.1). Old versions stay readable forever.
CREATE TABLE agreement_versions (
    customer_id  TEXT        NOT NULL REFERENCES customers (id),
    version      INTEGER     NOT NULL CHECK (version > 0),
    state        TEXT        NOT NULL
                 CHECK (state IN ('DRAFT', 'OFFERED', 'ACCEPTED', 'REJECTED', 'SUPERSEDED', 'TERMINATED')),
    terms        JSONB       NOT NULL,
    terms_hash   TEXT        NOT NULL,
    drafted_by   TEXT,
    drafted_at   TIMESTAMPTZ,
    offered_by   TEXT,
    offered_at   TIMESTAMPTZ,
    accepted_by  TEXT,
    accepted_at  TIMESTAMPTZ,
    closed_by    TEXT,
    closed_at    TIMESTAMPTZ,
    closing_note TEXT,
    PRIMARY KEY (customer_id, version)
);

-- At most one open (draft or offered) version per customer, and at most one in force.
CREATE UNIQUE INDEX agreement_versions_one_open
    ON agreement_versions (customer_id) WHERE state IN ('DRAFT', 'OFFERED');
CREATE UNIQUE INDEX agreement_versions_one_accepted
    ON agreement_versions (customer_id) WHERE state = 'ACCEPTED';

-- Once offered, the terms a DPO reviews and accepts never change (PR-821-02); a closed version
-- (rejected, superseded, terminated) is final; versions are never deleted once offered.
CREATE FUNCTION agreement_versions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.state <> 'DRAFT' THEN
            RAISE EXCEPTION 'agreement version is immutable once offered: it cannot be deleted'
                USING ERRCODE = 'MD002';
        END IF;
        RETURN OLD;
    END IF;
    IF NEW.customer_id <> OLD.customer_id OR NEW.version <> OLD.version THEN
        RAISE EXCEPTION 'agreement version identity cannot change' USING ERRCODE = 'MD002';
    END IF;
    IF OLD.state <> 'DRAFT'
       AND (NEW.terms IS DISTINCT FROM OLD.terms OR NEW.terms_hash IS DISTINCT FROM OLD.terms_hash) THEN
        RAISE EXCEPTION 'agreement version is immutable once offered: terms cannot change'
            USING ERRCODE = 'MD002';
    END IF;
    IF OLD.state IN ('REJECTED', 'SUPERSEDED', 'TERMINATED') THEN
        RAISE EXCEPTION 'agreement version is closed: it cannot change' USING ERRCODE = 'MD002';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER agreement_versions_guard
    BEFORE UPDATE OR DELETE ON agreement_versions
    FOR EACH ROW EXECUTE FUNCTION agreement_versions_guard();

-- API keys: only the SHA-256 of the secret is kept. role holds Role.code().
CREATE TABLE api_keys (
    id          TEXT        PRIMARY KEY,
    label       TEXT,
    role        TEXT        NOT NULL,
    customers   TEXT[]      NOT NULL,
    purposes    TEXT[]      NOT NULL,
    secret_hash BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT,
    revoked_at  TIMESTAMPTZ
);

-- Customer data keys, wrapped (encrypted) under a master key version. Never unwrapped here.
CREATE TABLE wrapped_keys (
    customer_id        TEXT        NOT NULL,
    purpose            TEXT        NOT NULL,
    version            INTEGER     NOT NULL,
    master_key_version INTEGER     NOT NULL,
    wrapped            BYTEA       NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (customer_id, purpose, version)
);

-- The vault (ISO 27701 8.2.2). Everything about the person is a ciphertext or a keyed hash.
CREATE TABLE vault_records (
    id                    UUID        PRIMARY KEY,
    customer_id           TEXT        NOT NULL REFERENCES customers (id),
    subject_index         BYTEA       NOT NULL,
    subject_key_version   INTEGER     NOT NULL,
    subject_ciphertext    BYTEA       NOT NULL,
    data_subject_category TEXT        NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    UNIQUE (id, customer_id)
);

CREATE INDEX vault_records_by_subject ON vault_records (customer_id, subject_index);

-- One row per field. customer_id is repeated (and kept equal by the foreign key) so that a
-- lookup by blind index stays inside one customer's rows.
CREATE TABLE vault_fields (
    record_id    UUID        NOT NULL,
    customer_id  TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    position     INTEGER     NOT NULL,
    category     TEXT        NOT NULL,
    purpose      TEXT        NOT NULL,
    collected_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    key_version  INTEGER     NOT NULL,
    ciphertext   BYTEA       NOT NULL,
    blind_index  BYTEA       NOT NULL,
    PRIMARY KEY (record_id, name),
    FOREIGN KEY (record_id, customer_id) REFERENCES vault_records (id, customer_id) ON DELETE CASCADE
);

CREATE INDEX vault_fields_by_value ON vault_fields (customer_id, name, blind_index);
CREATE INDEX vault_fields_by_expiry ON vault_fields (expires_at);

-- Records of processing (ISO 27701 8.2.6). Append-only: the sequence is the order of commit
-- (writers serialise on an advisory lock), and rows can never be changed or removed.
CREATE TABLE processing_records (
    sequence    BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id TEXT        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    type        TEXT        NOT NULL,
    effect      TEXT        CHECK (effect IN ('PERMIT', 'DENY')),
    event       JSONB       NOT NULL
);

CREATE INDEX processing_records_by_customer ON processing_records (customer_id, sequence);
CREATE INDEX processing_records_denials ON processing_records (customer_id, sequence) WHERE effect = 'DENY';

CREATE FUNCTION processing_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'processing_records is append-only: % is not allowed', TG_OP USING ERRCODE = 'MD001';
END
$$;

CREATE TRIGGER processing_records_no_update_delete
    BEFORE UPDATE OR DELETE ON processing_records
    FOR EACH ROW EXECUTE FUNCTION processing_records_append_only();

CREATE TRIGGER processing_records_no_truncate
    BEFORE TRUNCATE ON processing_records
    FOR EACH STATEMENT EXECUTE FUNCTION processing_records_append_only();

-- Idempotent creates: the first answer per caller and key. status 0 while still running.
CREATE TABLE idempotency_keys (
    principal    TEXT        NOT NULL,
    key          TEXT        NOT NULL,
    fingerprint  TEXT        NOT NULL,
    status       INTEGER     NOT NULL DEFAULT 0,
    content_type TEXT,
    body         BYTEA,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (principal, key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
