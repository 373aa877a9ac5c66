package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.Fixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.processinglog.RecordedEvent;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.ProcessingLogContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcProcessingLogIT extends ProcessingLogContract {
  private PostgresDatabase database;
  private JdbcProcessingLog jdbcLog;

  @Override
  protected ProcessingLog newLog() {
    database = TestDatabases.fresh();
    jdbcLog = new JdbcProcessingLog(database.dataSource());
    return jdbcLog;
  }

  @AfterEach
  void closeLogAndDatabase() {
    jdbcLog.close();
    database.close();
  }

  @Test
  void recordsCannotBeChangedOrRemovedNotEvenThroughSql() throws Exception {
    log.append(decision(ACME, Effect.DENY, "req-1"));

    assertThatThrownBy(() -> sql("UPDATE log_entries SET effect = 'PERMIT'"))
        .isInstanceOf(SQLException.class).hasMessageContaining("append-only").hasMessageContaining("UPDATE");
    assertThatThrownBy(() -> sql("DELETE FROM log_entries"))
        .isInstanceOf(SQLException.class).hasMessageContaining("append-only").hasMessageContaining("DELETE");
    assertThatThrownBy(() -> sql("TRUNCATE log_entries"))
        .isInstanceOf(SQLException.class).hasMessageContaining("append-only").hasMessageContaining("TRUNCATE");
    assertThat(log.read(ACME, 0, 10, null)).singleElement()
        .satisfies(e -> assertThat(e.event().effect()).isEqualTo(Effect.DENY));
  }

  /**
   * 64 callers × 200 appends: every append gets its own sequence number, the event stored under
   * it is the one appended, and far fewer transactions than appends are committed.
   */
  @Test
  void concurrentAppendsAreGroupCommitted() throws Exception {
    int threads = 64;
    int perThread = 200;
    List<CustomerId> customers = List.of(new CustomerId("c0"), new CustomerId("c1"), new CustomerId("c2"),
        new CustomerId("c3"), new CustomerId("c4"), new CustomerId("c5"), new CustomerId("c6"), new CustomerId("c7"));
    Map<String, String> requestBySequence = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> callers = new ArrayList<>();
    long commitsBefore = jdbcLog.commits();
    long started;
    long elapsed;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        CustomerId customer = customers.get(t % customers.size());
        callers.add(pool.submit(() -> {
          start.await();
          long previous = -1;
          for (int i = 0; i < perThread; i++) {
            String requestId = "t" + thread + "-" + i;
            long index = log.append(decision(customer, i % 7 == 0 ? Effect.DENY : Effect.PERMIT, requestId));
            assertThat(index).as("a later append of the same caller").isGreaterThan(previous);
            previous = index;
            String key = customer.value() + "/" + index;
            assertThat(requestBySequence.put(key, requestId)).as("index %s given twice", key).isNull();
          }
          return null;
        }));
      }
      started = System.nanoTime();
      start.countDown();
      for (Future<?> f : callers) {
        f.get(120, TimeUnit.SECONDS);
      }
      elapsed = System.nanoTime() - started;
    }

    int appends = threads * perThread;
    long commits = jdbcLog.commits() - commitsBefore;
    System.out.printf("group commit on %s: %d appends by %d virtual threads in %d ms = %.0f appends/s,"
            + " %d commits (mean batch %.1f, last batch %d)%n",
        TestDatabases.backendName(), appends, threads, elapsed / 1_000_000, appends / (elapsed / 1e9), commits,
        (double) appends / commits, jdbcLog.lastBatchSize());

    assertThat(requestBySequence).hasSize(appends);
    assertThat(count()).isEqualTo(appends);
    assertThat(commits).as("transactions for %d appends", appends).isLessThan(appends / 4);
    Map<String, String> stored = new HashMap<>();
    for (CustomerId customer : customers) {
      List<RecordedEvent> events = readAll(customer);
      assertThat(events).hasSize(appends / customers.size());
      long expected = 0;
      for (RecordedEvent e : events) {
        assertThat(e.index()).as("indexes run 0, 1, 2, … without gaps").isEqualTo(expected++);
        assertThat(e.event().customer()).isEqualTo(customer);
        stored.put(customer.value() + "/" + e.index(), e.event().requestId());
      }
    }
    assertThat(stored).as("each index holds the event whose append returned it").isEqualTo(requestBySequence);
    assertThat(jdbcLog.queueDepth()).isZero();
  }

  /** The same load with batches of one, as the baseline the group commit figure above compares to. */
  @Test
  void baselineWithoutGroupCommit() throws Exception {
    int threads = 64;
    int perThread = 5;
    JdbcProcessingLog unbatched = new JdbcProcessingLog(database.dataSource(),
        new JdbcProcessingLog.Options(1, 8192, Duration.ofSeconds(2), Duration.ofSeconds(60)));
    long elapsed;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> callers = new ArrayList<>();
      long started = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        callers.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            unbatched.append(decision(ACME, Effect.PERMIT, "baseline"));
          }
        }));
      }
      for (Future<?> f : callers) {
        f.get(120, TimeUnit.SECONDS);
      }
      elapsed = System.nanoTime() - started;
    } finally {
      unbatched.close();
    }

    int appends = threads * perThread;
    System.out.printf("baseline without group commit on %s: %d appends by %d virtual threads in %d ms = %.0f appends/s,"
        + " %d commits%n", TestDatabases.backendName(), appends, threads, elapsed / 1_000_000,
        appends / (elapsed / 1e9), unbatched.commits());
    assertThat(unbatched.commits()).isEqualTo(appends);
    assertThat(count()).isEqualTo(appends);
  }

  @Test
  void aBatchThatCannotCommitFailsEveryCallerAndTheLogRecovers() throws Exception {
    log.append(decision(ACME, Effect.PERMIT, "before"));
    sql("""
        CREATE FUNCTION reject_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$;
        CREATE TRIGGER reject_insert BEFORE INSERT ON log_entries
            FOR EACH ROW EXECUTE FUNCTION reject_insert();""");

    List<Future<Throwable>> callers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 20; i++) {
        String requestId = "during-" + i;
        callers.add(pool.submit(() -> catchThrowableOfType(Unavailable.class,
            () -> log.append(decision(ACME, Effect.PERMIT, requestId)))));
      }
      for (Future<Throwable> f : callers) {
        Throwable failure = f.get(30, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(Unavailable.class);
        assertThat(((Unavailable) failure).code()).isEqualTo(ErrorCode.PROCESSING_RECORD_UNAVAILABLE);
        assertThat(failure.getMessage()).doesNotContain("simulated");
      }
    }
    assertThat(jdbcLog.failedBatches()).isPositive();

    sql("DROP TRIGGER reject_insert ON log_entries");
    long after = log.append(decision(ACME, Effect.PERMIT, "after"));

    assertThat(log.read(ACME, 0, 100, null)).extracting(e -> e.event().requestId()).containsExactly("before", "after");
    assertThat(after).as("no index was used up by the failed batch").isEqualTo(1);
  }

  @Test
  void withTheDatabaseGoneAppendsFailClosed() {
    log.append(decision(ACME, Effect.PERMIT, "before"));
    database.close();

    Unavailable failure = catchThrowableOfType(Unavailable.class, () -> log.append(decision(ACME, Effect.PERMIT, "x")));

    assertThat(failure.code()).isEqualTo(ErrorCode.PROCESSING_RECORD_UNAVAILABLE);
  }

  @Test
  void aFullQueueFailsTheCallerAfterTheBoundAndDropsNothing() throws Exception {
    Gate gate = new Gate(database.dataSource());
    JdbcProcessingLog slow = new JdbcProcessingLog(gate,
        new JdbcProcessingLog.Options(2, 3, Duration.ofMillis(200), Duration.ofSeconds(30)));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Long>> queued = new ArrayList<>();
      queued.add(pool.submit(() -> slow.append(decision(ACME, Effect.PERMIT, "held-by-writer"))));
      assertThat(gate.entered.await(10, TimeUnit.SECONDS)).as("the writer is waiting for a connection").isTrue();
      for (int i = 0; i < 3; i++) {
        String requestId = "queued-" + i;
        queued.add(pool.submit(() -> slow.append(decision(ACME, Effect.PERMIT, requestId))));
      }
      while (slow.queueDepth() < 3) {
        Thread.sleep(5);
      }

      long before = System.nanoTime();
      Unavailable full = catchThrowableOfType(Unavailable.class,
          () -> slow.append(decision(ACME, Effect.PERMIT, "one-too-many")));
      long waitedMs = (System.nanoTime() - before) / 1_000_000;

      assertThat(full.code()).isEqualTo(ErrorCode.PROCESSING_RECORD_UNAVAILABLE);
      assertThat(waitedMs).isBetween(150L, 5_000L);
      gate.open.countDown();
      for (Future<Long> f : queued) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isNotNegative();
      }
    } finally {
      gate.open.countDown();
      slow.close();
    }

    assertThat(log.read(ACME, 0, 100, null)).extracting(e -> e.event().requestId())
        .containsExactlyInAnyOrder("held-by-writer", "queued-0", "queued-1", "queued-2");
  }

  @Test
  void closeWritesWhatIsQueuedAndRefusesLaterAppends() throws Exception {
    List<Future<Long>> callers = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        String requestId = "r" + i;
        callers.add(pool.submit(() -> log.append(decision(ACME, Effect.PERMIT, requestId))));
      }
      Thread.sleep(20);
      jdbcLog.close();
      int succeeded = 0;
      for (Future<Long> f : callers) {
        try {
          f.get(30, TimeUnit.SECONDS);
          succeeded++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(Unavailable.class);
        }
      }
      assertThat(count()).as("every append that returned is stored").isEqualTo(succeeded);
    }

    assertThatThrownBy(() -> log.append(decision(ACME, Effect.PERMIT, "late")))
        .isInstanceOf(Unavailable.class).hasMessageContaining("closed");
  }

  private List<RecordedEvent> readAll(CustomerId customer) {
    List<RecordedEvent> all = new ArrayList<>();
    long from = 0;
    while (true) {
      List<RecordedEvent> page = log.read(customer, from, 1000, null);
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      from = page.getLast().index() + 1;
    }
  }

  private long count() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM log_entries")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void sql(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A data source whose connections are handed out only once {@link #open} is counted down. */
  private static final class Gate extends DelegatingDataSource {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);

    Gate(DataSource delegate) {
      super(delegate);
    }

    @Override
    public Connection getConnection() throws SQLException {
      entered.countDown();
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted");
      }
      return super.getConnection();
    }
  }
}
