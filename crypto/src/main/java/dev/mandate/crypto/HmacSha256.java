package dev.mandate.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/** HMAC-SHA256 on pooled {@code Mac} instances. */
final class HmacSha256 {
  static final String ALGORITHM = "HmacSHA256";
  private static final InstancePool<Mac> POOL = new InstancePool<>(HmacSha256::newMac);

  private HmacSha256() {}

  static byte[] mac(SecretKey key, byte[] message) {
    Mac mac = POOL.take();
    try {
      mac.init(key);
      return mac.doFinal(message);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC key rejected", e);
    } finally {
      POOL.give(mac);
    }
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }
}
