-- The processing log as one verifiable Merkle log per customer (ISO/IEC 27701 8.2.6, PR-826-02;
-- docs/design/processing-log.md). V3 carries the rows of processing_records over and drops it.

-- Where each customer's log ends: the number of entries and the leaf hash of the last one.
-- Appends advance it with a compare-and-set, so concurrent processes can neither fork the log nor
-- give two entries the same index.
CREATE TABLE log_heads (
    customer_id    TEXT   PRIMARY KEY,
    size           BIGINT NOT NULL CHECK (size >= 0),
    last_leaf_hash BYTEA  CHECK (last_leaf_hash IS NULL OR length(last_leaf_hash) = 32),
    CHECK ((size = 0) = (last_leaf_hash IS NULL))
);

-- The entries, byte for byte as hashed: entry is canonical JSON (see LogEntry), leaf_hash its
-- RFC 6962 leaf hash. type, effect and recorded_at are copies for queries.
CREATE TABLE log_entries (
    customer_id TEXT        NOT NULL,
    idx         BIGINT      NOT NULL CHECK (idx >= 0),
    recorded_at TIMESTAMPTZ NOT NULL,
    type        TEXT        NOT NULL,
    effect      TEXT        CHECK (effect IN ('PERMIT', 'DENY')),
    leaf_hash   BYTEA       NOT NULL CHECK (length(leaf_hash) = 32),
    entry       BYTEA       NOT NULL,
    PRIMARY KEY (customer_id, idx)
);

-- No index on recorded_at: entries are appended in time order (give or take the clock skew
-- between processes), so a time is found by binary search over idx, and every index less is
-- cheaper group commit.
CREATE INDEX log_entries_denials ON log_entries (customer_id, idx) WHERE effect = 'DENY';

-- Full tiles of the tree (as in C2SP tlog-tiles, height 8): tile (level, idx) holds the 256
-- hashes of the nodes at height 8 * level with indexes [256 * idx, 256 * idx + 256).
CREATE TABLE log_tiles (
    customer_id TEXT   NOT NULL,
    level       INTEGER NOT NULL CHECK (level >= 0),
    idx         BIGINT NOT NULL CHECK (idx >= 0),
    hashes      BYTEA  NOT NULL CHECK (length(hashes) = 256 * 32),
    PRIMARY KEY (customer_id, level, idx)
);

-- Ed25519 keys that sign checkpoints. The seed is wrapped by the master key; the public key is
-- published as a C2SP vkey. Retired keys stay so that old checkpoints can still be checked.
CREATE TABLE log_signing_keys (
    key_name       TEXT        NOT NULL,
    key_id         BIGINT      NOT NULL,
    vkey           TEXT        PRIMARY KEY,
    master_version INTEGER     NOT NULL,
    wrapped_seed   BYTEA       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    retired_at     TIMESTAMPTZ
);

CREATE UNIQUE INDEX log_signing_keys_one_current ON log_signing_keys ((true)) WHERE retired_at IS NULL;

-- Signed checkpoints: C2SP tlog-checkpoint in a C2SP signed note.
CREATE TABLE log_checkpoints (
    customer_id TEXT        NOT NULL,
    size        BIGINT      NOT NULL CHECK (size >= 0),
    root_hash   BYTEA       NOT NULL CHECK (length(root_hash) = 32),
    signed_at   TIMESTAMPTZ NOT NULL,
    vkey        TEXT        NOT NULL REFERENCES log_signing_keys (vkey),
    note        TEXT        NOT NULL,
    PRIMARY KEY (customer_id, size)
);

CREATE FUNCTION log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'MD001';
END
$$;

CREATE TRIGGER log_entries_no_update_delete BEFORE UPDATE OR DELETE ON log_entries
    FOR EACH ROW EXECUTE FUNCTION log_append_only();
CREATE TRIGGER log_entries_no_truncate BEFORE TRUNCATE ON log_entries
    FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();
CREATE TRIGGER log_tiles_no_update_delete BEFORE UPDATE OR DELETE ON log_tiles
    FOR EACH ROW EXECUTE FUNCTION log_append_only();
CREATE TRIGGER log_tiles_no_truncate BEFORE TRUNCATE ON log_tiles
    FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();
CREATE TRIGGER log_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON log_checkpoints
    FOR EACH ROW EXECUTE FUNCTION log_append_only();
CREATE TRIGGER log_checkpoints_no_truncate BEFORE TRUNCATE ON log_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();

-- Appends one batch atomically in one statement (one network round trip, one commit in
-- autocommit): inserts the entries, then advances every named head from its expected size and
-- last leaf hash. If a head is elsewhere (SQLSTATE MD010: another process, or a failed batch of
-- this one, moved it) or the indexes are taken (23505), the whole statement rolls back and the
-- caller reloads the heads and retries. Comparing the hash as well as the size matters: a writer
-- that chains a batch onto one still in flight must not land on a head of the same size that
-- someone else wrote. Arrays: one element per customer for the heads, one per entry for the
-- entries.
CREATE FUNCTION log_append(
    head_customers TEXT[], expected_sizes BIGINT[], expected_last_hashes BYTEA[], new_sizes BIGINT[],
    new_last_hashes BYTEA[],
    entry_customers TEXT[], entry_indexes BIGINT[], entry_times TIMESTAMPTZ[], entry_types TEXT[],
    entry_effects TEXT[], entry_leaf_hashes BYTEA[], entry_bytes BYTEA[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    advanced INTEGER;
BEGIN
    -- The entries first: two batches in flight insert disjoint indexes side by side, and only
    -- the short head update at the end waits for the batch before it to commit.
    INSERT INTO log_entries (customer_id, idx, recorded_at, type, effect, leaf_hash, entry)
    SELECT * FROM unnest(entry_customers, entry_indexes, entry_times, entry_types, entry_effects,
                         entry_leaf_hashes, entry_bytes);

    INSERT INTO log_heads (customer_id, size, last_leaf_hash)
    SELECT c, 0, NULL FROM unnest(head_customers) AS c
    ON CONFLICT (customer_id) DO NOTHING;

    WITH wanted AS (
        SELECT * FROM unnest(head_customers, expected_sizes, expected_last_hashes, new_sizes, new_last_hashes)
            AS w(customer_id, expected_size, expected_last_hash, new_size, new_last_hash)
        ORDER BY customer_id
    )
    UPDATE log_heads h SET size = w.new_size, last_leaf_hash = w.new_last_hash
      FROM wanted w
     WHERE h.customer_id = w.customer_id AND h.size = w.expected_size
       AND h.last_leaf_hash IS NOT DISTINCT FROM w.expected_last_hash;
    GET DIAGNOSTICS advanced = ROW_COUNT;
    IF advanced <> cardinality(head_customers) THEN
        RAISE EXCEPTION 'a log head moved; reload and retry' USING ERRCODE = 'MD010';
    END IF;
END
$$;
