package dev.mandate.logverify;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An Ed25519 note signer (https://c2sp.org/signed-note, signature type 0x01), for instance for tlog
 * checkpoints (https://c2sp.org/tlog-checkpoint). It holds the 32-byte RFC 8032 private seed, which
 * the caller stores encrypted and hands back to {@link #fromSeed}. Signing is deterministic: the
 * same seed and text always give the same note, as with Go's {@code note.Sign}. Immutable and
 * thread-safe; {@link #toString()} shows the verifier key, never the seed.
 */
public final class NoteSigner {
  private final byte[] seed;
  private final PrivateKey privateKey;
  private final NoteVerifier verifier;

  private NoteSigner(byte[] seed, PrivateKey privateKey, NoteVerifier verifier) {
    this.seed = seed;
    this.privateKey = privateKey;
    this.verifier = verifier;
  }

  /** A new key with a seed from {@link SecureRandom}. */
  public static NoteSigner generate(String name) {
    byte[] seed = new byte[NoteVerifier.KEY_SIZE];
    new SecureRandom().nextBytes(seed);
    return fromSeed(name, seed);
  }

  /** The key for a stored 32-byte seed. */
  public static NoteSigner fromSeed(String name, byte[] seed32) {
    Objects.requireNonNull(name, "name");
    if (seed32.length != NoteVerifier.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
    }
    byte[] seed = seed32.clone();
    KeyPair pair;
    try {
      // The JDK derives an Ed25519 public key only while generating a pair, from 32 random bytes:
      // hand it the seed as those bytes, then check that it really used them.
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available", e);
    }
    byte[] used = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    byte[] spki = pair.getPublic().getEncoded();
    if (!Arrays.equals(used, seed) || spki.length != 12 + NoteVerifier.KEY_SIZE) {
      throw new IllegalStateException("the JDK did not derive the Ed25519 key from the seed");
    }
    byte[] publicKey = Arrays.copyOfRange(spki, 12, spki.length);
    return new NoteSigner(seed, pair.getPrivate(), NoteVerifier.of(name, publicKey));
  }

  /** The 32-byte private seed (a copy). Keep it secret. */
  public byte[] seed() {
    return seed.clone();
  }

  /** The key name. */
  public String name() {
    return verifier.name();
  }

  /** The 32-bit key id. */
  public int keyId() {
    return verifier.keyId();
  }

  /** The verifier key string to publish. */
  public String vkey() {
    return verifier.vkey();
  }

  /** The matching verifier. */
  public NoteVerifier verifier() {
    return verifier;
  }

  /** The 64-byte Ed25519 signature of the UTF-8 bytes of {@code text}, without key id. */
  public byte[] signature(String text) {
    byte[] message = SignedNote.utf8(Objects.requireNonNull(text, "text"));
    if (message == null) {
      throw new IllegalArgumentException("text has an unpaired surrogate, it has no UTF-8 form");
    }
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initSign(privateKey);
      ed25519.update(message);
      return ed25519.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * The signed note for {@code text}: the text, a blank line and this key's signature line. The
   * text must be valid note text (ending in a newline, no other control characters).
   */
  public String sign(String text) {
    NoteSignature signature = new NoteSignature(name(), keyId(), signature(text));
    return new SignedNote(text, List.of(signature)).format();
  }

  @Override
  public String toString() {
    return "NoteSigner[" + vkey() + "]";
  }

  /** A "random" source that returns the seed, so that the JDK makes the key pair for it. */
  private static final class FixedBytes extends SecureRandom {
    private static final long serialVersionUID = 1L;

    FixedBytes(byte[] bytes) {
      super(new FixedSpi(bytes), null);
    }
  }

  private static final class FixedSpi extends SecureRandomSpi {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedSpi(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    protected void engineNextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("unexpected request for " + out.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }

    @Override
    protected void engineSetSeed(byte[] seed) {
      throw new UnsupportedOperationException();
    }

    @Override
    protected byte[] engineGenerateSeed(int numBytes) {
      throw new UnsupportedOperationException();
    }
  }
}
