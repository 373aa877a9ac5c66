package dev.mandate.benchmarks.consent;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.marketing.AudienceMember;
import dev.mandate.core.vault.RecordId;
import dev.mandate.storage.jdbc.JdbcAudienceStore;
import dev.mandate.storage.jdbc.database.EmbeddedDatabaseServer;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Load test of the marketing-audience selection ({@link JdbcAudienceStore#page}) on the embedded
 * PostgreSQL of {@code mandate start-dev}. Target (ISO 27701 8.2.3 issue): 1,000,000 subjects
 * filtered in under 2 s.
 *
 * <p>Set-up (not measured), straight into the tables with {@code INSERT ... SELECT} over {@code
 * generate_series}: {@code --records} vault records (default 1,000,000) of customer {@code
 * bench-a} and {@code --other} (default 100,000) of {@code bench-b}, one person and one sealed
 * field each, random UUIDv4 ids (so id order is not insertion order, as in production); per person
 * one consent event and one {@code consent_current} row for {@code dpv:DirectMarketing}: 55 %
 * VALID, 5 % VALID until a year after the selection time, 2 % VALID but lapsed (valid_until before
 * it: must not be selected), 13 % WITHDRAWN, 13 % REFUSED, 12 % NOT_FROM_PERSON (a
 * customer-asserted grant); and for {@code dpv:PersonalisedAdvertising} another row per person
 * (40 % VALID), so that the probe has to tell purposes apart. Then {@code VACUUM ANALYZE}, as
 * autovacuum would leave a table that is mostly read.
 *
 * <p>Measured: a full pass over the audience of {@code bench-a} for {@code dpv:DirectMarketing},
 * {@link JdbcAudienceStore#page} after page with the last id as cursor, for each of {@code
 * --page-sizes} (default 10000,1000): {@code --warmup} passes (default 1) not reported, then
 * {@code --repeat} passes (default 5), each printing total ms, rows, rows/s, and the CPU seconds
 * used by PostgreSQL, by this JVM and by every other process (on a shared machine the wall time
 * depends on the others; PostgreSQL's CPU time per pass much less). Every
 * pass is checked: rows = the VALID, unexpired rows set up (counted independently in SQL), ids
 * strictly ascending in PostgreSQL's uuid order, every record of {@code bench-a} with its field.
 * Exit status 1 if a check fails. {@code --explain} prints {@code EXPLAIN (ANALYZE, BUFFERS)} of
 * the first and of a middle page.
 *
 * <p>The set-up takes about 10 minutes on a 2-vCPU machine. With {@code --data-dir D} the database
 * is kept in D, and a later run on the same D with the same sizes skips the set-up.
 */
public final class AudienceLoad {
  private static final String PURPOSE = "dpv:DirectMarketing";
  private static final String OTHER_PURPOSE = "dpv:PersonalisedAdvertising";
  private static final CustomerId CUSTOMER = new CustomerId("bench-a");
  private static final CustomerId OTHER_CUSTOMER = new CustomerId("bench-b");
  /** The selection time; consents were recorded before it. */
  private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");
  private static final Comparator<UUID> PG_UUID_ORDER = (a, b) -> {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  };

  private final Map<String, String> options;
  private EmbeddedDatabaseServer server;
  private PostgresDatabase database;
  private Path dir;
  private boolean deleteDir;
  private boolean stopped;

  private AudienceLoad(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> options = parse(argv);
    if (options.containsKey("help")) {
      System.out.println("options: --records 1m --other 100k --page-sizes 10000,1000 --repeat 5 --warmup 1 --pool 4"
          + " --data-dir D --keep --explain --verbose; see docs/performance.md");
      return;
    }
    if (!options.containsKey("verbose")) {
      Logger.getLogger("").setLevel(Level.WARNING);
      for (var h : Logger.getLogger("").getHandlers()) {
        h.setLevel(Level.WARNING);
      }
    }
    AudienceLoad load = new AudienceLoad(options);
    Runtime.getRuntime().addShutdownHook(new Thread(load::stop, "audienceload-stop"));
    int status;
    try {
      status = load.run();
    } finally {
      load.stop();
    }
    System.exit(status);
  }

  private int run() throws Exception {
    int records = count(options.getOrDefault("records", "1m"));
    int other = count(options.getOrDefault("other", "100k"));
    int[] pageSizes = Arrays.stream(options.getOrDefault("page-sizes", "10000,1000").split(","))
        .mapToInt(AudienceLoad::count).toArray();
    int repeat = Integer.parseInt(options.getOrDefault("repeat", "5"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "1"));
    int pool = Integer.parseInt(options.getOrDefault("pool", "4"));
    String given = options.get("data-dir");
    dir = given != null ? Path.of(given).toAbsolutePath() : Files.createTempDirectory("mandate-audienceload-");
    deleteDir = given == null && !options.containsKey("keep");

    System.out.printf(Locale.ROOT, "machine: nproc=%d, %s; load average %s%n", Runtime.getRuntime().availableProcessors(),
        Runtime.version(), loadAverage());
    long t0 = System.nanoTime();
    server = EmbeddedDatabaseServer.start(dir);
    database = new PostgresDatabase(server.config().withPoolSize(pool));
    DataSource ds = database.dataSource();
    System.out.printf(Locale.ROOT, "database: embedded PostgreSQL %s in %s (started and migrated in %d ms), %s%n",
        server.version(), dir, (System.nanoTime() - t0) / 1_000_000, settings(ds));

    long expected = setUp(ds, records, other);

    JdbcAudienceStore audience = new JdbcAudienceStore(ds);
    if (options.containsKey("explain")) {
      explain(ds, pageSizes[0]);
    }
    boolean ok = true;
    List<String> summary = new ArrayList<>();
    for (int pageSize : pageSizes) {
      for (int i = 0; i < warmup; i++) {
        Pass p = pass(audience, pageSize);
        ok &= check(p, expected);
        System.out.printf(Locale.ROOT, "warm-up  page %,6d: %s%n", pageSize, p);
      }
      long[] millis = new long[repeat];
      double[] pgSeconds = new double[repeat];
      for (int i = 0; i < repeat; i++) {
        Pass p = pass(audience, pageSize);
        ok &= check(p, expected);
        millis[i] = p.nanos() / 1_000_000;
        pgSeconds[i] = p.postgresSeconds();
        System.out.printf(Locale.ROOT, "pass %d   page %,6d: %s%n", i + 1, pageSize, p);
      }
      long[] sorted = millis.clone();
      Arrays.sort(sorted);
      double[] pgSorted = pgSeconds.clone();
      Arrays.sort(pgSorted);
      summary.add(String.format(Locale.ROOT, "page %,6d: %d passes of %,d rows from %,d records: min %,d ms, median %,d ms,"
          + " max %,d ms; median %,.0f rows/s, %,.0f records filtered/s; PostgreSQL CPU per pass: min %.2f s, median"
          + " %.2f s", pageSize, repeat, expected, records, sorted[0], sorted[repeat / 2], sorted[repeat - 1],
          expected * 1000.0 / sorted[repeat / 2], records * 1000.0 / sorted[repeat / 2], pgSorted[0],
          pgSorted[repeat / 2]));
    }
    System.out.println();
    summary.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "target: %,d subjects filtered in under 2 s: %s%n", records,
        summary.isEmpty() ? "-" : medianOf(summary.getFirst()) < 2000 ? "met (page " + pageSizes[0] + ")" : "missed");
    System.out.printf(Locale.ROOT, "checks: %s; load average at the end: %s%n", ok ? "OK" : "FAILED", loadAverage());
    return ok ? 0 : 1;
  }

  // Set-up ---------------------------------------------------------------------------------------

  /** Loads the tables; returns the number of bench-a records that must be selected. */
  private long setUp(DataSource ds, int records, int other) throws SQLException {
    long loaded;
    long t0 = System.nanoTime();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM vault_records")) {
        rs.next();
        loaded = rs.getLong(1);
      }
    }
    if (loaded == records + other) {
      System.out.printf(Locale.ROOT, "set-up: %,d records already loaded in %s, kept%n", loaded, dir);
    } else if (loaded > 0) {
      throw new IllegalStateException(dir + " holds " + loaded + " records, not " + (records + other));
    }
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      if (loaded > 0) {
        return expected(s, records);
      }
      for (CustomerId customer : List.of(CUSTOMER, OTHER_CUSTOMER)) {
        s.execute("INSERT INTO customers (id, name, jurisdictions, created_at, updated_at) VALUES ('" + customer.value()
            + "', 'Bench', ARRAY['eu-gdpr'], now(), now())");
      }
      load(s, CUSTOMER, 1, records);
      load(s, OTHER_CUSTOMER, records + 1, records + other);
      step("vacuum analyze", () -> s.execute("VACUUM (ANALYZE)"));
    }
    System.out.printf(Locale.ROOT, "set-up: %,d + %,d records loaded in %,d ms%n", records, other,
        (System.nanoTime() - t0) / 1_000_000);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      return expected(s, records);
    }
  }

  /** Prints sizes and the status mix; returns the number of records the audience must have. */
  private static long expected(Statement s, int records) throws SQLException {
    {
      try (ResultSet rs = s.executeQuery("""
          SELECT relname, pg_size_pretty(pg_relation_size(oid)), reltuples::bigint FROM pg_class
           WHERE relname IN ('vault_records', 'vault_fields', 'consent_current', 'consent_events', 'consent_current_pkey',
                             'consent_current_valid', 'vault_records_by_customer_id', 'vault_records_pkey',
                             'vault_fields_pkey')
           ORDER BY relname""")) {
        StringBuilder sizes = new StringBuilder("sizes:");
        while (rs.next()) {
          sizes.append(String.format(Locale.ROOT, " %s %s (%,d rows);", rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
        System.out.println(sizes);
      }
      try (ResultSet rs = s.executeQuery("""
          SELECT status, valid_until IS NULL, valid_until > '%s', count(*) FROM consent_current
           WHERE customer_id = '%s' AND purpose = '%s' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"""
          .formatted(AT, CUSTOMER.value(), PURPOSE))) {
        StringBuilder mix = new StringBuilder("consent_current of " + CUSTOMER.value() + " for " + PURPOSE + ":");
        while (rs.next()) {
          mix.append(String.format(Locale.ROOT, " %s%s %,d;", rs.getString(1), rs.getBoolean(2) ? ""
              : rs.getBoolean(3) ? " (valid_until later)" : " (valid_until passed)", rs.getLong(4)));
        }
        System.out.println(mix);
      }
      // counted independently of the page query: VALID, not expired, with a record
      try (ResultSet rs = s.executeQuery("""
          SELECT count(*) FROM consent_current c
           WHERE c.customer_id = '%s' AND c.purpose = '%s' AND c.status = 'VALID'
             AND (c.valid_until IS NULL OR c.valid_until > '%s')
             AND EXISTS (SELECT 1 FROM vault_records r WHERE r.customer_id = c.customer_id
                                                         AND r.subject_index = c.subject_index)"""
          .formatted(CUSTOMER.value(), PURPOSE, AT))) {
        rs.next();
        long expected = rs.getLong(1);
        System.out.printf(Locale.ROOT, "expected audience: %,d records (%.1f %% of %,d)%n", expected,
            100.0 * expected / records, records);
        return expected;
      }
    }
  }

  /**
   * People {@code from..to} of one customer: a record with one field, a submission, one event and
   * one current verdict per purpose. Person {@code i}'s status follows {@code i % 100}; record ids
   * are random, so the statuses are scattered over the id order.
   */
  private static void load(Statement s, CustomerId customer, int from, int to) throws SQLException {
    String c = customer.value();
    String people = "generate_series(%d, %d) AS i".formatted(from, to);
    // a 32-byte keyed-hash-like blind index per person, unique across customers
    String subjectIndex = "sha256(convert_to('subject-' || i, 'UTF8'))";
    step(c + ": vault_records", () -> s.execute("""
        INSERT INTO vault_records (id, customer_id, subject_index, subject_key_version, subject_ciphertext,
                                   data_subject_category, created_at, updated_at)
        SELECT gen_random_uuid(), '%s', %s, 1, sha256(int4send(i)) || substr(sha256(int8send(i)), 1, 12),
               CASE WHEN i %% 10 = 0 THEN 'dpv:Employee' ELSE 'dpv:Customer' END, now(), now()
          FROM %s""".formatted(c, subjectIndex, people)));
    step(c + ": vault_fields", () -> s.execute("""
        INSERT INTO vault_fields (record_id, customer_id, name, position, category, purpose, collected_at, expires_at,
                                  key_version, ciphertext, blind_index)
        SELECT id, customer_id, 'email', 0, 'dpv-pd:EmailAddress', '%s', created_at, created_at + interval '3 years', 1,
               sha256(subject_index) || sha256(subject_ciphertext), sha256(id::text::bytea)
          FROM vault_records WHERE customer_id = '%s'""".formatted(PURPOSE, c)));
    step(c + ": consent_submissions", () -> s.execute("""
        INSERT INTO consent_submissions (customer_id, submission_id, recorded_at)
        SELECT '%s', 'bulk-' || i, '2026-06-01T00:00:00Z'::timestamptz FROM %s""".formatted(c, people)));
    for (String purpose : List.of(PURPOSE, OTHER_PURPOSE)) {
      boolean main = purpose.equals(PURPOSE);
      // status by i % 100; for the other purpose shifted so it is not the same people
      String k = main ? "(i % 100)" : "((i + 37) % 100)";
      String status = (main
          ? "CASE WHEN %1$s < 62 THEN 'VALID' WHEN %1$s < 75 THEN 'WITHDRAWN' WHEN %1$s < 88 THEN 'REFUSED'"
              + " ELSE 'NOT_FROM_PERSON' END"
          : "CASE WHEN %1$s < 40 THEN 'VALID' WHEN %1$s < 70 THEN 'WITHDRAWN' ELSE 'REFUSED' END").formatted(k);
      String change = "CASE %s WHEN 'VALID' THEN 'granted' WHEN 'NOT_FROM_PERSON' THEN 'granted' WHEN 'WITHDRAWN'"
          + " THEN 'withdrawn' ELSE 'refused' END";
      String source = "CASE %s WHEN 'NOT_FROM_PERSON' THEN 'customer-asserted' ELSE 'data-subject-form' END";
      String validUntil = (main
          ? "CASE WHEN %1$s BETWEEN 55 AND 59 THEN '%2$s'::timestamptz + interval '1 year'"
              + " WHEN %1$s BETWEEN 60 AND 61 THEN '%2$s'::timestamptz - interval '1 day' END"
          : "NULL::timestamptz").formatted(k, AT);
      String table = "consent_tmp";
      step(c + ": consent_events " + purpose, () -> {
        s.execute("""
            CREATE TEMP TABLE %s AS
            SELECT gen_random_uuid() AS id, i, %s AS subject_index, %s AS status, %s AS valid_until FROM %s"""
            .formatted(table, subjectIndex, status, validUntil, people));
        s.execute("""
            INSERT INTO consent_events (id, customer_id, subject, subject_index, purpose, change, source, expressed_at,
                                        recorded_at, valid_until, notice_version, notice_sha256, notice_language,
                                        condition_of_service, jurisdiction, evidence, submission_id, actor, log_index)
            SELECT id, '%1$s', 'psn_' || encode(substr(sha256(subject_index), 1, 12), 'hex'), subject_index, '%2$s',
                   %3$s, %4$s, '2026-06-01T00:00:00Z'::timestamptz + i * interval '1 ms',
                   '2026-06-01T00:00:01Z'::timestamptz + i * interval '1 ms', valid_until, '2026-05', repeat('ab', 32),
                   'en', false, 'eu-gdpr', jsonb_build_object('formId', 'signup', 'ipSha256', repeat('cd', 32)),
                   'bulk-' || i, 'key_svc/bench', i
              FROM %5$s""".formatted(c, purpose, change.formatted("status"), source.formatted("status"), table));
        s.execute("""
            INSERT INTO consent_current (customer_id, subject_index, purpose, subject, status, event_id, log_index, since,
                                         valid_until, updated_at)
            SELECT '%1$s', subject_index, '%2$s', 'psn_' || encode(substr(sha256(subject_index), 1, 12), 'hex'), status,
                   id, i, '2026-06-01T00:00:00Z'::timestamptz + i * interval '1 ms', valid_until,
                   '2026-06-01T00:00:01Z'::timestamptz + i * interval '1 ms'
              FROM %3$s""".formatted(c, purpose, table));
        s.execute("DROP TABLE " + table);
      });
    }
  }

  @FunctionalInterface
  private interface SqlStep {
    void run() throws SQLException;
  }

  private static void step(String name, SqlStep step) throws SQLException {
    long t0 = System.nanoTime();
    step.run();
    System.out.printf(Locale.ROOT, "  %-45s %,8d ms%n", name, (System.nanoTime() - t0) / 1_000_000);
  }

  // Measurement ----------------------------------------------------------------------------------

  /**
   * One pass: wall time, and CPU seconds used by this JVM, by PostgreSQL (the postmaster and its
   * children) and by everything else on the machine. PostgreSQL's CPU time is what the selection
   * costs whatever else runs on a shared machine; the wall time is not.
   */
  private record Pass(long nanos, long rows, long pages, boolean ordered, boolean complete, double jvmSeconds,
      double postgresSeconds, double otherSeconds) {
    @Override
    public String toString() {
      double s = nanos / 1e9;
      return String.format(Locale.ROOT, "%,7d ms, %,9d rows in %,5d pages, %,9.0f rows/s; CPU s: postgres %.2f"
          + " (%.1f us/row), jvm %.2f, other processes %.2f (%.2f cores)", nanos / 1_000_000, rows, pages,
          rows / s, postgresSeconds, postgresSeconds * 1e6 / Math.max(1, rows), jvmSeconds, otherSeconds,
          otherSeconds / s);
    }
  }

  private Pass pass(JdbcAudienceStore audience, int pageSize) {
    long jvm0 = processCpuNanos();
    long pg0 = postgresTicks();
    long[] machine0 = machineTicks();
    long t0 = System.nanoTime();
    long rows = 0;
    long pages = 0;
    boolean ordered = true;
    boolean complete = true;
    RecordId after = null;
    while (true) {
      List<AudienceMember> page = audience.page(CUSTOMER, PURPOSE, null, AT, null, after, pageSize);
      pages++;
      for (AudienceMember m : page) {
        UUID id = m.record().id().value();
        if (after != null && PG_UUID_ORDER.compare(after.value(), id) >= 0) {
          ordered = false;
        }
        if (!m.record().customer().equals(CUSTOMER) || m.record().fields().size() != 1 || m.consentEvent() == null) {
          complete = false;
        }
        after = m.record().id();
      }
      rows += page.size();
      if (page.size() < pageSize) {
        break;
      }
    }
    long nanos = System.nanoTime() - t0;
    long jvm1 = processCpuNanos();
    long pg1 = postgresTicks();
    long[] machine1 = machineTicks();
    double jvm = (jvm1 - jvm0) / 1e9;
    double pg = (pg1 - pg0) / (double) HZ;
    double busy = (machine1[0] - machine0[0]) / (double) HZ;
    return new Pass(nanos, rows, pages, ordered, complete, jvm, pg, Math.max(0, busy - jvm - pg));
  }

  /** Clock ticks per second of /proc (USER_HZ): 100 on Linux. */
  private static final long HZ = 100;

  /**
   * CPU ticks of the embedded PostgreSQL: the postmaster's own and its reaped children's
   * ({@code cutime + cstime}), and those of its live children (backends, parallel workers).
   */
  private long postgresTicks() {
    try {
      long pm = Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid")).getFirst().trim());
      long total = ticks(pm, true);
      for (ProcessHandle child : ProcessHandle.of(pm).map(h -> h.descendants().toList()).orElse(List.of())) {
        total += ticks(child.pid(), false);
      }
      return total;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long ticks(long pid, boolean withChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static boolean check(Pass p, long expected) {
    boolean ok = p.rows() == expected && p.ordered() && p.complete();
    if (!ok) {
      System.out.printf(Locale.ROOT, "CHECK FAILED: rows %,d (expected %,d), ascending ids %s, complete records %s%n",
          p.rows(), expected, p.ordered(), p.complete());
    }
    return ok;
  }

  private static void explain(DataSource ds, int pageSize) throws SQLException {
    List<RecordId> cursors = new ArrayList<>();
    cursors.add(null);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM vault_records WHERE customer_id = '" + CUSTOMER.value()
            + "' ORDER BY id OFFSET (SELECT count(*) / 2 FROM vault_records WHERE customer_id = '"
            + CUSTOMER.value() + "') LIMIT 1")) {
      if (rs.next()) {
        cursors.add(new RecordId(rs.getObject(1, UUID.class)));
      }
    }
    for (RecordId after : cursors) {
      List<Object> parameters = new ArrayList<>();
      String sql = explainableSql(after, pageSize, parameters);
      try (Connection c = ds.getConnection();
          PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL max_parallel_workers_per_gather = 0"); // as JdbcAudienceStore.page does
        }
        for (int i = 0; i < parameters.size(); i++) {
          ps.setObject(i + 1, parameters.get(i));
        }
        System.out.println("EXPLAIN (ANALYZE, BUFFERS), page of " + pageSize + (after == null ? " from the start"
            : " from the middle") + ":");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            System.out.println("  " + rs.getString(1));
          }
        }
        c.rollback();
      }
    }
  }

  /** The statement {@link JdbcAudienceStore#page} runs (package-private there), through reflection. */
  private static String explainableSql(RecordId after, int pageSize, List<Object> parameters) {
    try {
      var m = JdbcAudienceStore.class.getDeclaredMethod("sql", CustomerId.class, String.class, String.class,
          Instant.class, String.class, RecordId.class, int.class, List.class);
      m.setAccessible(true);
      return (String) m.invoke(null, CUSTOMER, PURPOSE, null, AT, null, after, pageSize, parameters);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot reach JdbcAudienceStore.sql", e);
    }
  }

  // Helpers --------------------------------------------------------------------------------------

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** Busy and total ticks of the whole machine, from /proc/stat (zeros elsewhere). */
  private static long[] machineTicks() { // {busy, all}
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long all = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        all += Long.parseLong(f[i]);
      }
      return new long[] {all - idle, all};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String settings(DataSource ds) {
    StringBuilder out = new StringBuilder();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String name : List.of("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit")) {
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

  private static long medianOf(String summaryLine) {
    int i = summaryLine.indexOf("median ") + "median ".length();
    return Long.parseLong(summaryLine.substring(i, summaryLine.indexOf(" ms", i)).replace(",", ""));
  }

  private static int count(String s) {
    s = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
    if (s.endsWith("k")) {
      return (int) Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
    }
    if (s.endsWith("m")) {
      return (int) Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1_000_000);
    }
    return Integer.parseInt(s);
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> options = new HashMap<>();
    List<String> flags = List.of("keep", "explain", "verbose", "help");
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      String name = a.substring(2);
      if (name.contains("=")) {
        options.put(name.substring(0, name.indexOf('=')), name.substring(name.indexOf('=') + 1));
      } else if (flags.contains(name)) {
        options.put(name, "true");
      } else if (i + 1 < argv.length) {
        options.put(name, argv[++i]);
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
    }
    return options;
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (database != null) {
      database.close();
    }
    if (server != null) {
      server.close();
      System.out.println("embedded PostgreSQL stopped");
    }
    if (dir != null) {
      if (deleteDir) {
        deleteRecursively(dir);
      } else {
        System.out.println("data kept in " + dir);
      }
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
