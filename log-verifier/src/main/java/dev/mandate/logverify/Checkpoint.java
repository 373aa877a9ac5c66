package dev.mandate.logverify;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The text of a transparency log checkpoint, https://c2sp.org/tlog-checkpoint: the origin line, the
 * tree size in decimal (no sign, no leading zeros), the base64 RFC 6962 root hash, then optional
 * non-empty extension lines; every line ends with a newline. A checkpoint is trusted only once its
 * signed note is opened with {@link Notes#openCheckpoint}.
 *
 * <p>Tree sizes above {@link Long#MAX_VALUE} (the spec allows any uint64) are refused. The root
 * hash array is copied in and out; equality compares its contents.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
  private static final int ROOT_HASH_SIZE = 32; // SHA-256
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(rootHash, "rootHash");
    extensions = List.copyOf(extensions);
    requireLine("origin", origin);
    extensions.forEach(line -> requireLine("extension line", line));
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative");
    }
    if (rootHash.length != ROOT_HASH_SIZE) {
      throw new IllegalArgumentException("root hash must be 32 bytes, got " + rootHash.length);
    }
    rootHash = rootHash.clone();
  }

  /** A checkpoint without extension lines, as the spec recommends. */
  public Checkpoint(String origin, long size, byte[] rootHash) {
    this(origin, size, rootHash, List.of());
  }

  /** Parses a checkpoint body (the text of its signed note). */
  public static Checkpoint parse(String body) throws NoteException {
    Objects.requireNonNull(body, "body");
    if (!body.endsWith("\n")) {
      throw malformed("the body does not end with a newline");
    }
    String problem = SignedNote.problem(body);
    if (problem != null) {
      throw malformed("the body " + problem);
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw malformed(
          "the body has " + lines.length + " line(s), it needs origin, tree size and root hash");
    }
    if (lines[0].isEmpty()) {
      throw malformed("the origin (line 1) is empty");
    }
    if (!DECIMAL.matcher(lines[1]).matches()) {
      throw malformed("the tree size (line 2) is not a decimal number without sign or leading 0");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw malformed("the tree size (line 2) is larger than " + Long.MAX_VALUE);
    }
    byte[] root = SignedNote.decodeBase64(lines[2]);
    if (root == null) {
      throw malformed("the root hash (line 3) is not canonical standard base64");
    }
    if (root.length != ROOT_HASH_SIZE) {
      throw malformed("the root hash (line 3) is " + root.length + " bytes, not 32");
    }
    List<String> extensions = Arrays.asList(lines).subList(3, lines.length);
    for (int i = 0; i < extensions.size(); i++) {
      if (extensions.get(i).isEmpty()) {
        throw malformed("extension line " + (i + 4) + " is empty");
      }
    }
    return new Checkpoint(lines[0], size, root, extensions);
  }

  /** The body exactly as the spec lays it out; {@code parse(body()).equals(this)}. */
  public String body() {
    StringBuilder out = new StringBuilder();
    out.append(origin).append('\n').append(size).append('\n');
    out.append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && Arrays.equals(rootHash, c.rootHash)
        && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
  }

  @Override
  public String toString() {
    return "Checkpoint[origin="
        + origin
        + ", size="
        + size
        + ", rootHash="
        + HexFormat.of().formatHex(rootHash)
        + ", extensions="
        + extensions
        + "]";
  }

  private static void requireLine(String what, String line) {
    Objects.requireNonNull(line, what);
    if (line.isEmpty() || line.indexOf('\n') >= 0 || SignedNote.problem(line) != null) {
      throw new IllegalArgumentException(
          what + " must be one non-empty line without control characters");
    }
  }

  private static NoteException malformed(String detail) {
    return new NoteException(
        NoteException.Reason.MALFORMED_CHECKPOINT, "malformed checkpoint: " + detail);
  }
}
