package dev.mandate.core.keys;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A data key as stored: encrypted ("wrapped") under master key {@code masterKeyVersion}. The
 * wrapped bytes are copied in and out; {@link #toString()} shows only their length.
 */
public record WrappedKey(
    CustomerId customer,
    KeyPurpose purpose,
    int version,
    int masterKeyVersion,
    byte[] wrapped,
    Instant createdAt) {

  public WrappedKey {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(createdAt, "createdAt");
    if (version < 1 || masterKeyVersion < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
    wrapped = wrapped.clone();
  }

  @Override
  public byte[] wrapped() {
    return wrapped.clone();
  }

  /** The same data key, wrapped anew under another master key version. */
  public WrappedKey rewrapped(int newMasterKeyVersion, byte[] newWrapped) {
    return new WrappedKey(customer, purpose, version, newMasterKeyVersion, newWrapped, createdAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WrappedKey k
        && customer.equals(k.customer)
        && purpose == k.purpose
        && version == k.version
        && masterKeyVersion == k.masterKeyVersion
        && Arrays.equals(wrapped, k.wrapped)
        && createdAt.equals(k.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customer, purpose, version, masterKeyVersion, Arrays.hashCode(wrapped), createdAt);
  }

  @Override
  public String toString() {
    return "WrappedKey[" + customer.value() + ", " + purpose + " v" + version + ", master v"
        + masterKeyVersion + ", " + wrapped.length + " bytes, " + createdAt + "]";
  }
}
