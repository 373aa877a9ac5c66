package dev.mandate.crypto;

import dev.mandate.core.keys.KeyUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * An immutable set of versioned 256-bit master keys. Wrapping is AES-256-GCM with a random nonce;
 * the master version is bound into the associated data, so a wrapping read under the wrong
 * version fails instead of yielding garbage.
 */
final class MasterKeySet {
  static final int KEY_BYTES = 32;
  private static final byte[] LABEL = "mandate/master-key/v1".getBytes(StandardCharsets.US_ASCII);

  private final SortedMap<Integer, SecretKey> keys = new TreeMap<>();
  private final int current;

  MasterKeySet(Map<Integer, byte[]> raw, int current) {
    raw.forEach((version, key) -> {
      if (version < 1 || key.length != KEY_BYTES) {
        throw new IllegalArgumentException("master key version " + version + " must be >= 1 and 32 bytes");
      }
      keys.put(version, new SecretKeySpec(key, "AES"));
    });
    if (!keys.containsKey(current)) {
      throw new IllegalArgumentException("current master key version " + current + " is not present");
    }
    this.current = current;
  }

  int current() {
    return current;
  }

  boolean has(int version) {
    return keys.containsKey(version);
  }

  byte[] wrap(byte[] dataKey, byte[] aad) {
    return AesGcm.seal(keys.get(current), dataKey, bind(current, aad));
  }

  byte[] unwrap(int version, byte[] wrapped, byte[] aad) {
    SecretKey key = keys.get(version);
    if (key == null) {
      throw new KeyUnavailableException("master key version " + version + " is not present");
    }
    try {
      return AesGcm.open(key, wrapped, bind(version, aad));
    } catch (AEADBadTagException e) {
      throw new KeyUnavailableException("a data key wrapped under master key version " + version
          + " does not verify (wrong master key, or the wrapping was moved)");
    }
  }

  private static byte[] bind(int version, byte[] aad) {
    return ByteBuffer.allocate(LABEL.length + 4 + aad.length).put(LABEL).putInt(version).put(aad).array();
  }

  @Override
  public String toString() {
    return "MasterKeySet[versions=" + keys.keySet() + ", current=" + current + "]";
  }
}
