package dev.mandate.storage.jdbc;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.processinglog.EventJson;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.processinglog.RecordedEvent;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.LogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing log in PostgreSQL: one append-only log per customer whose entries are the
 * leaves of a Merkle tree (docs/design/processing-log.md), with group commit. Callers (typically
 * many virtual threads) put their event on a bounded queue and wait; one writer thread takes up
 * to {@code maxBatch} waiting events, gives each the next index of its customer's log and the
 * hash of the entry before it, and stores the whole batch with one call of the {@code log_append}
 * database function: one statement, one round trip, one commit. Only then is each caller told its
 * index. So every {@link #append} returns only once its entry is durable, while the database sees
 * one commit per batch instead of one per event.
 *
 * <p>Several processes may write to one database. The writer keeps each customer's log head (size
 * and last leaf hash) in memory; {@code log_append} advances the heads with a compare-and-set and
 * refuses the whole batch (SQLSTATE MD010) if another process got there first, and then the writer
 * reloads the heads and tries again. So there is never a fork, a gap or a duplicate index.
 *
 * <p>Fails closed: if a batch cannot be committed, every caller in it gets {@link Unavailable};
 * if the queue stays full for {@code enqueueTimeout}, the caller gets {@link Unavailable} too.
 * No event is ever dropped silently.
 */
