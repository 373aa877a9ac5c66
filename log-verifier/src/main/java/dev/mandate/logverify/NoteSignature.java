package dev.mandate.logverify;

import java.util.Arrays;
import java.util.Objects;

/**
 * One signature line of a signed note (https://c2sp.org/signed-note): {@code — <name> base64(keyId
 * ‖ signature)}. {@code keyId} is the 32-bit big-endian key id and {@code signature} the bytes
 * after it (64 bytes for Ed25519; other algorithms, such as Rekor's ECDSA, differ).
 *
 * <p>The signature array is copied in and out. {@link #toString()} shows its length, not its bytes.
 */
public record NoteSignature(String name, int keyId, byte[] signature) {

  public NoteSignature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(signature, "signature");
    if (!isValidKeyName(name)) {
      throw new IllegalArgumentException(
          "key name must be non-empty, without Unicode spaces, '+' or control characters");
    }
    if (signature.length == 0) {
      throw new IllegalArgumentException("signature must not be empty");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The key as {@code <name>+<hex8 key id>}, the way Go's note package names it in errors. */
  public String keyLabel() {
    return label(name, keyId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteSignature s
        && name.equals(s.name)
        && keyId == s.keyId
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, keyId, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "NoteSignature[" + keyLabel() + ", " + signature.length + " signature bytes]";
  }

  static String label(String name, int keyId) {
    return name + "+" + String.format("%08x", keyId);
  }

  /**
   * The spec's key name rule: non-empty, no Unicode spaces (Go's {@code unicode.IsSpace}), no
   * {@code '+'}. Control characters and unpaired surrogates are refused as well, since no valid
   * note can contain them.
   */
  static boolean isValidKeyName(String name) {
    return !name.isEmpty()
        && SignedNote.problem(name) == null
        && name.codePoints().noneMatch(cp -> cp == '+' || cp < 0x20 || isUnicodeSpace(cp));
  }

  private static boolean isUnicodeSpace(int cp) {
    return switch (cp) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
      default -> cp > 0xFF && Character.isSpaceChar(cp); // Zs, Zl, Zp = White_Space above Latin-1
    };
  }
}
