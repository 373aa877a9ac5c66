package dev.mandate.web;

import dev.mandate.core.access.Principal;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.idempotency.IdempotencyStore;
import dev.mandate.core.idempotency.IdempotencyStore.Entry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code Idempotency-Key} on create calls (Stripe style). The key is reserved per caller with a
 * fingerprint of method, path and body; the first answer is remembered if it is final (2xx or
 * 4xx) and replayed for the same key and fingerprint with {@code Idempotent-Replayed: true}.
 * A 5xx or a crash releases the key so that the call can be retried.
 */
final class Idempotency {
  static final String HEADER = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  static final int MAX_KEY_LENGTH = 200;
  private static final Logger LOG = Logger.getLogger("dev.mandate.web");

  private final IdempotencyStore store;
  private final Clock clock;

  Idempotency(IdempotencyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  Reply run(Principal principal, String key, String method, String path, byte[] body, Supplier<Reply> call) {
    check(key);
    String owner = principal.keyId().value();
    String fingerprint = fingerprint(method, path, body);
    Optional<Entry> existing = store.reserve(owner, key, fingerprint, clock.instant());
    if (existing.isPresent()) {
      Entry e = existing.get();
      if (!e.fingerprint().equals(fingerprint)) {
        throw new HttpProblem(422, ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "This Idempotency-Key was used for a different request; use a new key for a new request.");
      }
      if (e.status() == 0) {
        throw new HttpProblem(409, ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
            "The first request with this Idempotency-Key is still running; retry shortly.", List.of(),
            List.<String[]>of(new String[] {"Retry-After", "1"}));
      }
      return new Reply(e.status(), e.contentType(), e.body() == null ? Reply.EMPTY : e.body(), List.of())
          .withHeader(REPLAYED, "true");
    }
    Reply reply;
    try {
      reply = call.get();
    } catch (RuntimeException | Error t) {
      release(owner, key);
      throw t;
    }
    int s = reply.status();
    if ((s >= 200 && s < 300) || (s >= 400 && s < 500)) {
      try {
        store.complete(owner, key, s, reply.contentType(), reply.body());
      } catch (RuntimeException e) {
        // the answer stands; a retry with this key will see it as still running until it expires
        LOG.log(Level.WARNING, () -> "Could not remember an idempotent answer: " + Problems.describe(e));
      }
    } else {
      release(owner, key);
    }
    return reply;
  }

  private void release(String owner, String key) {
    try {
      store.release(owner, key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "Could not release an idempotency key: " + Problems.describe(e));
    }
  }

  static void check(String key) {
    boolean ok = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
    for (int i = 0; ok && i < key.length(); i++) {
      char c = key.charAt(i);
      ok = c >= 0x20 && c <= 0x7e;
    }
    if (!ok) {
      String m = "Idempotency-Key is 1 to " + MAX_KEY_LENGTH + " printable ASCII characters.";
      throw new HttpProblem(400, ErrorCode.INVALID_REQUEST, m, List.of(new FieldError(HEADER, "INVALID_FORMAT", m)));
    }
  }

  static String fingerprint(String method, String path, byte[] body) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(method.getBytes(StandardCharsets.US_ASCII));
      d.update((byte) 0);
      d.update(path.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(body);
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
