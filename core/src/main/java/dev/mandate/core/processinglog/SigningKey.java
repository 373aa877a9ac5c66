package dev.mandate.core.processinglog;

import java.time.Instant;

/**
 * A public key that signs (or signed) checkpoints, in C2SP verifier-key format. Retired keys are
 * kept and published so that every checkpoint they signed can still be checked.
 */
public record SigningKey(String vkey, Instant createdAt, Instant retiredAt) {
  public boolean current() {
    return retiredAt == null;
  }
}
