-- The outbox of notices to customers (ISO/IEC 27701 8.2.4, 8.2.5; ADR 0010): a notice is a row
-- here before anyone tries to deliver it, so that none is lost when a webhook or mail server is
-- down or Mandate restarts. One row per notice and endpoint. Texts are written for the
-- customer's privacy staff and name records by id: no data subject's PII is stored here; address
-- is the customer's own business endpoint (an https URL or a role mailbox).
--
-- state: PENDING (due at next_attempt_at; a sender claims a row by moving next_attempt_at to the
-- end of its lease, under SELECT ... FOR UPDATE SKIP LOCKED), DELIVERED or GAVE_UP (final; then
-- next_attempt_at is when it was finished). json_payload is TEXT, not JSONB, so that the body sent
-- and signed is byte for byte the one the caller built. last_error is short and never PII
-- ("HTTP 503", "SMTP 550", "timeout").
CREATE TABLE notice_outbox (
    id              TEXT        PRIMARY KEY,
    customer_id     TEXT        NOT NULL REFERENCES customers (id),
    topic           TEXT        NOT NULL,
    reference       TEXT        NOT NULL,
    channel         TEXT        NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL')),
    address         TEXT        NOT NULL,
    subject_line    TEXT        NOT NULL,
    text_body       TEXT        NOT NULL,
    json_payload    TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'GAVE_UP')),
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    CHECK ((state = 'DELIVERED') = (delivered_at IS NOT NULL))
);

-- The senders' claim: pending rows by due time.
CREATE INDEX notice_outbox_due ON notice_outbox (state, next_attempt_at);
-- What was sent about one record (an instruction, a breach), and a customer's latest notices.
CREATE INDEX notice_outbox_by_reference ON notice_outbox (customer_id, reference);
CREATE INDEX notice_outbox_recent ON notice_outbox (customer_id, created_at DESC, id DESC);
