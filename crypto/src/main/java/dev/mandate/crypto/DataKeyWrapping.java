package dev.mandate.crypto;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.KeyPurpose;
import dev.mandate.core.keys.KeyUnavailableException;
import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.keys.WrappedKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps and unwraps data keys under the master key. The associated data binds customer, purpose
 * and version, so a wrapped key copied to another customer or slot does not unwrap. A wrapping is
 * read back before it is returned, so nothing unreadable is ever stored.
 */
final class DataKeyWrapping {
  private static final byte[] LABEL = "mandate/data-key/v1".getBytes(StandardCharsets.US_ASCII);

  private final MasterKeys master;

  DataKeyWrapping(MasterKeys master) {
    this.master = master;
  }

  WrappedKey wrap(CustomerId customer, KeyPurpose purpose, int version, byte[] dataKey, Instant createdAt) {
    byte[] aad = aad(customer, purpose, version);
    for (int attempt = 0; attempt < 3; attempt++) {
      int masterVersion = master.currentVersion();
      byte[] wrapped = master.wrap(dataKey, aad);
      if (master.currentVersion() != masterVersion) {
        continue; // the master key rotated under us: we cannot tell which version wrapped it
      }
      byte[] check = master.unwrap(masterVersion, wrapped, aad);
      boolean same = MessageDigest.isEqual(check, dataKey);
      Arrays.fill(check, (byte) 0);
      if (same) {
        return new WrappedKey(customer, purpose, version, masterVersion, wrapped, createdAt);
      }
    }
    throw new KeyUnavailableException("could not wrap " + purpose + " key v" + version
        + " for customer " + customer.value() + ": the master key kept changing or does not round-trip");
  }

  SecretKey unwrap(WrappedKey key) {
    byte[] raw = unwrapRaw(key);
    try {
      return new SecretKeySpec(raw, algorithm(key.purpose()));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The same data key wrapped under the master key's current version. */
  WrappedKey rewrap(WrappedKey key) {
    byte[] raw = unwrapRaw(key);
    try {
      return wrap(key.customer(), key.purpose(), key.version(), raw, key.createdAt());
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private byte[] unwrapRaw(WrappedKey key) {
    byte[] raw = master.unwrap(key.masterKeyVersion(), key.wrapped(),
        aad(key.customer(), key.purpose(), key.version()));
    if (raw.length != EnvelopeKeyRing.DATA_KEY_BYTES) {
      throw new KeyUnavailableException(key.purpose() + " key v" + key.version() + " for customer "
          + key.customer().value() + " has the wrong length");
    }
    return raw;
  }

  static String algorithm(KeyPurpose purpose) {
    return purpose == KeyPurpose.FIELD_ENCRYPTION ? "AES" : HmacSha256.ALGORITHM;
  }

  static byte[] aad(CustomerId customer, KeyPurpose purpose, int version) {
    byte[] c = customer.value().getBytes(StandardCharsets.UTF_8);
    byte[] p = purpose.name().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(LABEL.length + 4 + c.length + 4 + p.length + 4)
        .put(LABEL).putInt(c.length).put(c).putInt(p.length).put(p).putInt(version).array();
  }
}
