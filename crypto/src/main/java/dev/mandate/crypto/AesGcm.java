package dev.mandate.crypto;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM with 96-bit random nonces and 128-bit tags; output is nonce || ciphertext || tag.
 * Each pooled instance owns a {@code Cipher} and a DRBG and draws nonces from a small buffer,
 * so the hot path allocates only the output and the parameter spec.
 */
final class AesGcm {
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  private static final int NONCES_PER_DRAW = 64;
  private static final InstancePool<AesGcm> POOL = new InstancePool<>(AesGcm::new);

  private final Cipher cipher;
  private final SecureRandom random;
  private final byte[] nonces = new byte[NONCE_BYTES * NONCES_PER_DRAW];
  private int drawn = NONCES_PER_DRAW;

  private AesGcm() {
    try {
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
      random = SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException("the JDK lacks AES/GCM/NoPadding or DRBG", e);
    }
  }

  static byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
    AesGcm gcm = POOL.take();
    try {
      return gcm.encrypt(key, plaintext, aad);
    } finally {
      POOL.give(gcm);
    }
  }

  /** @throws AEADBadTagException if the input is too short or does not authenticate */
  static byte[] open(SecretKey key, byte[] sealed, byte[] aad) throws AEADBadTagException {
    if (sealed.length < NONCE_BYTES + TAG_BYTES) {
      throw new AEADBadTagException("sealed value is shorter than nonce and tag");
    }
    AesGcm gcm = POOL.take();
    try {
      return gcm.decrypt(key, sealed, aad);
    } finally {
      POOL.give(gcm);
    }
  }

  private byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) {
    byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
    nextNonce(out);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, out, 0, NONCE_BYTES));
      cipher.updateAAD(aad);
      cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  private byte[] decrypt(SecretKey key, byte[] sealed, byte[] aad) throws AEADBadTagException {
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private void nextNonce(byte[] out) {
    if (drawn == NONCES_PER_DRAW) {
      random.nextBytes(nonces);
      drawn = 0;
    }
    System.arraycopy(nonces, drawn * NONCE_BYTES, out, 0, NONCE_BYTES);
    drawn++;
  }
}
