/**
 * Notices to customers (ISO/IEC 27701 8.2.4 infringing instructions, 8.2.5 breaches, data-subject
 * requests): what Mandate must tell a controller, kept in a durable outbox so that no notice is
 * lost when a webhook or mail server is down, and delivered later with retries. Every step
 * (queued, delivered, failed, given up) is a processing record, so a privacy officer can show
 * when the customer was told.
 */
package dev.mandate.core.notice;
