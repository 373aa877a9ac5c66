package dev.mandate.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.processinglog.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing log in PostgreSQL, with group commit. Callers (typically many virtual threads)
 * put their event on a bounded queue and wait; one writer thread takes up to {@code maxBatch}
 * waiting events, inserts them in one transaction, commits, and only then tells each caller its
 * sequence number. So every {@link #append} returns only once its record is durable, while the
 * database sees one commit per batch instead of one per event.
 *
 * <p>Fails closed: if a batch cannot be committed, every caller in it gets {@link Unavailable};
 * if the queue stays full for {@code enqueueTimeout}, the caller gets {@link Unavailable} too.
 * No event is ever dropped silently. Each batch transaction holds an advisory lock while it
 * inserts and commits, so across processes sequence numbers become visible in increasing
 * order and a reader paging by sequence never skips a record committed later.
 */
public final class JdbcProcessingLog implements ProcessingLog, AutoCloseable {
  /** Advisory lock key serialising batch transactions across processes ("MNDT" + 2). */
  static final long APPEND_LOCK = 0x4D4E_4454_0000_0002L;
  private static final Logger LOG = LoggerFactory.getLogger(JdbcProcessingLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNAVAILABLE = "The processing record could not be made durable, so nothing was done.";

  /**
   * How the writer batches and how long callers wait.
   *
   * @param maxBatch most events in one transaction
   * @param queueCapacity most events waiting for the writer
   * @param enqueueTimeout how long a caller waits for room in a full queue before {@link Unavailable}
   * @param commitTimeout how long a caller waits for its batch to commit before {@link Unavailable}
   */
  public record Options(int maxBatch, int queueCapacity, Duration enqueueTimeout, Duration commitTimeout) {
    public static final Options DEFAULT = new Options(512, 8192, Duration.ofSeconds(2), Duration.ofSeconds(10));

    public Options {
      if (maxBatch < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException("maxBatch and queueCapacity must be positive");
      }
    }
  }

  /** An event ready to insert: its JSON is made by the caller, so a bad event fails only its own caller. */
  private record Pending(ProcessingEvent event, String json, CompletableFuture<Long> sequence) {}

  private final DataSource dataSource;
  private final Options options;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private volatile int lastBatchSize;

  public JdbcProcessingLog(DataSource dataSource) {
    this(dataSource, Options.DEFAULT);
  }

  public JdbcProcessingLog(DataSource dataSource, Options options) {
    this.dataSource = dataSource;
    this.options = options;
    this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    this.writer = Thread.ofPlatform().name("processing-log-writer").daemon(true).unstarted(this::writeLoop);
    this.writer.start();
  }

  @Override
  public long append(ProcessingEvent event) {
    if (event.time() == null || event.customer() == null || event.type() == null) {
      throw new IllegalArgumentException("a processing event needs a time, a customer and a type");
    }
    Pending pending = new Pending(event, json(event), new CompletableFuture<>());
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
    try {
      return pending.sequence().get(options.commitTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE, e.getCause());
    } catch (TimeoutException e) {
      // The batch may still commit later: then a record exists for an action that was not taken,
      // which errs on the safe side (never an action without a record).
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE + " (timed out)", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, UNAVAILABLE + " (interrupted)", null);
    }
  }

  private void writeLoop() {
    List<Pending> batch = new ArrayList<>(options.maxBatch());
    while (true) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, options.maxBatch() - 1);
        write(batch);
      } catch (InterruptedException e) {
        // close() never interrupts; keep draining so no caller is left waiting
      } catch (RuntimeException | Error e) {
        fail(batch, e);
      } finally {
        batch.clear();
      }
    }
  }

  private void write(List<Pending> batch) {
    long[] sequences;
    try {
      sequences = insertAndCommit(batch);
    } catch (SQLException e) {
      fail(batch, Sql.failure("processing record batch insert", e));
      return;
    }
    commits.incrementAndGet();
    appended.addAndGet(batch.size());
    lastBatchSize = batch.size();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).sequence().complete(sequences[i]);
    }
  }

  private void fail(List<Pending> batch, Throwable cause) {
    failedBatches.incrementAndGet();
    LOG.error("processing record batch of {} failed; every caller in it gets 503: {}", batch.size(), cause.toString());
    for (Pending p : batch) {
      p.sequence().completeExceptionally(cause);
    }
  }

  private long[] insertAndCommit(List<Pending> batch) throws SQLException {
    StringBuilder sql = new StringBuilder(
        "INSERT INTO processing_records (customer_id, recorded_at, type, effect, event) VALUES ");
    for (int i = 0; i < batch.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, CAST(? AS JSONB))");
    }
    sql.append(" RETURNING sequence");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, APPEND_LOCK);
          lock.execute();
        }
        long[] sequences = new long[batch.size()];
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
          int p = 1;
          for (Pending pending : batch) {
            ProcessingEvent e = pending.event();
            ps.setString(p++, e.customer().value());
            ps.setObject(p++, Sql.timestamp(e.time()));
            ps.setString(p++, e.type().name());
            ps.setString(p++, e.effect() == null ? null : e.effect().name());
            ps.setString(p++, pending.json());
          }
          try (ResultSet rs = ps.executeQuery()) {
            int i = 0;
            while (rs.next()) {
              sequences[i++] = rs.getLong(1);
            }
            // Rows come back in the order of the VALUES list; anything else is refused, not guessed.
            if (i != sequences.length || !increasing(sequences)) {
              throw new SQLException("unexpected sequence numbers from the batch insert", "MD004");
            }
          }
        }
        c.commit();
        return sequences;
      } catch (SQLException | RuntimeException e) {
        Sql.rollbackQuietly(c);
        throw e;
      }
    }
  }

  private static boolean increasing(long[] values) {
    for (int i = 1; i < values.length; i++) {
      if (values[i] <= values[i - 1]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<RecordedEvent> read(CustomerId customer, long afterSequence, int limit, Effect effect) {
    String sql = "SELECT sequence, event FROM processing_records WHERE customer_id = ? AND sequence > ?"
        + (effect == null ? "" : " AND effect = ?") + " ORDER BY sequence LIMIT ?";
    return Sql.transaction(dataSource, "processing record read", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setString(i++, customer.value());
        ps.setLong(i++, afterSequence);
        if (effect != null) {
          ps.setString(i++, effect.name());
        }
        ps.setInt(i, limit);
        List<RecordedEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            events.add(new RecordedEvent(rs.getLong("sequence"), event(rs.getString("event"))));
          }
        }
        return events;
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

  /** The event as JSON: every field of {@link ProcessingEvent}; instants at full precision. */
  static String json(ProcessingEvent e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("time", e.time().toString());
    o.put("customer", e.customer().value());
    o.put("type", e.type().name());
    o.put("actor", e.actor());
    o.put("agreementVersion", e.agreementVersion());
    o.put("termsHash", e.termsHash());
    o.put("purpose", e.purpose());
    o.put("operation", e.operation());
    ArrayNode categories = o.putArray("dataCategories");
    e.dataCategories().forEach(categories::add);
    o.put("dataSubjectCategory", e.dataSubjectCategory());
    o.put("subject", e.subject());
    o.put("recordRef", e.recordRef());
    o.put("effect", e.effect() == null ? null : e.effect().name());
    ArrayNode reasons = o.putArray("reasons");
    e.reasons().forEach(reasons::add);
    o.put("requestId", e.requestId());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("processing event could not be written as JSON");
    }
  }

  static ProcessingEvent event(String json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("processing_records.event could not be read");
    }
    String effect = text(o, "effect");
    return new ProcessingEvent(
        Instant.parse(o.get("time").asText()),
        new CustomerId(o.get("customer").asText()),
        EventType.valueOf(o.get("type").asText()),
        text(o, "actor"),
        o.hasNonNull("agreementVersion") ? o.get("agreementVersion").asInt() : null,
        text(o, "termsHash"),
        text(o, "purpose"),
        text(o, "operation"),
        strings(o, "dataCategories"),
        text(o, "dataSubjectCategory"),
        text(o, "subject"),
        text(o, "recordRef"),
        effect == null ? null : Effect.valueOf(effect),
        strings(o, "reasons"),
        text(o, "requestId"));
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode o, String field) {
    List<String> values = new ArrayList<>();
    JsonNode array = o.get(field);
    if (array != null) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }
}
