package dev.mandate.testkit;

import dev.mandate.core.idempotency.IdempotencyStore;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Idempotency entries in memory, for tests. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  @Override
  public Optional<Entry> reserve(String principal, String key, String fingerprint, Instant now) {
    Entry existing = entries.putIfAbsent(principal + "\u0000" + key, new Entry(fingerprint, 0, null, null, now));
    return Optional.ofNullable(existing);
  }

  @Override
  public void complete(String principal, String key, int status, String contentType, byte[] body) {
    entries.computeIfPresent(principal + "\u0000" + key,
        (k, e) -> new Entry(e.fingerprint(), status, contentType, body.clone(), e.createdAt()));
  }

  @Override
  public void release(String principal, String key) {
    entries.remove(principal + "\u0000" + key);
  }

  @Override
  public int expire(Instant before) {
    int[] n = {0};
    entries.entrySet().removeIf(e -> {
      boolean old = e.getValue().createdAt().isBefore(before);
      if (old) {
        n[0]++;
      }
      return old;
    });
    return n[0];
  }
}
