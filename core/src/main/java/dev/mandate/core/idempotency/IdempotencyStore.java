package dev.mandate.core.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * Port: remembered answers to create calls, per caller and key. A key is first reserved, then
 * completed with the answer; the request fingerprint is a hash of method, path and body.
 */
public interface IdempotencyStore {
  /** A remembered answer; {@code status} 0 while the first request is still running. */
  record Entry(String fingerprint, int status, String contentType, byte[] body, Instant createdAt) {}

  /** Reserves the key; returns empty if reserved now, or the existing entry. */
  Optional<Entry> reserve(String principal, String key, String fingerprint, Instant now);

  void complete(String principal, String key, int status, String contentType, byte[] body);

  /** Forgets a reservation whose request failed without an answer worth replaying. */
  void release(String principal, String key);

  /** Deletes entries older than {@code before}. */
  int expire(Instant before);
}
