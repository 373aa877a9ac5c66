package dev.mandate.core.keys;

import dev.mandate.core.customer.CustomerId;

/**
 * A keyed hash for equality lookups without a plaintext column. It reveals which stored values
 * are equal (within one customer and field) to whoever can read the index column; nothing else.
 */
public interface BlindIndex {

  /** 32 bytes: HMAC-SHA256 over a length-prefixed encoding of field and value. */
  byte[] index(CustomerId customer, String field, String normalizedValue);

  /**
   * The blind index of a data subject's identifier: the vault's {@code subject_index}, which the
   * consent ledger stores too so that an audience joins the two without decrypting anything.
   */
  default byte[] subjectIndex(CustomerId customer, String subjectId) {
    return index(customer, "subject", ValueNormaliser.normalise("subject", subjectId));
  }
}
