package dev.mandate.core.keys;

/**
 * The key-encryption key, kept outside the database (a key file, an environment variable, a KMS).
 * Versioned so it can be rotated: {@link #wrap} always uses {@link #currentVersion()}, older
 * versions stay available to {@link #unwrap} until every data key has been re-wrapped.
 */
public interface MasterKeys {

  int currentVersion();

  /** Encrypts a data key under the current version; {@code aad} is bound to the result. */
  byte[] wrap(byte[] dataKey, byte[] aad);

  /**
   * Decrypts a data key wrapped under {@code version} with the same {@code aad}.
   *
   * @throws KeyUnavailableException if that version is not present or the wrapping does not verify
   */
  byte[] unwrap(int version, byte[] wrapped, byte[] aad);
}
