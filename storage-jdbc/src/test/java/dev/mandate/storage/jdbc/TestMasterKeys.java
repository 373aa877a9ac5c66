package dev.mandate.storage.jdbc;

import dev.mandate.core.keys.KeyUnavailableException;
import dev.mandate.core.keys.MasterKeys;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** One random AES-256-GCM master key, version 1, for storage tests (the real ones live in crypto/). */
final class TestMasterKeys implements MasterKeys {
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  TestMasterKeys() {
    byte[] k = new byte[32];
    random.nextBytes(k);
    key = new SecretKeySpec(k, "AES");
  }

  @Override
  public int currentVersion() {
    return 1;
  }

  @Override
  public byte[] wrap(byte[] dataKey, byte[] aad) {
    try {
      byte[] nonce = new byte[12];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      byte[] sealed = c.doFinal(dataKey);
      return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] unwrap(int version, byte[] wrapped, byte[] aad) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, wrapped, 0, 12));
      c.updateAAD(aad);
      return c.doFinal(wrapped, 12, wrapped.length - 12);
    } catch (GeneralSecurityException e) {
      throw new KeyUnavailableException("test master key cannot unwrap this");
    }
  }
}
