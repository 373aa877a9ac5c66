package dev.mandate.core.keys;

import dev.mandate.core.customer.CustomerId;

/** Authenticated encryption of single PII values under the customer's field key. */
public interface FieldCipher {

  /**
   * Encrypts under the current FIELD_ENCRYPTION version (version 1 is created on first use).
   * {@code aad} binds the value to where it belongs, e.g. customer|record|field.
   */
  SealedValue seal(CustomerId customer, byte[] plaintext, byte[] aad);

  /**
   * Decrypts a value sealed with the same {@code aad}.
   *
   * @throws TamperedValueException if authentication fails
   * @throws KeyUnavailableException if the key version cannot be found or unwrapped
   */
  byte[] open(CustomerId customer, SealedValue sealed, byte[] aad);
}
