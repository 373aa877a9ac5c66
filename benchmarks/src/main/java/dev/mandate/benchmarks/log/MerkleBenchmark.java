package dev.mandate.benchmarks.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.logverify.CanonicalEntries;
import dev.mandate.logverify.CompactRange;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.LogEntry;
import dev.mandate.logverify.NodeSource;
import dev.mandate.logverify.ProofException;
import dev.mandate.logverify.ProofVerifier;
import dev.mandate.logverify.Proofs;
import dev.mandate.core.processinglog.EventJson;
import dev.mandate.testkit.contract.Fixtures;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Merkle side of the processing log (log-verifier), per operation:
 *
 * <ul>
 *   <li>appending a leaf: {@link Hashes#leafHash} of a realistic entry (about 600 bytes, as {@code
 *       LogAppendLoad} and {@code LogVerifyRun} write them) or of a 400-byte one, then {@link
 *       CompactRange#appendLeafHash}: what the writer and the verifier do per entry. Baseline: a new
 *       {@link MessageDigest} per leaf instead of the thread's reused one;
 *   <li>proofs on a tree of 1,000,000 leaves held in memory: {@link Proofs#inclusion}, {@link
 *       Proofs#consistency} and {@link Proofs#root} with a {@link NodeSource} that looks up
 *       precomputed full-subtree hashes, as {@code LogTiles} does once its tiles are cached. Two
 *       baselines: "coldTiles" builds each tile's tree (255 node hashes per 256-wide tile) from the
 *       stored tile row on every proof, as {@code LogTiles} does on a cache miss (minus the database
 *       read); "fromLeaves" recomputes every subtree from the leaf hashes (no tiles at all);
 *   <li>{@link ProofVerifier#verifyInclusion} and {@link ProofVerifier#verifyConsistency} of
 *       precomputed proofs;
 *   <li>entry handling: {@link LogEntry#link} (read index and prev from the end of an entry, as
 *       the verifier does for every entry) against parsing the whole entry with Jackson; {@link
 *       EventJson#canonical} and {@link LogEntry#frame} (the caller's and writer's CPU per append);
 *       {@link CanonicalEntries#check} (the deep verifier's CPU per entry).
 * </ul>
 *
 * <p>Operations cycle through 1,024 prepared inputs (entries, leaf indexes, old tree sizes).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MerkleBenchmark {
  static final int INPUTS = 1024;
  static final long TREE_SIZE = 1_000_000;
  private static final CustomerId CUSTOMER = new CustomerId("acme");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Realistic entries, chained, and the leaf-append state. */
  @State(Scope.Thread)
  public static class Entries {
    byte[][] entries = new byte[INPUTS][];
    byte[][] entries400 = new byte[INPUTS][];
    ProcessingEvent[] events = new ProcessingEvent[INPUTS];
    byte[][] eventJson = new byte[INPUTS][];
    byte[][] prevHashes = new byte[INPUTS][];
    CompactRange range = new CompactRange();
    int cursor;

    @Setup
    public void setUp() {
      byte[] prev = null;
      for (int i = 0; i < INPUTS; i++) {
        long index = 41_000_000L + i; // a long log: 8-digit indexes, every entry has a prev
        events[i] = BenchEvents.decision(CUSTOMER, index, Fixtures.T0.plusMillis(i));
        eventJson[i] = EventJson.canonical(events[i]);
        prev = prev == null ? Hashes.leafHash(new byte[] {1}) : prev;
        prevHashes[i] = prev;
        entries[i] = LogEntry.frame(eventJson[i], index, prev);
        prev = Hashes.leafHash(entries[i]);
        entries400[i] = Arrays.copyOf(entries[i], 400);
      }
    }

    int next() {
      return cursor++ & (INPUTS - 1);
    }
  }

  /** A tree of 1M leaves: every full subtree's hash, level by level, as cached tiles hold them. */
  @State(Scope.Benchmark)
  public static class Tree {
    byte[][][] levels;
    byte[] root;
    long[] indexes = new long[INPUTS];
    long[] oldSizes = new long[INPUTS];
    byte[][] rootsAtOldSizes = new byte[INPUTS][];
    List<byte[]>[] inclusionProofs;
    List<byte[]>[] consistencyProofs;
    NodeSource cached;

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
      int height = 64 - Long.numberOfLeadingZeros(TREE_SIZE - 1);
      levels = new byte[height + 1][][];
      levels[0] = new byte[(int) TREE_SIZE][];
      byte[] buf = new byte[8];
      for (int i = 0; i < TREE_SIZE; i++) {
        for (int b = 0; b < 8; b++) {
          buf[b] = (byte) (i >>> (8 * b));
        }
        levels[0][i] = Hashes.leafHash(buf);
      }
      for (int h = 1; h <= height; h++) {
        byte[][] below = levels[h - 1];
        byte[][] level = new byte[below.length / 2][];
        for (int k = 0; k < level.length; k++) {
          level[k] = Hashes.nodeHash(below[2 * k], below[2 * k + 1]);
        }
        levels[h] = level;
      }
      cached = (h, i) -> levels[h][(int) i];
      root = Proofs.root(TREE_SIZE, cached);
      SplittableRandom random = new SplittableRandom(42);
      inclusionProofs = new List[INPUTS];
      consistencyProofs = new List[INPUTS];
      for (int i = 0; i < INPUTS; i++) {
        indexes[i] = random.nextLong(TREE_SIZE);
        oldSizes[i] = 1 + random.nextLong(TREE_SIZE - 1);
        rootsAtOldSizes[i] = Proofs.root(oldSizes[i], cached);
        inclusionProofs[i] = Proofs.inclusion(indexes[i], TREE_SIZE, cached);
        consistencyProofs[i] = Proofs.consistency(oldSizes[i], TREE_SIZE, cached);
      }
    }

    /**
     * Like {@code LogTiles} on a cache miss: node (h, i) comes from the tree of its tile (level h / 8),
     * built from the tile's stored row (the hashes at height 8 * level); each tile is built once per proof.
     */
    NodeSource coldTiles() {
      Map<Long, byte[][][]> built = new HashMap<>();
      return (h, i) -> {
        int level = h / 8;
        int r = h % 8;
        long first = i << r;
        long tile = first >>> 8;
        byte[][][] tree = built.computeIfAbsent(tile * 64 + level, k -> tileTree(level, tile));
        return tree[r][(int) (i - (tile << (8 - r)))];
      };
    }

    private byte[][][] tileTree(int level, long tile) {
      byte[][] row = levels[8 * level];
      int width = (int) Math.min(256, row.length - (tile << 8));
      byte[][][] tree = new byte[9][][];
      tree[0] = Arrays.copyOfRange(row, (int) (tile << 8), (int) (tile << 8) + width);
      for (int r = 1; r <= 8; r++) {
        byte[][] below = tree[r - 1];
        byte[][] up = new byte[below.length / 2][];
        for (int k = 0; k < up.length; k++) {
          up[k] = Hashes.nodeHash(below[2 * k], below[2 * k + 1]);
        }
        tree[r] = up;
      }
      return tree;
    }

    /** No stored interior nodes: every subtree hash recomputed from the leaf hashes. */
    final NodeSource fromLeaves = new NodeSource() {
      @Override
      public byte[] node(int h, long i) {
        if (h == 0) {
          return levels[0][(int) i];
        }
        return Hashes.nodeHash(node(h - 1, 2 * i), node(h - 1, 2 * i + 1));
      }
    };
  }

  @State(Scope.Thread)
  public static class Cursor {
    int i;

    int next() {
      return i++ & (INPUTS - 1);
    }
  }

  // Appending leaves -----------------------------------------------------------------------------

  @Benchmark
  public long leafAppend_entry(Entries e) {
    e.range.appendLeafHash(Hashes.leafHash(e.entries[e.next()]));
    return e.range.size();
  }

  @Benchmark
  public long leafAppend_400B(Entries e) {
    e.range.appendLeafHash(Hashes.leafHash(e.entries400[e.next()]));
    return e.range.size();
  }

  @Benchmark
  public byte[] leafHash_entry(Entries e) {
    return Hashes.leafHash(e.entries[e.next()]);
  }

  /** Baseline: a new MessageDigest for every leaf. */
  @Benchmark
  public byte[] naive_leafHash_entry(Entries e) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 0);
    sha.update(e.entries[e.next()]);
    return sha.digest();
  }

  // Proofs on a 1M-leaf tree ---------------------------------------------------------------------

  @Benchmark
  public List<byte[]> inclusion_cached(Tree t, Cursor c) {
    return Proofs.inclusion(t.indexes[c.next()], TREE_SIZE, t.cached);
  }

  @Benchmark
  public List<byte[]> inclusion_coldTiles(Tree t, Cursor c) {
    return Proofs.inclusion(t.indexes[c.next()], TREE_SIZE, t.coldTiles());
  }

  /** Baseline: no tiles, every sibling subtree recomputed from the leaves (about 1M node hashes per proof). */
  @Benchmark
  public List<byte[]> naive_inclusion_fromLeaves(Tree t, Cursor c) {
    return Proofs.inclusion(t.indexes[c.next()], TREE_SIZE, t.fromLeaves);
  }

  @Benchmark
  public List<byte[]> consistency_cached(Tree t, Cursor c) {
    return Proofs.consistency(t.oldSizes[c.next()], TREE_SIZE, t.cached);
  }

  @Benchmark
  public List<byte[]> consistency_coldTiles(Tree t, Cursor c) {
    return Proofs.consistency(t.oldSizes[c.next()], TREE_SIZE, t.coldTiles());
  }

  /** The root at a random old size, as {@code JdbcVerifiableLog.inclusion} and {@code consistency} compute per call. */
  @Benchmark
  public byte[] root_cached(Tree t, Cursor c) {
    return Proofs.root(t.oldSizes[c.next()], t.cached);
  }

  @Benchmark
  public byte[] verifyInclusion(Tree t, Cursor c) throws ProofException {
    int i = c.next();
    byte[] leaf = t.levels[0][(int) t.indexes[i]];
    ProofVerifier.verifyInclusion(t.indexes[i], TREE_SIZE, leaf, t.inclusionProofs[i], t.root);
    return leaf;
  }

  @Benchmark
  public long verifyConsistency(Tree t, Cursor c) throws ProofException {
    int i = c.next();
    ProofVerifier.verifyConsistency(t.oldSizes[i], TREE_SIZE, t.consistencyProofs[i], t.rootsAtOldSizes[i], t.root);
    return t.oldSizes[i];
  }

  // Entries --------------------------------------------------------------------------------------

  @Benchmark
  public LogEntry.Link linkParse(Entries e) throws LogEntry.EntryException {
    return LogEntry.link(e.entries[e.next()]);
  }

  /** Baseline: parse the whole entry with Jackson to read index and prev. */
  @Benchmark
  public LogEntry.Link naive_linkParse_jackson(Entries e) throws IOException {
    JsonNode node = JSON.readTree(e.entries[e.next()]);
    JsonNode prev = node.get("prev");
    return new LogEntry.Link(node.get("index").asLong(), prev == null ? null : Hashes.fromHex(prev.asText()));
  }

  @Benchmark
  public byte[] canonicalEvent(Entries e) {
    return EventJson.canonical(e.events[e.next()]);
  }

  @Benchmark
  public byte[] frameEntry(Entries e) {
    int i = e.next();
    return LogEntry.frame(e.eventJson[i], 41_000_000L + i, e.prevHashes[i]);
  }

  @Benchmark
  public JsonNode deepCheck(Entries e) throws LogEntry.EntryException {
    return CanonicalEntries.check(e.entries[e.next()]);
  }
}
