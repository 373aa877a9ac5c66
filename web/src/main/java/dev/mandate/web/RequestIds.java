package dev.mandate.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: the caller's {@code X-Request-Id} if it is 1 to 64 characters of
 * {@code [A-Za-z0-9-_]}, otherwise a random UUID. The id is not a secret, so a fast
 * non-cryptographic random source is enough.
 */
final class RequestIds {
  static final int MAX_LENGTH = 64;

  private RequestIds() {}

  static String of(String presented) {
    return isValid(presented) ? presented : generate();
  }

  static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L; // version 4
    long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb).toString();
  }
}
