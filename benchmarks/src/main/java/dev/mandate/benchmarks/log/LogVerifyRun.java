package dev.mandate.benchmarks.log;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.logverify.BundleVerifier;
import dev.mandate.logverify.BundleWriter;
import dev.mandate.logverify.Checkpoint;
import dev.mandate.logverify.CompactRange;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.NodeSource;
import dev.mandate.logverify.NoteException;
import dev.mandate.logverify.NoteSigner;
import dev.mandate.logverify.NoteVerifier;
import dev.mandate.testkit.contract.Fixtures;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Full verification of one customer's processing log, offline, as an auditor runs it ({@code
 * mandate log verify}): a proof bundle of {@code --entries} entries (default 10,000,000) is
 * written to a file, then {@link BundleVerifier#verify} checks it on one thread, without and with
 * the deep (canonical JSON) check. Issue target: 2,000,000 entries/s per core.
 *
 * <p>The entries are realistic: the canonical JSON ({@code EventJson.canonical}) of decision events
 * like {@link Fixtures#decision} with varying time, request id, subject pseudonym, record id and
 * effect, framed with {@code LogEntry.frame} and chained, about 580 bytes each. The bundle covers
 * the whole log ([0, N) of a tree of N), so it needs no boundary hashes: the writer only needs the
 * root for the checkpoint, which a first pass computes with a {@link CompactRange}; a second pass
 * regenerates the same entries into the file, so memory stays flat. The checkpoint is signed with a
 * fresh Ed25519 key ({@link NoteSigner#generate}) that the verifier is given as trusted.
 *
 * <p>For each verification it prints wall time, entries/s, the verifying thread's CPU time
 * ({@link ThreadMXBean}) and the whole process's CPU (GC and JIT included), so entries/s per core
 * is clear. Two floors put the numbers in context: reading the file and finding its lines, and
 * SHA-256 over every byte of it. Options (or {@code LOGVERIFY_<NAME>} in the environment):
 * {@code --entries N}, {@code --dir D} (default a new temp dir), {@code --repeat R} (plain runs,
 * default 2), {@code --no-deep}, {@code --no-floors}, {@code --keep} (keep the bundle and its key;
 * a later run with the same {@code --dir} and {@code --entries} reuses them).
 */
public final class LogVerifyRun {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final String CUSTOMER = "acme";
  private static final String ORIGIN = "bench.local/log/" + CUSTOMER;

  private LogVerifyRun() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args("LOGVERIFY", argv, Set.of("entries", "dir", "repeat"),
        Set.of("keep", "no-deep", "no-floors", "help"));
    if (args.flag("help")) {
      System.out.println("options: --entries N --dir D --repeat R --keep --no-deep --no-floors");
      return;
    }
    long n = Args.parseCount(args.string("entries", "10m"));
    String given = args.string("dir", null);
    Path dir = given != null ? Files.createDirectories(Path.of(given)) : Files.createTempDirectory("mandate-logverify-");
    boolean keep = args.flag("keep");
    Path bundle = dir.resolve("bundle-" + n + ".log");
    Path keyFile = dir.resolve("bundle-" + n + ".vkey");
    int status;
    try {
      status = run(args, n, bundle, keyFile);
    } finally {
      if (!keep) {
        Files.deleteIfExists(bundle);
        Files.deleteIfExists(keyFile);
        if (given == null) {
          Files.deleteIfExists(dir);
        }
      } else {
        System.out.println("kept " + bundle + " and " + keyFile);
      }
    }
    System.exit(status);
  }

  private static int run(Args args, long n, Path bundle, Path keyFile) throws IOException, NoteException {
    System.out.printf(Locale.ROOT, "machine: nproc=%d, %s; load average %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.version(), ProcCpu.loadAverage());
    NoteVerifier trusted;
    if (Files.exists(bundle) && Files.exists(keyFile)) {
      trusted = NoteVerifier.fromVkey(Files.readString(keyFile).trim());
      System.out.printf(Locale.ROOT, "reusing %s (%,d bytes)%n", bundle, Files.size(bundle));
    } else {
      trusted = write(n, bundle);
      Files.writeString(keyFile, trusted.vkey() + "\n");
    }
    long bytes = Files.size(bundle);
    System.out.printf(Locale.ROOT, "bundle: %,d entries, %,d bytes (%.0f bytes per line)%n", n, bytes, (double) bytes / n);

    if (!args.flag("no-floors")) {
      floors(bundle, n, bytes);
    }
    boolean ok = true;
    int repeat = (int) args.integer("repeat", 2);
    for (int i = 1; i <= repeat; i++) {
      ok &= verify("plain #" + i, bundle, n, trusted, false);
    }
    if (!args.flag("no-deep")) {
      ok &= verify("deep", bundle, n, trusted, true);
    }
    System.out.printf(Locale.ROOT, "load average at the end: %s%n", ProcCpu.loadAverage());
    return ok ? 0 : 1;
  }

  /** Writes the bundle of entries [0, n) and returns the key that signed its checkpoint. */
  private static NoteVerifier write(long n, Path bundle) throws IOException {
    CustomerId customer = new CustomerId(CUSTOMER);
    long t0 = System.nanoTime();
    CompactRange range = new CompactRange();
    Entries pass1 = new Entries(customer, n);
    while (pass1.hasNext()) {
      pass1.next();
      range.appendLeafHash(pass1.lastLeaf);
    }
    byte[] root = range.root();
    long t1 = System.nanoTime();
    NoteSigner signer = NoteSigner.generate("bench.local");
    String note = signer.sign(new Checkpoint(ORIGIN, n, root).body());
    BundleWriter.Header header = new BundleWriter.Header(CUSTOMER, ORIGIN, 0, n, n, note, null, List.of(signer.vkey()));
    // A whole-log bundle has no left hashes (peaks of [0, 0)) and no right hashes (cover of [n, n)).
    NodeSource none = (height, index) -> {
      throw new IllegalStateException("a whole-log bundle needs no node (" + height + ", " + index + ")");
    };
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(bundle), 1 << 20)) {
      BundleWriter.write(out, header, none, new Entries(customer, n));
    }
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "wrote %s: root %s; pass 1 (generate, frame, hash, CompactRange) %.1f s = %.0f"
        + " entries/s, pass 2 (regenerate and write) %.1f s%n", bundle, Hashes.hex(root), (t1 - t0) / 1e9,
        n / ((t1 - t0) / 1e9), (t2 - t1) / 1e9);
    return signer.verifier();
  }

  /** Entries [0, n) of the customer's log, generated, framed and chained in order. */
  private static final class Entries implements Iterator<byte[]> {
    private final CustomerId customer;
    private final long n;
    private long next;
    private byte[] lastLeaf;

    Entries(CustomerId customer, long n) {
      this.customer = customer;
      this.n = n;
    }

    @Override
    public boolean hasNext() {
      return next < n;
    }

    @Override
    public byte[] next() {
      if (next >= n) {
        throw new NoSuchElementException();
      }
      Instant time = Fixtures.T0.plusNanos(next * 10_000_000L);
      byte[] entry = BenchEvents.entry(customer, next, time, next, lastLeaf);
      lastLeaf = Hashes.leafHash(entry);
      next++;
      return entry;
    }
  }

  private static boolean verify(String label, Path bundle, long n, NoteVerifier trusted, boolean deep)
      throws IOException {
    double process0 = ProcCpu.processCpuSeconds();
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    BundleVerifier.Report report;
    try (InputStream in = Files.newInputStream(bundle)) {
      report = BundleVerifier.verify(in, new BundleVerifier.Options(List.of(trusted), null, deep));
    }
    long wall = System.nanoTime() - t0;
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    double processCpu = ProcCpu.processCpuSeconds() - process0;
    System.out.printf(Locale.ROOT, "verify %-8s %s: wall %.2f s = %,.0f entries/s; thread CPU %.2f s = %,.0f entries/s"
        + " per core; process CPU %.2f s (GC, JIT included) = %,.0f entries/s per core%n", label,
        report.ok() ? "OK" : "FAILED " + report.problem() + " at " + report.entry() + ": " + report.message(),
        wall / 1e9, n / (wall / 1e9), cpu / 1e9, n / (cpu / 1e9), processCpu, n / processCpu);
    return report.ok() && report.treeSize() == n;
  }

  /** What reading the file costs, and SHA-256 over all of it: the floors under full verification. */
  private static void floors(Path bundle, long n, long bytes) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long lines = 0;
    try (InputStream in = Files.newInputStream(bundle)) {
      for (int r; (r = in.read(buffer)) > 0; ) {
        for (int i = 0; i < r; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    long wall = System.nanoTime() - t0;
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    System.out.printf(Locale.ROOT, "floor read+lines: wall %.2f s (%.0f MB/s), thread CPU %.2f s; %,d lines%n", wall / 1e9,
        bytes / 1e6 / (wall / 1e9), cpu / 1e9, lines);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    cpu0 = THREADS.getCurrentThreadCpuTime();
    t0 = System.nanoTime();
    try (InputStream in = Files.newInputStream(bundle)) {
      for (int r; (r = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, r);
      }
    }
    sha.digest();
    wall = System.nanoTime() - t0;
    cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    System.out.printf(Locale.ROOT, "floor SHA-256 of the file: wall %.2f s (%.0f MB/s), thread CPU %.2f s = %,.0f"
        + " entries/s per core if hashing each byte once were all%n", wall / 1e9, bytes / 1e6 / (wall / 1e9), cpu / 1e9,
        n / (cpu / 1e9));
  }
}
