package dev.mandate.crypto;

import dev.mandate.core.keys.KeyUnavailableException;
import dev.mandate.core.keys.MasterKeys;
import java.util.Base64;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Master keys from an environment variable (default {@value #DEFAULT_VARIABLE}) holding
 * {@code 1:<base64 32 bytes>,2:<base64 32 bytes>}; the highest version is current. Suits
 * containers whose secret store injects the variable. To rotate: add a version, restart, run
 * {@code mandate keys rotate}, then drop the old version.
 *
 * <p>This class and {@link MasterKeys} are the KMS hook: a KMS adapter ({@code AwsKmsMasterKeys},
 * {@code VaultTransitMasterKeys}, ...) implements {@link MasterKeys} with {@code currentVersion} =
 * the KMS key version in use, {@code wrap} = the KMS encrypt call with {@code aad} as encryption
 * context, {@code unwrap} = the KMS decrypt call for that version. The master key never enters
 * this process, and {@link EnvelopeKeyRing} caches unwrapped data keys, so the KMS is called
 * once per customer key per process, not per value.
 */
public final class EnvironmentMasterKeys implements MasterKeys {
  public static final String DEFAULT_VARIABLE = "MANDATE_MASTER_KEYS";

  private final MasterKeySet keys;

  private EnvironmentMasterKeys(MasterKeySet keys) {
    this.keys = keys;
  }

  /** Reads the named environment variable. */
  public static EnvironmentMasterKeys fromEnvironment(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new KeyUnavailableException("environment variable " + variable + " is not set");
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new KeyUnavailableException("environment variable " + variable + ": " + e.getMessage());
    }
  }

  /**
   * Parses {@code version:base64key} pairs separated by commas.
   *
   * @throws IllegalArgumentException naming the offending position, never the key
   */
  public static EnvironmentMasterKeys parse(String value) {
    SortedMap<Integer, byte[]> raw = new TreeMap<>();
    String[] entries = value.strip().split("\\s*,\\s*");
    for (int i = 0; i < entries.length; i++) {
      int colon = entries[i].indexOf(':');
      try {
        int version = Integer.parseInt(entries[i].substring(0, Math.max(colon, 0)).strip());
        byte[] key = Base64.getDecoder().decode(entries[i].substring(colon + 1).strip());
        if (key.length != MasterKeySet.KEY_BYTES || raw.put(version, key) != null) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("master key entry " + (i + 1)
            + " must be 'version:base64 of 32 bytes' with a version used once");
      }
    }
    return new EnvironmentMasterKeys(new MasterKeySet(raw, Collections.max(raw.keySet())));
  }

  @Override
  public int currentVersion() {
    return keys.current();
  }

  @Override
  public byte[] wrap(byte[] dataKey, byte[] aad) {
    return keys.wrap(dataKey, aad);
  }

  @Override
  public byte[] unwrap(int version, byte[] wrapped, byte[] aad) {
    return keys.unwrap(version, wrapped, aad);
  }

  @Override
  public String toString() {
    return "EnvironmentMasterKeys[" + keys + "]";
  }
}
