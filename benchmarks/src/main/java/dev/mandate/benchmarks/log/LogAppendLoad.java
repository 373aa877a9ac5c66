package dev.mandate.benchmarks.log;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.processinglog.InclusionProof;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.SignedCheckpoint;
import dev.mandate.crypto.FileMasterKeys;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.ProofException;
import dev.mandate.logverify.ProofVerifier;
import dev.mandate.storage.jdbc.JdbcProcessingLog;
import dev.mandate.storage.jdbc.JdbcVerifiableLog;
import dev.mandate.storage.jdbc.database.EmbeddedDatabaseServer;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Load test of the processing log's group-commit writer ({@link JdbcProcessingLog}) on the
 * embedded PostgreSQL of {@code mandate start-dev}: a fresh data folder, real {@code fsync} and
 * {@code synchronous_commit}, the production migrations. Issue target (ISO 27701 8.2.6): durable
 * appends at 50,000 entries/s or more with at most 5 ms of added p99 latency.
 *
 * <p>Phases, in order:
 *
 * <ol>
 *   <li><b>prewarm</b>: 1,024 threads append for {@code --prewarm} seconds (default 10), not
 *       reported, so that the JIT has compiled the append path before anything is measured;
 *   <li><b>baseline</b>: one thread appends for {@code --baseline} seconds: the latency of one
 *       append on an idle writer (one commit and its fsync), against which "added" latency is
 *       read;
 *   <li><b>closed loop</b>: for each {@code --max-batch}, {@code --customers} and {@code
 *       --threads}, that many virtual threads append as fast as they can for {@code --duration}
 *       seconds after {@code --warmup} seconds. Appends/s is the writer's own count of durable
 *       entries over the measured window; the mean batch is its entries per commit;
 *   <li><b>open loop</b> at each of {@code --open-rates}: append {@code k} is due at {@code start
 *       + k / rate} and its latency is measured from that due time (the wrk2 method: a stall is
 *       charged to every append queued behind it). {@code --open-workers} virtual threads take the
 *       due appends in order. "lag" is how late a worker began an append (client-side queueing,
 *       included in the latency);
 *   <li><b>check</b>: the rows in {@code log_entries} equal the appends acknowledged, and each
 *       customer's indexes are exactly 0..n-1 (count n, min 0, max n-1, under the primary key),
 *       and {@code log_heads.size} = n;
 *   <li><b>inclusion</b> (the in-process part of "inclusion proofs served at 20k/s"): {@link
 *       JdbcVerifiableLog#checkpointNow} on the largest customer log (stores its tiles, signs),
 *       then {@code --inclusion-threads} virtual threads ask {@link JdbcVerifiableLog#inclusion}
 *       for random leaves for {@code --inclusion-duration} seconds; a sample of the proofs is
 *       checked with {@link ProofVerifier}.
 * </ol>
 *
 * <p>The events are {@link BenchEvents} decisions, 256 varied ones per customer prepared up front;
 * each append sends one of them with the current time, so the generator itself costs little CPU
 * (it shares the machine with the writer and PostgreSQL). {@code EventJson.canonical} runs inside
 * {@link JdbcProcessingLog#append}, in the appending thread, as in production.
 *
 * <p>CPU is split between this JVM (and its writer thread), PostgreSQL and everything else, from
 * {@code /proc}. Exit status 1 if the check fails. Every option can also be given in the
 * environment as {@code LOGLOAD_<NAME>}, e.g. {@code LOGLOAD_OPEN_RATES=10k,50k}.
 */
public final class LogAppendLoad {
  private static final Set<String> OPTIONS = Set.of("threads", "customers", "max-batch", "queue", "warmup",
      "duration", "baseline", "prewarm", "open-rates", "open-customers", "open-workers", "open-warmup", "open-duration",
      "open-max-batch", "pool", "data-dir", "inclusion-threads", "inclusion-warmup", "inclusion-duration",
      "cached-tiles");
  private static final Set<String> FLAGS = Set.of("keep", "verbose", "help");

  private final Args args;
  private final Path dir;
  private final boolean deleteDir;
  private EmbeddedDatabaseServer server;
  private PostgresDatabase database;
  private JdbcProcessingLog log;
  private JdbcVerifiableLog verifiable;
  private ProcCpu cpu;
  private CustomerId[] customers;
  /** Varied events per customer, prepared once; an append sends one of them with the current time. */
  private ProcessingEvent[][] templates;
  private static final int TEMPLATES = 256;
  private AtomicLongArray acked;
  private final AtomicLong failures = new AtomicLong();
  private final List<Row> rows = new ArrayList<>();
  private boolean stopped;

  private LogAppendLoad(Args args, Path dir, boolean deleteDir) {
    this.args = args;
    this.dir = dir;
    this.deleteDir = deleteDir;
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args("LOGLOAD", argv, OPTIONS, FLAGS);
    if (args.flag("help")) {
      System.out.println("options: " + OPTIONS.stream().sorted().map(o -> "--" + o).toList() + " flags: "
          + FLAGS.stream().sorted().map(o -> "--" + o).toList() + "; see benchmarks/log/README.md");
      return;
    }
    if (!args.flag("verbose")) {
      Logger.getLogger("").setLevel(Level.WARNING);
      for (var h : Logger.getLogger("").getHandlers()) {
        h.setLevel(Level.WARNING);
      }
    }
    String given = args.string("data-dir", null);
    Path dir = given != null ? Path.of(given).toAbsolutePath() : Files.createTempDirectory("mandate-logload-");
    LogAppendLoad load = new LogAppendLoad(args, dir, given == null && !args.flag("keep"));
    Thread hook = new Thread(load::stop, "logload-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    int status;
    try {
      status = load.run();
    } finally {
      load.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs stop(), which is idempotent
      }
    }
    System.exit(status);
  }

  private int run() throws Exception {
    int[] threads = args.ints("threads", "64,256,1024,4096");
    int[] customerCounts = args.ints("customers", "1,100");
    int[] maxBatches = args.ints("max-batch", "1024,4096");
    int queue = (int) args.integer("queue", 16384);
    double warmup = args.number("warmup", 5);
    double duration = args.number("duration", 10);
    double baseline = args.number("baseline", 5);
    double prewarm = args.number("prewarm", 10);
    int[] rates = args.ints("open-rates", "10k,25k,50k,70k");
    int openCustomers = (int) args.integer("open-customers", 100);
    int openWorkers = (int) args.integer("open-workers", 4096);
    double openWarmup = args.number("open-warmup", 5);
    double openDuration = args.number("open-duration", 10);
    int openMaxBatch = (int) args.integer("open-max-batch", maxBatches.length > 0 ? maxBatches[0] : 1024);
    int pool = (int) args.integer("pool", 10);
    int inclusionThreads = (int) args.integer("inclusion-threads", 64);
    double inclusionWarmup = args.number("inclusion-warmup", 3);
    double inclusionDuration = args.number("inclusion-duration", 10);
    int cachedTiles = (int) args.integer("cached-tiles", JdbcVerifiableLog.Options.DEFAULT.cachedTiles());

    int maxCustomers = Math.max(1, Math.max(openCustomers, java.util.Arrays.stream(customerCounts).max().orElse(1)));
    customers = new CustomerId[maxCustomers];
    for (int i = 0; i < maxCustomers; i++) {
      customers[i] = new CustomerId(String.format(Locale.ROOT, "bench-%03d", i));
    }
    acked = new AtomicLongArray(maxCustomers);
    templates = new ProcessingEvent[maxCustomers][TEMPLATES];
    for (int c = 0; c < maxCustomers; c++) {
      for (int k = 0; k < TEMPLATES; k++) {
        templates[c][k] = BenchEvents.decision(customers[c], (long) c * TEMPLATES + k, Instant.now());
      }
    }

    System.out.printf(Locale.ROOT, "machine: nproc=%d, %s; load average %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.version(), ProcCpu.loadAverage());
    long t0 = System.nanoTime();
    server = EmbeddedDatabaseServer.start(dir);
    database = new PostgresDatabase(server.config().withPoolSize(pool));
    cpu = new ProcCpu(dir.resolve("postgres").resolve("postmaster.pid"));
    System.out.printf(Locale.ROOT, "database: embedded PostgreSQL %s in %s (started and migrated in %d ms), %s, pool %d%n",
        server.version(), dir, (System.nanoTime() - t0) / 1_000_000, settings(database.dataSource()), pool);

    if (prewarm > 0) {
      // Not reported: gets the JIT (C2) through the append path before the first measured phase.
      openLog(maxBatches.length > 0 ? maxBatches[0] : 1024, queue);
      closed("prewarm", Math.min(100, maxCustomers), 1024, 0, prewarm);
      closeLog();
    }
    if (baseline > 0) {
      openLog(maxBatches.length > 0 ? maxBatches[0] : 1024, queue);
      rows.add(closed("baseline", 1, 1, Math.min(2, warmup), baseline));
      closeLog();
    }
    for (int maxBatch : maxBatches) {
      openLog(maxBatch, queue);
      for (int c : customerCounts) {
        for (int t : threads) {
          rows.add(closed("closed", c, t, warmup, duration));
        }
      }
      closeLog();
    }
    if (rates.length > 0) {
      openLog(openMaxBatch, queue);
      for (int rate : rates) {
        rows.add(open(openCustomers, rate, openWorkers, openWarmup, openDuration));
      }
      closeLog();
    }
    printTable();

    Map<String, Long> sizes = new HashMap<>();
    boolean ok = check(database.dataSource(), sizes);
    if (inclusionThreads > 0 && !sizes.isEmpty()) {
      String largest = Collections.max(sizes.entrySet(), Map.Entry.comparingByValue()).getKey();
      ok &= inclusion(new CustomerId(largest), inclusionThreads, inclusionWarmup, inclusionDuration, cachedTiles);
    }
    System.out.printf(Locale.ROOT, "load average at the end: %s%n", ProcCpu.loadAverage());
    return ok ? 0 : 1;
  }

  // Writer ---------------------------------------------------------------------------------------

  private Thread writerThread;
  private int currentMaxBatch;

  private void openLog(int maxBatch, int queue) {
    log = new JdbcProcessingLog(database.dataSource(),
        new JdbcProcessingLog.Options(maxBatch, queue, Duration.ofSeconds(2), Duration.ofSeconds(10)));
    currentMaxBatch = maxBatch;
    writerThread = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("processing-log-writer") && t.isAlive())
        .max(Comparator.comparingLong(Thread::threadId)).orElse(null);
  }

  private void closeLog() {
    if (log != null) {
      log.close();
      log = null;
      writerThread = null;
    }
  }

  /** One phase's result. */
  private record Row(String kind, int maxBatch, int customers, int threads, int rate, double appendsPerSecond,
      double meanBatch, long commits, int queueMax, int queueP50, long measuredFailures, long[] latencies,
      long[] lags, ProcCpu.Split cpu, Db.Delta db) {}

  // Closed loop ----------------------------------------------------------------------------------

  private Row closed(String kind, int nCustomers, int nThreads, double warmupSeconds, double seconds)
      throws InterruptedException {
    JdbcProcessingLog l = log;
    AtomicInteger phase = new AtomicInteger(); // 0 warm-up, 1 measured, 2 stop
    List<Latencies> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong measuredFailures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(nThreads);
    for (int t = 0; t < nThreads; t++) {
      long seqBase = t * 7919L;
      Thread.ofVirtual().name("append-" + t).start(() -> {
        Latencies mine = new Latencies();
        latencies.add(mine);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long seq = seqBase;
        try {
          for (int ph; (ph = phase.get()) != 2; ) {
            int c = nCustomers == 1 ? 0 : random.nextInt(nCustomers);
            ProcessingEvent event = BenchEvents.at(templates[c][(int) (seq++ & (TEMPLATES - 1))], Instant.now());
            long start = System.nanoTime();
            try {
              l.append(event);
              long end = System.nanoTime();
              acked.incrementAndGet(c);
              if (ph == 1) {
                mine.add(end - start);
              }
            } catch (Unavailable e) {
              failures.incrementAndGet();
              if (ph == 1) {
                measuredFailures.incrementAndGet();
              }
            }
          }
        } finally {
          done.countDown();
        }
      });
    }
    sleep(warmupSeconds);
    Sampler sampler = new Sampler(l);
    long appended0 = l.appended();
    long commits0 = l.commits();
    Db db0 = Db.sample(database.dataSource());
    ProcCpu.Sample cpu0 = cpu.sample(writerThread);
    phase.set(1);
    sleep(seconds);
    long appended1 = l.appended();
    long commits1 = l.commits();
    ProcCpu.Sample cpu1 = cpu.sample(writerThread);
    Db db1 = Db.sample(database.dataSource());
    phase.set(2);
    sampler.stop();
    if (!done.await(60, TimeUnit.SECONDS)) {
      System.out.println("warning: appenders still busy 60 s after the end of the phase");
    }
    ProcCpu.Split split = ProcCpu.Split.between(cpu0, cpu1);
    long appended = appended1 - appended0;
    long commits = commits1 - commits0;
    Row row = new Row(kind, currentMaxBatch, nCustomers, nThreads, 0, appended / split.seconds(),
        commits == 0 ? 0 : (double) appended / commits, commits, sampler.max(), sampler.p50(), measuredFailures.get(),
        Latencies.merge(latencies), new long[0], split, Db.between(db0, db1, appended));
    printRow(row);
    return row;
  }

  // Open loop ------------------------------------------------------------------------------------

  private Row open(int nCustomers, int rate, int workers, double warmupSeconds, double seconds)
      throws InterruptedException {
    JdbcProcessingLog l = log;
    long warmSlots = Math.round(rate * warmupSeconds);
    long total = warmSlots + Math.round(rate * seconds);
    double period = 1e9 / rate;
    AtomicLong next = new AtomicLong();
    List<Latencies> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Latencies> lags = Collections.synchronizedList(new ArrayList<>());
    AtomicLong measuredFailures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(workers);
    long start = System.nanoTime() + 50_000_000L;
    long measureStart = start + (long) (warmSlots * period);
    long measureEnd = start + (long) (total * period);
    for (int w = 0; w < workers; w++) {
      Thread.ofVirtual().name("open-" + w).start(() -> {
        Latencies mine = new Latencies();
        Latencies myLags = new Latencies();
        latencies.add(mine);
        lags.add(myLags);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
          for (long k; (k = next.getAndIncrement()) < total; ) {
            long due = start + (long) (k * period);
            int c = nCustomers == 1 ? 0 : random.nextInt(nCustomers);
            ProcessingEvent event = BenchEvents.at(templates[c][(int) (k & (TEMPLATES - 1))], Instant.now());
            long now;
            while ((now = System.nanoTime()) < due) {
              LockSupport.parkNanos(due - now);
            }
            boolean measured = k >= warmSlots;
            try {
              l.append(event);
              long end = System.nanoTime();
              acked.incrementAndGet(c);
              if (measured) {
                mine.add(end - due);
                myLags.add(now - due);
              }
            } catch (Unavailable e) {
              failures.incrementAndGet();
              if (measured) {
                measuredFailures.incrementAndGet();
              }
            }
          }
        } finally {
          done.countDown();
        }
      });
    }
    sleepUntil(measureStart);
    Sampler sampler = new Sampler(l);
    long appended0 = l.appended();
    long commits0 = l.commits();
    Db db0 = Db.sample(database.dataSource());
    ProcCpu.Sample cpu0 = cpu.sample(writerThread);
    sleepUntil(measureEnd);
    long appended1 = l.appended();
    long commits1 = l.commits();
    ProcCpu.Sample cpu1 = cpu.sample(writerThread);
    Db db1 = Db.sample(database.dataSource());
    sampler.stop();
    if (!done.await((long) seconds + 60, TimeUnit.SECONDS)) {
      System.out.println("warning: open-loop workers still busy long after the schedule ended");
    }
    ProcCpu.Split split = ProcCpu.Split.between(cpu0, cpu1);
    long appended = appended1 - appended0;
    long commits = commits1 - commits0;
    Row row = new Row("open", currentMaxBatch, nCustomers, workers, rate, appended / split.seconds(),
        commits == 0 ? 0 : (double) appended / commits, commits, sampler.max(), sampler.p50(), measuredFailures.get(),
        Latencies.merge(latencies), Latencies.merge(lags), split, Db.between(db0, db1, appended));
    printRow(row);
    return row;
  }

  /**
   * Database counters at one instant: the WAL insert position ({@code pg_current_wal_lsn()}, exact)
   * and the checkpoints done so far ({@code pg_stat_checkpointer.num_done}), so that each phase shows its
   * WAL bytes per entry and whether a checkpoint ran in it. -1 when unreadable.
   */
  private record Db(long walLsn, long checkpoints) {
    record Delta(double walBytesPerEntry, long checkpoints) {}

    static Db sample(DataSource ds) {
      long lsn = -1;
      long checkpoints = -1;
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
          rs.next();
          String[] parts = rs.getString(1).split("/");
          lsn = (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
        }
        try (ResultSet rs = s.executeQuery("SELECT num_done FROM pg_stat_checkpointer")) {
          rs.next();
          checkpoints = rs.getLong(1);
        }
      } catch (SQLException | RuntimeException e) {
        // leave -1: the columns then read -1
      }
      return new Db(lsn, checkpoints);
    }

    static Delta between(Db a, Db b, long entries) {
      double wal = a.walLsn() < 0 || b.walLsn() < 0 || entries == 0 ? -1 : (double) (b.walLsn() - a.walLsn()) / entries;
      long checkpoints = a.checkpoints() < 0 || b.checkpoints() < 0 ? -1 : b.checkpoints() - a.checkpoints();
      return new Delta(wal, checkpoints);
    }
  }

  /** Samples the writer's queue depth every 2 ms on a platform thread. */
  private static final class Sampler {
    private final Latencies depths = new Latencies();
    private volatile boolean stop;
    private final Thread thread;

    Sampler(JdbcProcessingLog l) {
      thread = Thread.ofPlatform().daemon(true).name("queue-sampler").start(() -> {
        while (!stop) {
          depths.add(l.queueDepth());
          LockSupport.parkNanos(2_000_000);
        }
      });
    }

    void stop() throws InterruptedException {
      stop = true;
      thread.join();
      sorted = Latencies.merge(List.of(depths));
    }

    private long[] sorted = new long[0];

    int max() {
      return sorted.length == 0 ? 0 : (int) sorted[sorted.length - 1];
    }

    int p50() {
      return (int) Latencies.quantile(sorted, 0.5);
    }
  }

  // Output ---------------------------------------------------------------------------------------

  private static final String HEADER = String.format(Locale.ROOT,
      "%-8s %6s %5s %7s %7s %10s %7s %6s %-44s %8s %5s %7s %4s  %s", "phase", "batch", "cust", "threads", "rate",
      "appends/s", "mean-b", "q-max", "latency p50 / p90 / p99 / p99.9 / max", "lag-p99", "fail", "WAL-B/e",
      "ckpt", "cores: jvm (writer) pg other idle");

  private boolean headerPrinted;

  private void printRow(Row r) {
    if (!headerPrinted) {
      System.out.println(HEADER);
      headerPrinted = true;
    }
    System.out.println(format(r));
  }

  private static String format(Row r) {
    return String.format(Locale.ROOT, "%-8s %6d %5d %7d %7s %10.0f %7.1f %6d %-44s %8s %5d %7.0f %4d  %.2f (%.2f) %.2f %.2f %.2f",
        r.kind(), r.maxBatch(), r.customers(), r.threads(), r.rate() == 0 ? "-" : Integer.toString(r.rate()),
        r.appendsPerSecond(), r.meanBatch(), r.queueMax(), Latencies.summary(r.latencies()),
        r.lags().length == 0 ? "-" : String.format(Locale.ROOT, "%.2fms", Latencies.millis(Latencies.quantile(r.lags(), 0.99))),
        r.measuredFailures(), r.db().walBytesPerEntry(), r.db().checkpoints(), r.cpu().jvm(), r.cpu().writer(), r.cpu().postgres(), r.cpu().other(), r.cpu().idle());
  }

  private void printTable() {
    System.out.println();
    System.out.println("summary (latency of each append: from its call to its durable return; open loop: from its due"
        + " time; mean-b = entries per commit)");
    System.out.println(HEADER);
    for (Row r : rows) {
      System.out.println(format(r));
    }
    rows.stream().filter(r -> r.kind().equals("baseline")).findFirst().ifPresent(b -> {
      long base = Latencies.quantile(b.latencies(), 0.5);
      System.out.printf(Locale.ROOT, "added p99 (p99 minus the baseline's p50 of %.2f ms):%n", Latencies.millis(base));
      for (Row r : rows) {
        if (!r.kind().equals("baseline")) {
          System.out.printf(Locale.ROOT, "  %-6s batch %5d cust %3d %s %6d: %8.0f appends/s, added p99 %.2f ms%n",
              r.kind(), r.maxBatch(), r.customers(), r.kind().equals("open") ? "rate" : "threads",
              r.kind().equals("open") ? r.rate() : r.threads(), r.appendsPerSecond(),
              Latencies.millis(Latencies.quantile(r.latencies(), 0.99) - base));
        }
      }
    });
    System.out.println();
  }

  // Check ----------------------------------------------------------------------------------------

  private boolean check(DataSource ds, Map<String, Long> sizes) throws SQLException {
    Map<String, long[]> entries = new HashMap<>();
    Map<String, Long> heads = new HashMap<>();
    long rowsTotal = 0;
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(
          "SELECT customer_id, count(*), min(idx), max(idx) FROM log_entries GROUP BY customer_id")) {
        while (rs.next()) {
          entries.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
          rowsTotal += rs.getLong(2);
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT customer_id, size FROM log_heads")) {
        while (rs.next()) {
          heads.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    long ackedTotal = 0;
    long failed = failures.get();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < customers.length; i++) {
      String id = customers[i].value();
      long n = acked.get(i);
      ackedTotal += n;
      long[] e = entries.getOrDefault(id, new long[] {0, 0, -1});
      long head = heads.getOrDefault(id, 0L);
      if (e[0] > 0) {
        sizes.put(id, e[0]);
      }
      boolean countOk = failed == 0 ? e[0] == n : e[0] >= n && e[0] <= n + failed;
      boolean contiguous = e[0] == 0 || (e[1] == 0 && e[2] == e[0] - 1);
      if (!countOk || !contiguous || head != e[0]) {
        problems.add(String.format(Locale.ROOT, "%s: acknowledged %d, rows %d, idx %d..%d, head size %d", id, n, e[0],
            e[1], e[2], head));
      }
    }
    for (String id : entries.keySet()) {
      if (!id.startsWith("bench-")) {
        problems.add("unexpected customer " + id);
      }
    }
    boolean totalOk = failed == 0 ? rowsTotal == ackedTotal : rowsTotal >= ackedTotal && rowsTotal <= ackedTotal + failed;
    System.out.printf(Locale.ROOT, "check: log_entries rows %d, appends acknowledged %d, failed appends %d; %d customers,"
        + " each with indexes 0..n-1 and head size n: %s%n", rowsTotal, ackedTotal, failed, sizes.size(),
        totalOk && problems.isEmpty() ? "OK" : "FAILED");
    problems.stream().limit(20).forEach(p -> System.out.println("  " + p));
    return totalOk && problems.isEmpty();
  }

  // Inclusion proofs -----------------------------------------------------------------------------

  private boolean inclusion(CustomerId customer, int nThreads, double warmupSeconds, double seconds, int cachedTiles)
      throws InterruptedException {
    verifiable = new JdbcVerifiableLog(database.dataSource(), FileMasterKeys.createOrLoad(dir.resolve("master.keys")),
        Clock.systemUTC(), new JdbcVerifiableLog.Options("bench.local/log", Duration.ofMillis(250), cachedTiles));
    long t0 = System.nanoTime();
    SignedCheckpoint checkpoint = verifiable.checkpointNow(customer);
    long checkpointNanos = System.nanoTime() - t0;
    long size = checkpoint.size();
    byte[] root = Hashes.fromHex(checkpoint.rootHash());
    System.out.printf(Locale.ROOT, "inclusion: customer %s, tree of %d entries; checkpointNow (stores %d level-0 tiles,"
        + " signs) took %d ms; tile cache %d tiles%n", customer.value(), size, size / 256, checkpointNanos / 1_000_000,
        cachedTiles);

    AtomicInteger phase = new AtomicInteger();
    AtomicLong served = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Latencies> latencies = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(nThreads);
    for (int t = 0; t < nThreads; t++) {
      Thread.ofVirtual().name("inclusion-" + t).start(() -> {
        Latencies mine = new Latencies();
        latencies.add(mine);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
          for (int ph; (ph = phase.get()) != 2; ) {
            long index = random.nextLong(size);
            long start = System.nanoTime();
            try {
              InclusionProof p = verifiable.inclusion(customer, index, size);
              long end = System.nanoTime();
              if (p.hashes().isEmpty() && size > 1) {
                errors.incrementAndGet();
              }
              if (ph == 1) {
                served.incrementAndGet();
                mine.add(end - start);
              }
            } catch (RuntimeException e) {
              errors.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      });
    }
    sleep(warmupSeconds);
    ProcCpu.Sample cpu0 = cpu.sample(null);
    phase.set(1);
    sleep(seconds);
    ProcCpu.Sample cpu1 = cpu.sample(null);
    long n = served.get();
    phase.set(2);
    done.await(60, TimeUnit.SECONDS);
    ProcCpu.Split split = ProcCpu.Split.between(cpu0, cpu1);
    long[] sorted = Latencies.merge(latencies);

    int sample = 1000;
    int bad = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < sample; i++) {
      long index = random.nextLong(size);
      InclusionProof p = verifiable.inclusion(customer, index, size);
      try {
        ProofVerifier.verifyInclusion(index, size, Hashes.fromHex(p.leafHash()),
            p.hashes().stream().map(Hashes::fromHex).toList(), root);
        if (!p.rootHash().equals(checkpoint.rootHash())) {
          bad++;
        }
      } catch (ProofException e) {
        bad++;
      }
    }
    System.out.printf(Locale.ROOT, "inclusion: %d threads, %.0f proofs/s, latency p50 / p90 / p99 / p99.9 / max %s,"
        + " errors %d; cores %s; %d of %d sampled proofs verify against the signed root%n", nThreads,
        n / split.seconds(), Latencies.summary(sorted), errors.get(), split, sample - bad, sample);
    return errors.get() == 0 && bad == 0;
  }

  // Helpers --------------------------------------------------------------------------------------

  private static String settings(DataSource ds) {
    StringBuilder out = new StringBuilder();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String name : List.of("fsync", "synchronous_commit", "wal_sync_method", "full_page_writes",
          "shared_buffers", "commit_delay", "max_wal_size")) {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
          rs.next();
          out.append(out.isEmpty() ? "" : ", ").append(name).append('=').append(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      out.append("settings unreadable: ").append(e.getMessage());
    }
    return out.toString();
  }

  private static void sleep(double seconds) throws InterruptedException {
    Thread.sleep(Duration.ofNanos((long) (seconds * 1e9)));
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    for (long now; (now = System.nanoTime()) < nanoTime; ) {
      Thread.sleep(Duration.ofNanos(nanoTime - now));
    }
  }

  /** Stops the writer, the pool and PostgreSQL, and deletes the temp data folder. Idempotent. */
  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      closeLog();
    } catch (RuntimeException e) {
      System.err.println("closing the log failed: " + e);
    }
    if (verifiable != null) {
      verifiable.close();
    }
    if (database != null) {
      database.close();
    }
    if (server != null) {
      server.close();
      System.out.println("embedded PostgreSQL stopped");
    }
    if (deleteDir) {
      deleteRecursively(dir);
    } else {
      System.out.println("data kept in " + dir);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort
        }
      });
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
