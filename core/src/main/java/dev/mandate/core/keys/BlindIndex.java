package dev.mandate.core.keys;

import dev.mandate.core.customer.CustomerId;

/**
 * A keyed hash for equality lookups without a plaintext column. It reveals which stored values
 * are equal (within one customer and field) to whoever can read the index column; nothing else.
 */
public interface BlindIndex {

  /** 32 bytes: HMAC-SHA256 over a length-prefixed encoding of field and value. */
  byte[] index(CustomerId customer, String field, String normalizedValue);
}
