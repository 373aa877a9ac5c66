package dev.mandate.core.keys;

import java.util.Arrays;
import java.util.Objects;

/**
 * An encrypted field value: {@code ciphertext} is 12-byte nonce || AES-GCM ciphertext || 16-byte
 * tag, under the customer's FIELD_ENCRYPTION key {@code keyVersion}. The array is not copied (this
 * sits on the hot path): treat it as immutable. {@link #toString()} shows only its length.
 */
public record SealedValue(int keyVersion, byte[] ciphertext) {

  public SealedValue {
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (keyVersion < 1) {
      throw new IllegalArgumentException("key versions start at 1");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedValue s && keyVersion == s.keyVersion && Arrays.equals(ciphertext, s.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * keyVersion + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "SealedValue[v" + keyVersion + ", " + ciphertext.length + " bytes]";
  }
}
