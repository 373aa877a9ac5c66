package dev.mandate.logverify;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A signed note as in https://c2sp.org/signed-note: a text ending in a newline, a blank line, then
 * one signature line per signature, {@code — <key name> base64(key id ‖ signature)}, where the dash
 * is U+2014 EM DASH followed by a space. The text is everything up to and including the newline
 * before the <em>last</em> blank line, so it may contain blank lines itself.
 *
 * <p>{@link #parse} only checks the format, following the spec and Go's {@code
 * golang.org/x/mod/sumdb/note.Open}: valid UTF-8, no control characters other than newline, at
 * least one and at most {@value #MAX_SIGNATURES} signatures, valid key names, a signature of at
 * least the 4-byte key id plus one byte. Base64 must be canonical standard base64 with padding
 * (stricter than Go, which ignores non-zero trailing bits), so that {@link #format()} gives back
 * the parsed note byte for byte. Nothing is verified here: use {@link Notes#open}.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {
  /** Most signatures a note may carry; Go's limit, the spec asks for at least 16. */
  public static final int MAX_SIGNATURES = 100;

  private static final String SIGNATURE_PREFIX = "\u2014 ";

  public SignedNote {
    Objects.requireNonNull(text, "text");
    signatures = List.copyOf(signatures);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException("note text " + problem);
    }
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "a note needs 1 to " + MAX_SIGNATURES + " signatures, got " + signatures.size());
    }
  }

  /** Parses a note given as bytes; bytes that are not valid UTF-8 make it malformed. */
  public static SignedNote parse(byte[] note) throws NoteException {
    Objects.requireNonNull(note, "note");
    try {
      return parse(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(note))
              .toString());
    } catch (CharacterCodingException e) {
      throw malformed("the note is not valid UTF-8");
    }
  }

  /** Parses a note; the format is checked, the signatures are not. */
  public static SignedNote parse(String note) throws NoteException {
    Objects.requireNonNull(note, "note");
    String problem = problem(note);
    if (problem != null) {
      throw malformed("the note " + problem);
    }
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw malformed("no blank line separates the text from the signatures");
    }
    String block = note.substring(split + 2);
    if (block.isEmpty()) {
      throw malformed("no signature lines follow the blank line");
    }
    if (!block.endsWith("\n")) {
      throw malformed("the last signature line does not end with a newline");
    }
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw malformed("more than " + MAX_SIGNATURES + " signatures (" + lines.length + ")");
    }
    List<NoteSignature> signatures = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      signatures.add(parseSignatureLine(lines[i], i + 1));
    }
    return new SignedNote(note.substring(0, split + 1), signatures);
  }

  /** The note as text: the text, a blank line, one line per signature. */
  public String format() {
    StringBuilder out = new StringBuilder(text).append('\n');
    for (NoteSignature s : signatures) {
      byte[] sig = s.signature();
      byte[] raw = ByteBuffer.allocate(4 + sig.length).putInt(s.keyId()).put(sig).array();
      out.append(SIGNATURE_PREFIX).append(s.name()).append(' ');
      out.append(Base64.getEncoder().encodeToString(raw)).append('\n');
    }
    return out.toString();
  }

  private static NoteSignature parseSignatureLine(String line, int number) throws NoteException {
    String where = "signature line " + number;
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw malformed(where + " does not start with U+2014 EM DASH and a space");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    String name = space < 0 ? rest : rest.substring(0, space);
    String b64 = space < 0 ? "" : rest.substring(space + 1);
    if (!NoteSignature.isValidKeyName(name)) {
      throw malformed(where + " has an invalid key name (empty, or with a space or '+')");
    }
    if (b64.isEmpty()) {
      throw malformed(where + " has no signature after the key name");
    }
    byte[] raw = decodeBase64(b64);
    if (raw == null) {
      throw malformed(where + " has a signature that is not canonical standard base64");
    }
    if (raw.length < 5) {
      throw malformed(where + " has a signature shorter than a 4-byte key id and one byte");
    }
    int keyId = ByteBuffer.wrap(raw).getInt();
    byte[] sig = new byte[raw.length - 4];
    System.arraycopy(raw, 4, sig, 0, sig.length);
    return new NoteSignature(name, keyId, sig);
  }

  private static NoteException malformed(String detail) {
    return new NoteException(NoteException.Reason.MALFORMED_NOTE, "malformed note: " + detail);
  }

  /**
   * Why {@code s} cannot be part of a note (a control character other than newline, or an unpaired
   * surrogate, which has no UTF-8 encoding), or {@code null} if it can.
   */
  static String problem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        return String.format("contains the control character U+%04X at offset %d", (int) c, i);
      }
    }
    int surrogate = unpairedSurrogate(s);
    return surrogate < 0
        ? null
        : "contains an unpaired surrogate at offset " + surrogate + " (not valid UTF-8)";
  }

  /** The UTF-8 encoding of {@code s}, or {@code null} if it has an unpaired surrogate. */
  static byte[] utf8(String s) {
    return unpairedSurrogate(s) < 0 ? s.getBytes(StandardCharsets.UTF_8) : null;
  }

  private static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Canonical standard base64 with padding (RFC 4648 section 4), or {@code null}. */
  static byte[] decodeBase64(String s) {
    try {
      byte[] bytes = Base64.getDecoder().decode(s);
      return Base64.getEncoder().encodeToString(bytes).equals(s) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
