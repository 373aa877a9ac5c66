package dev.mandate.crypto;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.testkit.MutableClock;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Shared test setup: master keys from random bytes, a clock, customers, UTF-8. */
final class Fixtures {
  static final CustomerId ACME = new CustomerId("acme-payroll");
  static final CustomerId GLOBEX = new CustomerId("globex-hr");

  private Fixtures() {}

  static String randomKeyBase64() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  static EnvironmentMasterKeys masterKeys() {
    return EnvironmentMasterKeys.parse("1:" + randomKeyBase64());
  }

  static MutableClock clock() {
    return MutableClock.at("2026-03-01T09:00:00Z");
  }

  static EnvelopeKeyRing ring() {
    return new EnvelopeKeyRing(new InMemoryWrappedKeyStore(), masterKeys(), clock());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
