package dev.mandate.logverify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How one entry of a customer's processing log is encoded, so that it can be hashed into the
 * Merkle tree and checked by anyone (docs/design/processing-log.md). An entry is UTF-8 canonical
 * JSON (RFC 8785 style: keys sorted, no whitespace, integers only) of three members:
 *
 * <pre>{"event":{…the processing event…},"index":41,"prev":"&lt;hex SHA-256 leaf hash of entry 40&gt;"}</pre>
 *
 * <p>{@code index} is the entry's 0-based position in the customer's log (its Merkle leaf index);
 * {@code prev} chains each entry to the one before (PR-826-02 "each entry carries the hash of the
 * previous"), and is absent at index 0. The chain lets a verifier name the exact entry that was
 * changed, which a Merkle root alone cannot. Because the sorted keys put {@code index} and
 * {@code prev} last, a verifier can read them from the end of the entry without parsing the
 * event, which keeps full verification fast.
 */
public final class LogEntry {
  private static final byte[] HEAD = "{\"event\":{".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INDEX = ",\"index\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PREV = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private LogEntry() {}

  /** The position and chain link read from an entry's end. {@code prev} is null at index 0. */
  public record Link(long index, byte[] prev) {}

  /**
   * Frames a canonical JSON event as entry {@code index}.
   *
   * @param eventJson canonical JSON of the event: an object, UTF-8
   * @param prevLeafHash the leaf hash of entry {@code index - 1}; null exactly when index is 0
   */
  public static byte[] frame(byte[] eventJson, long index, byte[] prevLeafHash) {
    if (eventJson.length < 2 || eventJson[0] != '{' || eventJson[eventJson.length - 1] != '}') {
      throw new IllegalArgumentException("the event must be a JSON object");
    }
    if ((index == 0) != (prevLeafHash == null) || index < 0) {
      throw new IllegalArgumentException("entry 0 has no previous hash and every other entry has one");
    }
    byte[] digits = Long.toString(index).getBytes(StandardCharsets.US_ASCII);
    int size = HEAD.length - 1 + eventJson.length + INDEX.length + digits.length + 1
        + (prevLeafHash == null ? 0 : PREV.length + 2 * Hashes.SIZE + 1);
    byte[] out = new byte[size];
    int p = 0;
    System.arraycopy(HEAD, 0, out, p, HEAD.length - 1);
    p += HEAD.length - 1;
    System.arraycopy(eventJson, 0, out, p, eventJson.length);
    p += eventJson.length;
    System.arraycopy(INDEX, 0, out, p, INDEX.length);
    p += INDEX.length;
    System.arraycopy(digits, 0, out, p, digits.length);
    p += digits.length;
    if (prevLeafHash != null) {
      if (prevLeafHash.length != Hashes.SIZE) {
        throw new IllegalArgumentException("a leaf hash has 32 bytes");
      }
      System.arraycopy(PREV, 0, out, p, PREV.length);
      p += PREV.length;
      for (byte b : prevLeafHash) {
        out[p++] = HEX[(b >> 4) & 0xf];
        out[p++] = HEX[b & 0xf];
      }
      out[p++] = '"';
    }
    out[p++] = '}';
    return out;
  }

  /** The event part of an entry (canonical JSON of the event), without parsing it. */
  public static byte[] event(byte[] entry) throws EntryException {
    int end = indexStart(entry);
    if (!startsWith(entry, HEAD)) {
      throw new EntryException("does not start with {\"event\":{");
    }
    return Arrays.copyOfRange(entry, HEAD.length - 1, end);
  }

  /**
   * Reads {@code index} and {@code prev} from the end of an entry. This checks the framing only;
   * {@link CanonicalEntries#check} checks the whole entry.
   */
  public static Link link(byte[] entry) throws EntryException {
    return link(entry, entry.length);
  }

  /** As {@link #link(byte[])} for the first {@code length} bytes of {@code buf}. */
  public static Link link(byte[] buf, int length) throws EntryException {
    return link(buf, 0, length);
  }

  /** As {@link #link(byte[])} for the entry in {@code buf[off, off + length)}. */
  public static Link link(byte[] buf, int off, int length) throws EntryException {
    if (length < HEAD.length + INDEX.length + 2 || !regionEquals(buf, off, HEAD) || buf[off + length - 1] != '}') {
      throw new EntryException("is not a log entry ({\"event\":{…},\"index\":…})");
    }
    byte[] prev = null;
    int end = off + length - 1; // position of the final '}'
    if (buf[end - 1] == '"') {
      int hexStart = end - 1 - 2 * Hashes.SIZE;
      int prevStart = hexStart - PREV.length;
      if (prevStart < off || !regionEquals(buf, prevStart, PREV)) {
        throw new EntryException("has a malformed \"prev\" member");
      }
      prev = new byte[Hashes.SIZE];
      int bad = 0;
      for (int i = 0, j = hexStart; i < Hashes.SIZE; i++, j += 2) {
        int hi = HEX_VALUES[buf[j] & 0xff];
        int lo = HEX_VALUES[buf[j + 1] & 0xff];
        bad |= hi | lo;
        prev[i] = (byte) (hi << 4 | lo);
      }
      if (bad < 0) {
        throw new EntryException("has a \"prev\" that is not lowercase hex");
      }
      end = prevStart;
    }
    int digitsStart = end;
    while (digitsStart > off && buf[digitsStart - 1] >= '0' && buf[digitsStart - 1] <= '9') {
      digitsStart--;
    }
    int digits = end - digitsStart;
    if (digits == 0 || digits > 18 || (digits > 1 && buf[digitsStart] == '0')
        || digitsStart - INDEX.length < off || !regionEquals(buf, digitsStart - INDEX.length, INDEX)) {
      throw new EntryException("has a malformed \"index\" member");
    }
    long index = 0;
    for (int i = digitsStart; i < end; i++) {
      index = index * 10 + (buf[i] - '0');
    }
    if ((index == 0) != (prev == null)) {
      throw new EntryException(index == 0 ? "is entry 0 but names a previous entry" : "has no \"prev\" member");
    }
    return new Link(index, prev);
  }

  private static int indexStart(byte[] entry) throws EntryException {
    Link link = link(entry);
    int end = entry.length - 1 - (link.prev() == null ? 0 : PREV.length + 2 * Hashes.SIZE + 1);
    return end - Long.toString(link.index()).length() - INDEX.length;
  }

  private static boolean startsWith(byte[] buf, byte[] prefix) {
    return regionEquals(buf, 0, prefix);
  }

  private static boolean regionEquals(byte[] buf, int at, byte[] expected) {
    return at >= 0 && at + expected.length <= buf.length
        && Arrays.equals(buf, at, at + expected.length, expected, 0, expected.length);
  }

  /** The value of each lowercase hex digit, -1 for every other byte. */
  private static final int[] HEX_VALUES = new int[256];

  static {
    Arrays.fill(HEX_VALUES, -1);
    for (int i = 0; i < 16; i++) {
      HEX_VALUES["0123456789abcdef".charAt(i)] = i;
    }
  }


  /** An entry that is not framed as this class describes. The message says what is wrong, never the content. */
  public static final class EntryException extends Exception {
    private static final long serialVersionUID = 1L;

    public EntryException(String message) {
      super(message);
    }
  }
}