public final class JdbcProcessingLog implements ProcessingLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcProcessingLog.class);
  private static final String UNAVAILABLE = "The processing record could not be made durable, so nothing was done.";
  /** SQLSTATE raised by log_append when a head moved under us; and PostgreSQL's deadlock. */
  private static final String HEAD_MOVED = "MD010";
  private static final String DEADLOCK = "40P01";

  /**
   * How the writer batches and how long callers wait.
   *
   * @param maxBatch most events in one transaction
   * @param queueCapacity most events waiting for the writer
   * @param enqueueTimeout how long a caller waits for room in a full queue before {@link Unavailable}
   * @param commitTimeout how long one batch's statement may run before it fails ({@link Unavailable})
   * @param pipelineDepth how many batches may be on their way to the database at once
   */
  public record Options(int maxBatch, int queueCapacity, Duration enqueueTimeout, Duration commitTimeout,
      int pipelineDepth) {
    public static final Options DEFAULT = new Options(1024, 16384, Duration.ofSeconds(2), Duration.ofSeconds(10), 2);

    public Options {
      if (maxBatch < 1 || queueCapacity < 1 || pipelineDepth < 1) {
        throw new IllegalArgumentException("maxBatch, queueCapacity and pipelineDepth must be positive");
      }
    }

    public Options(int maxBatch, int queueCapacity, Duration enqueueTimeout, Duration commitTimeout) {
      this(maxBatch, queueCapacity, enqueueTimeout, commitTimeout, DEFAULT.pipelineDepth());
    }
  }

  /** An event ready to frame: its JSON is made by the caller, so a bad event fails only its own caller. */
  private record Pending(ProcessingEvent event, byte[] json, CompletableFuture<Long> index) {}

  /** Where a customer's log ends, as this writer last knew it. */
  private record Head(long size, byte[] lastLeafHash) {}

  private final DataSource dataSource;
  private final Options options;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private final ExecutorService committers;
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private final Map<String, Head> heads = new HashMap<>(); // writer thread only
  private volatile boolean closed;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private volatile int lastBatchSize;

  public JdbcProcessingLog(DataSource dataSource) {
    this(dataSource, Options.DEFAULT);
  }

  public JdbcProcessingLog(DataSource dataSource, Options options) {
    this.dataSource = dataSource;
    this.options = options;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.committers = Executors.newFixedThreadPool(options.pipelineDepth(),
        Thread.ofPlatform().name("processing-log-committer-", 0).daemon(true).factory());
    this.writer = Thread.ofPlatform().name("processing-log-writer").daemon(true).unstarted(this::writeLoop);
    this.writer.start();
  }

  @Override
  public long append(ProcessingEvent event) {
    if (event.time() == null || event.customer() == null || event.type() == null) {
      throw new IllegalArgumentException("a processing event needs a time, a customer and a type");
    }
    Pending pending = new Pending(event, EventJson.canonical(event), new CompletableFuture<>());
    closing.readLock().lock();
    try {
      if (closed) {
        throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE + " (the log is closed)", null);
      }
      if (!queue.offer(pending, options.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE + " (too many records waiting)", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE + " (interrupted)", null);
    } finally {
      closing.readLock().unlock();
    }
    // A caller never waits longer than commitTimeout, whatever happens to the database or the
    // network. If its batch commits after all, or the connection broke during COMMIT, a record
    // exists for an action that was not taken: that errs on the safe side (never an action
    // without a record), and docs/design/processing-log.md says so.
    try {
      return pending.index().get(options.commitTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE, e.getCause());
    } catch (TimeoutException e) {
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE + " (timed out)", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE + " (interrupted)", null);
    }
  }

  /** A batch on its way to the database; {@code stored} completes when its commit is known. */
  private record InFlight(Framed framed, CompletableFuture<Void> stored) {}

  /**
   * Frames batches and keeps up to {@code pipelineDepth} of them in flight, each committed by a
   * committer thread on its own connection: while one batch waits for its commit (and fsync), the
   * next is already framed, chained onto it, and on its way. Callers are told their index in
   * batch order, once their own batch is committed.
   */
  private void writeLoop() {
    ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    while (true) {
      List<Pending> batch = new ArrayList<>(options.maxBatch());
      try {
        if (!inFlight.isEmpty() && (inFlight.size() >= options.pipelineDepth() || inFlight.peek().stored().isDone())) {
          settleOldest(inFlight);
          continue;
        }
        Pending first = inFlight.isEmpty()
            ? queue.poll(100, TimeUnit.MILLISECONDS)
            : queue.poll(500, TimeUnit.MICROSECONDS);
        if (first == null) {
          if (inFlight.isEmpty() && closed && queue.isEmpty()) {
            committers.shutdown();
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, options.maxBatch() - 1);
        Framed framed = frame(batch);
        framed.newHeads().forEach(heads::put); // the next batch chains onto this one
        inFlight.add(new InFlight(framed, CompletableFuture.runAsync(() -> store(framed), committers)));
      } catch (InterruptedException e) {
        // close() never interrupts; keep draining so no caller is left waiting
      } catch (SQLException | RuntimeException | Error e) {
        // the heads could not be loaded, or something unexpected: settle what is in flight first
        try {
          settleAll(inFlight);
        } catch (RuntimeException | Error again) {
          for (InFlight f : inFlight) {
            fail(f.framed().batch(), again);
          }
          inFlight.clear();
        }
        heads.clear();
        fail(batch, e instanceof SQLException q ? Sql.failure("processing log append", q) : e);
      }
    }
  }

  /** Waits for the oldest batch in flight and tells its callers. */
  private void settleOldest(ArrayDeque<InFlight> inFlight) {
    InFlight oldest = inFlight.poll();
    SQLException failure = outcome(oldest);
    if (failure == null) {
      succeeded(oldest.framed());
      return;
    }
    // Every later batch was framed on top of this one. Those that touch its customers fail their
    // compare-and-set; those that do not may have committed. Keep what committed, then redo the
    // rest one by one from what the database says.
    heads.clear();
    List<InFlight> later = new ArrayList<>(inFlight);
    inFlight.clear();
    List<Framed> again = new ArrayList<>();
    again.add(oldest.framed());
    List<SQLException> why = new ArrayList<>();
    why.add(failure);
    for (InFlight f : later) {
      SQLException e = outcome(f);
      if (e == null) {
        succeeded(f.framed());
      } else {
        again.add(f.framed());
        why.add(e);
      }
    }
    heads.clear();
    for (int i = 0; i < again.size(); i++) {
      if (contention(why.get(i))) {
        retries.incrementAndGet();
        writeAgain(again.get(i).batch());
      } else {
        fail(again.get(i).batch(), Sql.failure("processing log append", why.get(i)));
      }
    }
  }

  private void settleAll(ArrayDeque<InFlight> inFlight) {
    while (!inFlight.isEmpty()) {
      settleOldest(inFlight);
    }
  }

  /** Null if the batch committed; otherwise why not. */
  private static SQLException outcome(InFlight f) {
    try {
      f.stored().join();
      return null;
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedSql u) {
        return u.sql;
      }
      return new SQLException("the batch could not be stored: " + (cause == null ? "?" : cause.getClass().getSimpleName()),
          "MD013");
    }
  }

  /** Another writer got there first (or the two deadlocked): worth framing again from fresh heads. */
  private static boolean contention(SQLException e) {
    return HEAD_MOVED.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState())
        || Sql.UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /**
   * Frames and stores one batch on this thread from fresh heads, retrying while other writers win
   * the race: for up to {@code commitTimeout}, with a short random pause so that two writers do
   * not keep colliding in step.
   */
  private void writeAgain(List<Pending> batch) {
    long deadline = System.nanoTime() + options.commitTimeout().toNanos();
    while (true) {
      try {
        Framed framed = frame(batch);
        store(framed);
        framed.newHeads().forEach(heads::put);
        succeeded(framed);
        return;
      } catch (SQLException | UncheckedSql e) {
        SQLException q = e instanceof UncheckedSql u ? u.sql : (SQLException) e;
        heads.clear(); // whatever happened, the next attempt starts from what the database says
        if (!contention(q) || System.nanoTime() > deadline) {
          fail(batch, Sql.failure("processing log append", q));
          return;
        }
        retries.incrementAndGet();
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(100_000, 2_000_000));
      }
    }
  }

  private void succeeded(Framed framed) {
    List<Pending> batch = framed.batch();
    commits.incrementAndGet();
    appended.addAndGet(batch.size());
    lastBatchSize = batch.size();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).index().complete(framed.indexes()[i]);
    }
  }

  /** An SQLException carried out of a committer thread. */
  private static final class UncheckedSql extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SQLException sql;

    UncheckedSql(SQLException sql) {
      super(null, null, false, false);
      this.sql = sql;
    }
  }

  /** A batch framed as entries against the heads this writer knows. */
  private record Framed(List<Pending> batch, long[] indexes, byte[][] leafHashes, byte[][] entries,
      Map<String, Head> oldHeads, Map<String, Head> newHeads) {}

  private Framed frame(List<Pending> batch) throws SQLException {
    loadMissingHeads(batch);
    Map<String, Head> oldHeads = new LinkedHashMap<>();
    Map<String, Head> current = new HashMap<>();
    long[] indexes = new long[batch.size()];
    byte[][] leafHashes = new byte[batch.size()][];
    byte[][] entries = new byte[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      String customer = batch.get(i).event().customer().value();
      Head head = current.computeIfAbsent(customer, heads::get);
      oldHeads.putIfAbsent(customer, head);
      byte[] entry = LogEntry.frame(batch.get(i).json(), head.size(), head.lastLeafHash());
      byte[] leaf = Hashes.leafHash(entry);
      indexes[i] = head.size();
      leafHashes[i] = leaf;
      entries[i] = entry;
      current.put(customer, new Head(head.size() + 1, leaf));
    }
    return new Framed(batch, indexes, leafHashes, entries, oldHeads, current);
  }

  private void loadMissingHeads(List<Pending> batch) throws SQLException {
    Set<String> missing = new LinkedHashSet<>();
    for (Pending p : batch) {
      String customer = p.event().customer().value();
      if (!heads.containsKey(customer)) {
        missing.add(customer);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT customer_id, size, last_leaf_hash FROM log_heads WHERE customer_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", missing.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getBytes(3)));
        }
      }
    }
    for (String customer : missing) {
      heads.putIfAbsent(customer, new Head(0, null));
    }
  }

  private void store(Framed f) {
    try {
      insert(f);
    } catch (SQLException e) {
      throw new UncheckedSql(e);
    }
  }

  private void insert(Framed f) throws SQLException {
    int customers = f.oldHeads().size();
    String[] headCustomers = new String[customers];
    Long[] expected = new Long[customers];
    byte[][] expectedLast = new byte[customers][];
    Long[] newSizes = new Long[customers];
    byte[][] newLast = new byte[customers][];
    int h = 0;
    for (Map.Entry<String, Head> e : f.oldHeads().entrySet()) {
      Head now = f.newHeads().get(e.getKey());
      headCustomers[h] = e.getKey();
      expected[h] = e.getValue().size();
      expectedLast[h] = e.getValue().lastLeafHash();
      newSizes[h] = now.size();
      newLast[h] = now.lastLeafHash();
      h++;
    }
    int n = f.batch().size();
    String[] entryCustomers = new String[n];
    Long[] indexes = new Long[n];
    String[] times = new String[n];
    String[] types = new String[n];
    String[] effects = new String[n];
    for (int i = 0; i < n; i++) {
      ProcessingEvent e = f.batch().get(i).event();
      entryCustomers[i] = e.customer().value();
      indexes[i] = f.indexes()[i];
      times[i] = Sql.timestamp(e.time()).toString();
      types[i] = e.type().name();
      effects[i] = e.effect() == null ? null : e.effect().name();
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true); // log_append is one statement, so it is its own transaction: one round trip
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT log_append(?, ?, ?, ?, ?, ?, ?, ?::timestamptz[], ?, ?, ?, ?)")) {
        ps.setQueryTimeout((int) Math.max(1, options.commitTimeout().toSeconds()));
        ps.setArray(1, c.createArrayOf("text", headCustomers));
        ps.setArray(2, c.createArrayOf("bigint", expected));
        ps.setArray(3, c.createArrayOf("bytea", expectedLast));
        ps.setArray(4, c.createArrayOf("bigint", newSizes));
        ps.setArray(5, c.createArrayOf("bytea", newLast));
        ps.setArray(6, c.createArrayOf("text", entryCustomers));
        ps.setArray(7, c.createArrayOf("bigint", indexes));
        ps.setArray(8, c.createArrayOf("text", times));
        ps.setArray(9, c.createArrayOf("text", types));
        ps.setArray(10, c.createArrayOf("text", effects));
        ps.setArray(11, c.createArrayOf("bytea", f.leafHashes()));
        ps.setArray(12, c.createArrayOf("bytea", f.entries()));
        ps.execute();
      }
    }
  }

  private void fail(List<Pending> batch, Throwable cause) {
    failedBatches.incrementAndGet();
    LOG.error("processing record batch of {} failed; every caller in it gets 503: {}", batch.size(), cause.toString());
    for (Pending p : batch) {
      p.index().completeExceptionally(cause);
    }
  }

  @Override
  public List<RecordedEvent> read(CustomerId customer, long fromIndex, int limit, Effect effect) {
    String sql = "SELECT idx, entry FROM log_entries WHERE customer_id = ? AND idx >= ?"
        + (effect == null ? "" : " AND effect = ?") + " ORDER BY idx LIMIT ?";
    return Sql.read(dataSource, "processing record read", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setString(i++, customer.value());
        ps.setLong(i++, fromIndex);
        if (effect != null) {
          ps.setString(i++, effect.name());
        }
        ps.setInt(i, limit);
        List<RecordedEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            events.add(new RecordedEvent(rs.getLong("idx"), LogEvents.fromEntry(rs.getBytes("entry"))));
          }
        }
        return events;
      }
    });
  }

  @Override
  public List<ActivityCount> activity(CustomerId customer, Instant from, Instant to) {
    String sql = """
        SELECT type, e->>'purpose' AS purpose, e->>'operation' AS operation, category, effect, count(*) AS n
          FROM (SELECT type, effect, convert_from(entry, 'UTF8')::jsonb -> 'event' AS e
                  FROM log_entries
                 WHERE customer_id = ? AND idx >= ? AND idx < ? AND recorded_at >= ? AND recorded_at < ?) AS entries
          LEFT JOIN LATERAL jsonb_array_elements_text(
              CASE WHEN jsonb_array_length(e->'dataCategories') = 0 THEN '[null]'::jsonb
                   ELSE e->'dataCategories' END) AS category ON true
         GROUP BY 1, 2, 3, 4, 5""";
    long size = LogTimes.size(dataSource, customer.value());
    long first = LogTimes.firstIndexAtOrAfter(dataSource, customer.value(), size, from);
    long end = LogTimes.firstIndexAtOrAfter(dataSource, customer.value(), size, to);
    return Sql.read(dataSource, "processing activity count", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, customer.value());
        ps.setLong(2, first);
        ps.setLong(3, end);
        ps.setObject(4, Sql.timestamp(from));
        ps.setObject(5, Sql.timestamp(to));
        List<ActivityCount> counts = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String effect = rs.getString("effect");
            counts.add(new ActivityCount(EventType.valueOf(rs.getString("type")), rs.getString("purpose"),
                rs.getString("operation"), rs.getString("category"), effect == null ? null : Effect.valueOf(effect),
                rs.getLong("n")));
          }
        }
        return counts;
      }
    });
  }

  /** Drains what is queued, writes it, and stops the writer. Appends after this get {@link Unavailable}. */
  @Override
  public void close() {
    closing.writeLock().lock();
    try {
      closed = true;
    } finally {
      closing.writeLock().unlock();
    }
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Events waiting for the writer now. */
  public int queueDepth() {
    return queue.size();
  }

  /** Size of the last batch committed. */
  public int lastBatchSize() {
    return lastBatchSize;
  }

  /** Batches stored again because another process had appended to one of their customers' logs first. */
  public long retries() {
    return retries.get();
  }

  /** Transactions committed so far (one per batch). */
  public long commits() {
    return commits.get();
  }

  /** Events made durable so far. */
  public long appended() {
    return appended.get();
  }

  /** Batches that failed, each answered with {@link Unavailable} to all of its callers. */
  public long failedBatches() {
    return failedBatches.get();
  }
}
