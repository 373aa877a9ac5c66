package dev.mandate.logverify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Checks a proof bundle of Mandate's processing log offline (docs/design/processing-log.md): the
 * checkpoint's signature, every entry's framing, index and hash chain, the Merkle root the
 * entries produce together with the bundle's boundary hashes, and, given a checkpoint the
 * verifier already holds, that the log only grew since (RFC 9162 consistency). It stops at the
 * first problem and names it: which entry, and what is wrong with it.
 *
 * <p>A bundle is UTF-8 lines: a JSON header, then one line per entry, byte for byte as hashed.
 * Header members: {@code format} ({@value #FORMAT}), {@code customer}, {@code origin}, {@code from},
 * {@code to} (the entries are [from, to)), {@code treeSize}, {@code checkpoint} (the signed note),
 * {@code leftHashes} (the peaks of the tree over [0, from)), {@code rightHashes} (the full
 * subtrees covering [to, treeSize), left to right), optionally {@code consistency} ({@code
 * fromSize}, {@code fromRoot}, {@code proof}) and {@code verifierKeys}.
 */
public final class BundleVerifier {
  public static final String FORMAT = "mandate-log-bundle/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param trustedKeys the processor's checkpoint keys as the verifier knows them; if empty, the
   *     keys the bundle carries are used and the report says so
   * @param previousCheckpoint a signed checkpoint the verifier received earlier, or null
   * @param deep also check that every entry is canonical JSON of the right customer (slower)
   * @param expectedOrigin the log the verifier means to check (e.g. {@code mandate.example/log/acme}),
   *     or null to accept the origin the signed checkpoint names
   */
  public record Options(Collection<NoteVerifier> trustedKeys, String previousCheckpoint, boolean deep,
      String expectedOrigin) {
    public Options(Collection<NoteVerifier> trustedKeys, String previousCheckpoint, boolean deep) {
      this(trustedKeys, previousCheckpoint, deep, null);
    }
  }

  /** What can be wrong; names are stable. */
  public enum Problem {
    MALFORMED_BUNDLE,
    CHECKPOINT_NOT_TRUSTED,
    CHECKPOINT_MISMATCH,
    BAD_ENTRY,
    ENTRY_CHANGED,
    ENTRY_MISSING,
    ENTRIES_OUT_OF_ORDER,
    ENTRIES_TRUNCATED,
    EXTRA_ENTRIES,
    ROOT_MISMATCH,
    PREVIOUS_CHECKPOINT_NOT_TRUSTED,
    NO_CONSISTENCY_PROOF,
    INCONSISTENT_WITH_PREVIOUS
  }

  /**
   * The outcome. {@code problem} is null when everything checked out; {@code entry} is the index
   * of the entry the problem is about, when there is one.
   */
  public record Report(String customer, String origin, long from, long to, long treeSize, String rootHash,
      Problem problem, Long entry, String message, List<String> warnings) {
    public boolean ok() {
      return problem == null;
    }
  }

  private BundleVerifier() {}

  public static Report verify(InputStream in, Options options) throws IOException {
    return new Run(new Lines(in), options).run();
  }

  private static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    final Problem problem;
    final Long entry;

    Failed(Problem problem, Long entry, String message) {
      super(message, null, false, false);
      this.problem = problem;
      this.entry = entry;
    }
  }

  private static final class Run {
    private final Lines lines;
    private final Options options;
    private final List<String> warnings = new ArrayList<>();
    private String customer;
    private String origin;
    private long from;
    private long to;
    private long treeSize;
    private byte[] root;

    Run(Lines lines, Options options) {
      this.lines = lines;
      this.options = options;
    }

    Report run() throws IOException {
      try {
        check();
        return report(null, null, "The bundle is intact: " + (to - from) + " entries, tree of " + treeSize
            + " entries, root " + Hashes.hex(root) + ".");
      } catch (Failed f) {
        return report(f.problem, f.entry, f.getMessage());
      }
    }

    private Report report(Problem problem, Long entry, String message) {
      return new Report(customer, origin, from, to, treeSize, root == null ? null : Hashes.hex(root), problem,
          entry, message, List.copyOf(warnings));
    }

    private void check() throws IOException, Failed {
      JsonNode header = header();
      List<NoteVerifier> keys = keys(header);
      Checkpoint checkpoint = open(text(header, "checkpoint"), keys, Problem.CHECKPOINT_NOT_TRUSTED, "checkpoint");
      if (!checkpoint.origin().equals(text(header, "origin")) || checkpoint.size() != treeSize) {
        throw new Failed(Problem.CHECKPOINT_MISMATCH, null, "The checkpoint is for " + checkpoint.origin()
            + " at size " + checkpoint.size() + ", but the bundle says " + text(header, "origin") + " at size "
            + treeSize + ".");
      }
      // The header is not signed; the checkpoint's origin is. Each customer's log has the origin
      // <log origin>/<customer>, so the customer the report names must be the signed one.
      if (!checkpoint.origin().endsWith("/" + customer)) {
        throw new Failed(Problem.CHECKPOINT_MISMATCH, null, "The bundle says it is customer " + customer
            + "'s log, but the checkpoint is signed for " + checkpoint.origin() + ".");
      }
      if (options.expectedOrigin() != null && !options.expectedOrigin().equals(checkpoint.origin())) {
        throw new Failed(Problem.CHECKPOINT_MISMATCH, null, "The checkpoint is for " + checkpoint.origin()
            + ", not for " + options.expectedOrigin() + ".");
      }
      origin = checkpoint.origin();
      root = checkpoint.rootHash();
      List<byte[]> left = hashes(header, "leftHashes");
      List<Subtree> right = CompactRange.cover(to, treeSize);
      List<byte[]> rightHashes = hashes(header, "rightHashes");
      if (left.size() != Long.bitCount(from) || rightHashes.size() != right.size()) {
        throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle has " + left.size() + " left and "
            + rightHashes.size() + " right boundary hashes; entries " + from + " to " + to + " of a tree of "
            + treeSize + " need " + Long.bitCount(from) + " and " + right.size() + ".");
      }
      CompactRange range = CompactRange.of(from, left);
      Entries entries = new Entries();
      entries.walk(range);
      for (int i = 0; i < right.size(); i++) {
        range.appendSubtree(right.get(i).height(), rightHashes.get(i));
      }
      byte[] computed = range.root();
      if (!Arrays.equals(computed, root)) {
        String which = to > from
            ? "Every entry is well formed and chained to the one before, so either the last entry (" + (to - 1)
                + ") or the bundle's boundary hashes were changed, or the entries from some point on were rewritten"
                + " and chained again."
            : "The bundle's boundary hashes were changed.";
        throw new Failed(Problem.ROOT_MISMATCH, to > from ? to - 1 : null,
            "The entries do not produce the checkpoint's root hash (" + Hashes.hex(computed) + " instead of "
                + Hashes.hex(root) + "). " + which);
      }
      previous(header, keys, checkpoint);
    }

    private JsonNode header() throws IOException, Failed {
      byte[] line = lines.next();
      if (line == null) {
        throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle is empty.");
      }
      JsonNode header;
      try {
        header = JSON.readTree(Arrays.copyOfRange(line, lines.offset(), lines.offset() + lines.length()));
      } catch (IOException e) {
        throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle's first line is not a JSON header.");
      }
      if (header == null || !FORMAT.equals(header.path("format").asText())) {
        throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle's format is not " + FORMAT + ".");
      }
      customer = text(header, "customer");
      from = number(header, "from");
      to = number(header, "to");
      treeSize = number(header, "treeSize");
      if (from < 0 || from > to || to > treeSize) {
        throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle's range " + from + " to " + to
            + " does not fit in a tree of " + treeSize + " entries.");
      }
      return header;
    }

    private List<NoteVerifier> keys(JsonNode header) throws Failed {
      if (options.trustedKeys() != null && !options.trustedKeys().isEmpty()) {
        return List.copyOf(options.trustedKeys());
      }
      List<NoteVerifier> keys = new ArrayList<>();
      for (JsonNode k : header.path("verifierKeys")) {
        try {
          keys.add(NoteVerifier.fromVkey(k.asText()));
        } catch (NoteException e) {
          throw new Failed(Problem.MALFORMED_BUNDLE, null, "A verifier key in the bundle is unusable: " + e.getMessage());
        }
      }
      warnings.add("No trusted key was given, so the checkpoint was checked against the keys the bundle itself"
          + " carries. Pin the processor's published key (--key) to rule out a forged bundle.");
      return keys;
    }

    private static Checkpoint open(String note, List<NoteVerifier> keys, Problem problem, String what)
        throws Failed {
      try {
        return Notes.openCheckpoint(note, keys);
      } catch (NoteException e) {
        throw new Failed(problem, null, "The " + what + " does not verify (" + e.reason() + "): " + e.getMessage());
      }
    }

    private void previous(JsonNode header, List<NoteVerifier> keys, Checkpoint checkpoint) throws Failed {
      JsonNode consistency = header.get("consistency");
      if (options.previousCheckpoint() == null) {
        if (consistency != null) {
          warnings.add("The bundle carries a consistency proof from size " + consistency.path("fromSize").asLong()
              + "; give the checkpoint you hold for that size (--previous) to check it.");
        }
        return;
      }
      Checkpoint old = open(options.previousCheckpoint(), keys, Problem.PREVIOUS_CHECKPOINT_NOT_TRUSTED,
          "previous checkpoint");
      if (!old.origin().equals(checkpoint.origin())) {
        throw new Failed(Problem.INCONSISTENT_WITH_PREVIOUS, null, "The previous checkpoint is for another log ("
            + old.origin() + ").");
      }
      if (old.size() > checkpoint.size()) {
        throw new Failed(Problem.INCONSISTENT_WITH_PREVIOUS, null, "The previous checkpoint covers " + old.size()
            + " entries, more than this one (" + checkpoint.size() + "): the log was truncated.");
      }
      if (old.size() == checkpoint.size()) {
        if (!Arrays.equals(old.rootHash(), checkpoint.rootHash())) {
          throw new Failed(Problem.INCONSISTENT_WITH_PREVIOUS, null, "Both checkpoints cover " + old.size()
              + " entries but have different roots: the log was forked or rewritten.");
        }
        return;
      }
      if (consistency == null || consistency.path("fromSize").asLong(-1) != old.size()) {
        throw new Failed(Problem.NO_CONSISTENCY_PROOF, null, "The bundle has no consistency proof from size "
            + old.size() + "; download it again with since=" + old.size() + ".");
      }
      try {
        ProofVerifier.verifyConsistency(old.size(), checkpoint.size(), hashes(consistency, "proof"),
            old.rootHash(), checkpoint.rootHash());
      } catch (ProofException e) {
        throw new Failed(Problem.INCONSISTENT_WITH_PREVIOUS, null, "The log of " + checkpoint.size()
            + " entries does not extend the one of " + old.size() + " you hold: " + e.getMessage());
      }
    }

    /** Walks the entry lines, checking framing, order and the hash chain, and hashing them into the range. */
    private final class Entries {
      private byte[] previousLeaf;
      private long brokenAt = -1;

      void walk(CompactRange range) throws IOException, Failed {
        long expected = from;
        byte[] line;
        while ((line = lines.next()) != null) {
          int offset = lines.offset();
          int length = lines.length();
          if (length == 0 && lines.peek() == null) {
            break; // a blank last line is not an entry
          }
          if (expected >= to) {
            throw new Failed(Problem.EXTRA_ENTRIES, expected, "The bundle holds more entries than the " + (to - from)
                + " it declares.");
          }
          LogEntry.Link link = link(line, offset, length, expected);
          if (link.index() != expected) {
            misplaced(expected, link.index());
          }
          byte[] leaf = Hashes.leafHash(line, offset, length);
          boolean linked = expected == from || Arrays.equals(link.prev(), previousLeaf);
          if (brokenAt >= 0) {
            // The link into entry brokenAt failed. If entry brokenAt's own hash changed too (its
            // link onward fails), brokenAt itself was changed; otherwise the entry before it was.
            throw linked ? changed(brokenAt - 1, brokenAt) : changed(brokenAt, brokenAt + 1);
          }
          if (!linked) {
            brokenAt = expected;
          }
          if (options.deep()) {
            deep(Arrays.copyOfRange(line, offset, offset + length), expected);
          }
          range.appendLeafHash(leaf);
          previousLeaf = leaf;
          expected++;
        }
        if (brokenAt >= 0) {
          throw new Failed(Problem.ENTRY_CHANGED, brokenAt - 1, "Entry " + (brokenAt - 1) + " or entry " + brokenAt
              + " (the last one in the bundle) was changed: entry " + brokenAt + " no longer records entry "
              + (brokenAt - 1) + "'s hash.");
        }
        if (expected < to) {
          throw new Failed(Problem.ENTRIES_TRUNCATED, expected, "The bundle ends after " + (expected - from)
              + " entries; entries " + expected + " to " + (to - 1) + " are missing (the tail was cut off).");
        }
      }

      private LogEntry.Link link(byte[] line, int offset, int length, long expected) throws Failed {
        try {
          return LogEntry.link(line, offset, length);
        } catch (LogEntry.EntryException e) {
          throw new Failed(Problem.BAD_ENTRY, expected, "Entry " + expected + " " + e.getMessage() + ".");
        }
      }

      /**
       * The entry at position {@code expected} says it is entry {@code actual}. The next line tells
       * why: if it is entry {@code expected}, two entries were swapped; if it is entry {@code
       * expected + 1}, this entry's index was changed; otherwise entries were taken out.
       */
      private void misplaced(long expected, long actual) throws IOException, Failed {
        Long next = null;
        byte[] peeked = lines.peek();
        if (peeked != null) {
          try {
            next = LogEntry.link(peeked, lines.peekLength()).index();
          } catch (LogEntry.EntryException ignored) {
            // the next line is bad too; the first problem is reported
          }
        }
        if (next != null && next == expected) {
          throw new Failed(Problem.ENTRIES_OUT_OF_ORDER, expected, "Entries " + expected + " and " + actual
              + " are out of order.");
        }
        if (next != null && next == expected + 1) {
          throw new Failed(Problem.ENTRY_CHANGED, expected, "Entry " + expected + " was changed: it says it is entry "
              + actual + ".");
        }
        if (actual > expected) {
          throw new Failed(Problem.ENTRY_MISSING, expected, actual == expected + 1
              ? "Entry " + expected + " is missing."
              : "Entries " + expected + " to " + (actual - 1) + " are missing.");
        }
        throw new Failed(Problem.ENTRIES_OUT_OF_ORDER, expected, "Entry " + actual + " appears again, or out of"
            + " order, where entry " + expected + " should be.");
      }

      /** Entry {@code entry} was changed; {@code witness} is the next entry, whose record of its hash no longer matches. */
      private Failed changed(long entry, long witness) {
        return new Failed(Problem.ENTRY_CHANGED, entry, "Entry " + entry + " was changed: its hash no longer"
            + " matches the one recorded in entry " + witness + ".");
      }

      private void deep(byte[] entry, long index) throws Failed {
        try {
          JsonNode event = CanonicalEntries.check(entry);
          if (!customer.equals(event.path("customer").asText())) {
            throw new Failed(Problem.BAD_ENTRY, index, "Entry " + index + " belongs to another customer.");
          }
        } catch (LogEntry.EntryException e) {
          throw new Failed(Problem.BAD_ENTRY, index, "Entry " + index + " " + e.getMessage() + ".");
        }
      }
    }

    private static String text(JsonNode header, String field) throws Failed {
      JsonNode v = header.get(field);
      if (v == null || !v.isTextual()) {
        throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle's header has no " + field + ".");
      }
      return v.asText();
    }

    private static long number(JsonNode header, String field) throws Failed {
      JsonNode v = header.get(field);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
        throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle's header has no " + field + ".");
      }
      return v.asLong();
    }

    private static List<byte[]> hashes(JsonNode node, String field) throws Failed {
      List<byte[]> hashes = new ArrayList<>();
      for (JsonNode h : node.path(field)) {
        byte[] hash;
        try {
          hash = Hashes.fromHex(h.asText());
        } catch (IllegalArgumentException e) {
          throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle's " + field + " are not hex hashes.");
        }
        if (hash.length != Hashes.SIZE) {
          throw new Failed(Problem.MALFORMED_BUNDLE, null, "The bundle's " + field + " are not 32-byte hashes.");
        }
        hashes.add(hash);
      }
      return hashes;
    }
  }

  /**
   * Lines of a stream, handed out in place: {@link #next} returns the buffer that holds the line
   * and {@link #offset()}/{@link #length()} say where, so a line is hashed where it was read, never
   * copied. A line never straddles a refill: the unread rest moves to the front first. Newlines
   * are found eight bytes at a time (SWAR), which keeps scanning far below the cost of hashing.
   */
  private static final class Lines {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private final InputStream in;
    private byte[] buffer = new byte[1 << 20];
    private int position;
    private int limit;
    private boolean eof;
    private byte[] current;
    private int offset;
    private int length;
    private byte[] peeked;

    Lines(InputStream in) {
      this.in = in;
    }

    /** The next line (without its newline), or null at the end. */
    byte[] next() throws IOException {
      if (peeked != null) {
        current = peeked;
        offset = 0;
        length = peeked.length;
        peeked = null;
        return current;
      }
      return read() ? current : null;
    }

    int offset() {
      return offset;
    }

    int length() {
      return length;
    }

    /** A copy of the line after the current one, which {@link #next} then returns. */
    byte[] peek() throws IOException {
      if (peeked == null) {
        byte[] savedArray = current;
        int savedOffset = offset;
        int savedLength = length;
        byte[] saved = Arrays.copyOfRange(savedArray, savedOffset, savedOffset + savedLength);
        if (!read()) {
          current = saved;
          offset = 0;
          length = saved.length;
          return null;
        }
        peeked = Arrays.copyOfRange(current, offset, offset + length);
        current = saved;
        offset = 0;
        length = saved.length;
      }
      return peeked;
    }

    int peekLength() {
      return peeked.length;
    }

    private boolean read() throws IOException {
      int searchFrom = position;
      while (true) {
        int newline = indexOfNewline(buffer, searchFrom, limit);
        if (newline >= 0) {
          current = buffer;
          offset = position;
          length = newline - position;
          if (length > 0 && buffer[newline - 1] == '\r') {
            length--; // a bundle saved with CRLF line ends: entries never hold a raw CR
          }
          position = newline + 1;
          return true;
        }
        if (eof) {
          if (position < limit) { // a last line without a newline
            current = buffer;
            offset = position;
            length = limit - position;
            position = limit;
            return true;
          }
          return false;
        }
        // move the partial line to the front (growing the buffer for a very long line) and read more
        int partial = limit - position;
        if (partial == buffer.length) {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        } else if (position > 0) {
          System.arraycopy(buffer, position, buffer, 0, partial);
        }
        position = 0;
        limit = partial;
        searchFrom = partial;
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n <= 0) {
          eof = true;
        } else {
          limit += n;
        }
      }
    }

    static int indexOfNewline(byte[] b, int from, int to) {
      int i = from;
      for (; i + 8 <= to; i += 8) {
        long v = (long) LONGS.get(b, i) ^ NEWLINES;
        long found = (v - ONES) & ~v & HIGHS; // the lowest flagged byte is exact
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
      }
      for (; i < to; i++) {
        if (b[i] == '\n') {
          return i;
        }
      }
      return -1;
    }
  }
}
