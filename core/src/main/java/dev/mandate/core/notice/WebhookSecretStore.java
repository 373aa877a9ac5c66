package dev.mandate.core.notice;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;

/**
 * Port: which generation of each customer's webhook secret is current, and until when the
 * previous one still signs too. The secrets themselves are derived, never stored.
 */
public interface WebhookSecretStore {

  /** The customer's current generation; generation 1 with no previous one if never rotated. */
  Generation current(CustomerId customer);

  /**
   * Moves to the next generation atomically; the one it replaces keeps signing until {@code
   * previousUntil}. Returns the new state.
   */
  Generation rotate(CustomerId customer, Instant at, Instant previousUntil);

  /** A generation and, during a rotation, until when the previous generation also signs. */
  record Generation(int generation, Instant rotatedAt, Instant previousUntil) {
    public static final Generation FIRST = new Generation(1, null, null);
  }
}
