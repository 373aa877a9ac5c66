package dev.mandate.core.keys;

import dev.mandate.core.customer.CustomerId;

/**
 * Signs the links Mandate hands to data subjects (one-click unsubscribe, consent pages) with a
 * per-customer secret that never leaves the key ring.
 */
public interface LinkSigner {

  /** 32 bytes: HMAC-SHA256 of {@code message} under the customer's link-signing key. */
  byte[] sign(CustomerId customer, byte[] message);
}
