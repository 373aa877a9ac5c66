-- Which generation of each customer's webhook signing secret is current (ADR 0010). The secrets
-- are derived in the key ring from the customer's key and the generation, never stored; a row
-- exists only once a customer's DPO has rotated the secret (no row: generation 1). During a
-- rotation the previous generation keeps signing until previous_until.
CREATE TABLE webhook_secrets (
    customer_id    TEXT        PRIMARY KEY REFERENCES customers (id),
    generation     INTEGER     NOT NULL CHECK (generation >= 2),
    rotated_at     TIMESTAMPTZ NOT NULL,
    previous_until TIMESTAMPTZ NOT NULL
);
