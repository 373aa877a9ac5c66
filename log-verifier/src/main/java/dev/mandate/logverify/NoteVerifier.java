package dev.mandate.logverify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An Ed25519 note verifier (https://c2sp.org/signed-note, signature type 0x01), made from a
 * verifier key {@code <name>+<hex8 key id>+<base64(0x01 ‖ 32-byte public key)>} as written by Go's
 * {@code note.NewEd25519VerifierKey}. The key id must be {@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public
 * key)[:4]}, big-endian. Immutable and thread-safe; equal when name and key are equal.
 */
public final class NoteVerifier {
  static final byte ALG_ED25519 = 0x01;
  static final int KEY_SIZE = 32;
  static final int SIGNATURE_SIZE = 64;

  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-fA-F]{8}");

  private final String name;
  private final int keyId;
  private final byte[] publicKey;
  private final PublicKey key;

  private NoteVerifier(String name, byte[] publicKey) throws GeneralSecurityException {
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = keyId(name, publicKey);
    byte[] spki = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_SIZE);
    System.arraycopy(publicKey, 0, spki, X509_PREFIX.length, KEY_SIZE);
    this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  /** Reads a verifier key; anything off, including a key id that does not match, is refused. */
  public static NoteVerifier fromVkey(String vkey) throws NoteException {
    Objects.requireNonNull(vkey, "vkey");
    int plus1 = vkey.indexOf('+');
    int plus2 = plus1 < 0 ? -1 : vkey.indexOf('+', plus1 + 1);
    if (plus2 < 0) {
      throw bad("a verifier key has the form <name>+<hex8 key id>+<base64 key>");
    }
    String name = vkey.substring(0, plus1);
    String id = vkey.substring(plus1 + 1, plus2);
    byte[] key = SignedNote.decodeBase64(vkey.substring(plus2 + 1));
    if (!NoteSignature.isValidKeyName(name)) {
      throw bad("the verifier key name is empty or has a space, '+' or control character");
    }
    if (!KEY_ID.matcher(id).matches()) {
      throw bad("the verifier key id must be 8 hex digits");
    }
    if (key == null || key.length == 0) {
      throw bad("the verifier key is not non-empty canonical standard base64");
    }
    int expected = keyHash(name, key);
    if ((int) Long.parseLong(id, 16) != expected) {
      throw bad(
          "the verifier key id "
              + id
              + " does not match the key, SHA-256(name ‖ 0x0A ‖ key)[:4] is "
              + String.format("%08x", expected));
    }
    if (key[0] != ALG_ED25519) {
      throw bad(String.format("verifier key algorithm 0x%02x is not supported, only 0x01", key[0]));
    }
    if (key.length != 1 + KEY_SIZE) {
      throw bad("an Ed25519 verifier key has 32 bytes, this one " + (key.length - 1));
    }
    try {
      return new NoteVerifier(name, Arrays.copyOfRange(key, 1, key.length));
    } catch (GeneralSecurityException e) {
      throw bad("the verifier key is not an Ed25519 public key");
    }
  }

  /** The verifier for a raw 32-byte Ed25519 public key; used by {@link NoteSigner}. */
  static NoteVerifier of(String name, byte[] publicKey) {
    if (!NoteSignature.isValidKeyName(name)) {
      throw new IllegalArgumentException("invalid key name");
    }
    try {
      return new NoteVerifier(name, publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  /** The key id of an Ed25519 key: {@code SHA-256(name ‖ 0x0A ‖ 0x01 ‖ publicKey)[:4]}. */
  public static int keyId(String name, byte[] publicKey) {
    Objects.requireNonNull(name, "name");
    if (publicKey.length != KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    byte[] key = new byte[1 + KEY_SIZE];
    key[0] = ALG_ED25519;
    System.arraycopy(publicKey, 0, key, 1, KEY_SIZE);
    return keyHash(name, key);
  }

  /** The key name. */
  public String name() {
    return name;
  }

  /** The 32-bit key id. */
  public int keyId() {
    return keyId;
  }

  /** The verifier key string, with the key id in lower-case hex. */
  public String vkey() {
    byte[] key = new byte[1 + KEY_SIZE];
    key[0] = ALG_ED25519;
    System.arraycopy(publicKey, 0, key, 1, KEY_SIZE);
    return NoteSignature.label(name, keyId) + "+" + Base64.getEncoder().encodeToString(key);
  }

  /** The raw 32-byte Ed25519 public key (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Whether {@code signature} (without the key id) is this key's Ed25519 signature of the UTF-8
   * bytes of {@code text}. Wrong lengths and malformed signatures give {@code false}.
   */
  public boolean verify(String text, byte[] signature) {
    Objects.requireNonNull(signature, "signature");
    byte[] message = SignedNote.utf8(Objects.requireNonNull(text, "text"));
    if (message == null || signature.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initVerify(key);
      ed25519.update(message);
      return ed25519.verify(signature);
    } catch (SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteVerifier v
        && name.equals(v.name)
        && Arrays.equals(publicKey, v.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return vkey();
  }

  private static int keyHash(String name, byte[] algorithmAndKey) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(name.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
      sha256.update(algorithmAndKey);
      return ByteBuffer.wrap(sha256.digest()).getInt();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static NoteException bad(String detail) {
    return new NoteException(NoteException.Reason.BAD_VKEY, "bad verifier key: " + detail);
  }
}
