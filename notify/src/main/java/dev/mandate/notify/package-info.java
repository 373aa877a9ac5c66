/**
 * The channels that carry notices from the outbox to customers (ADR 0010): webhooks signed the
 * way Stripe signs them, so receivers can check they come from Mandate and are fresh, and plain
 * SMTP e-mail through Eclipse Angus Mail. Channels make one attempt each; retries, backoff and
 * the processing records are {@link dev.mandate.core.notice.NoticeDispatcher}'s.
 */
package dev.mandate.notify;
