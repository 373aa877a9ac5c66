package dev.mandate.storage.jdbc.testing;

import dev.mandate.storage.jdbc.database.DatabaseConfig;
import dev.mandate.storage.jdbc.database.DatabaseException;
import dev.mandate.storage.jdbc.database.EmbeddedDatabaseServer;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Fresh PostgreSQL databases for tests: {@code TestDatabases.fresh()} returns a brand-new database
 * with the production schema, isolated from every other test class.
 *
 * <p>Backend: by default one embedded PostgreSQL 18 per JVM, started on first use in a temporary
 * directory and stopped (and deleted) by a shutdown hook. It starts from a copy of a data
 * directory initialized once per user in the temp folder ({@code mandate-test-pg-seed-<user>}),
 * which saves initdb's seconds in every test JVM. When {@code MANDATE_TEST_PG_URL} is set
 * (with {@code MANDATE_TEST_PG_USER} and {@code MANDATE_TEST_PG_PASSWORD}), the databases are
 * created on that external server instead, e.g. CI's PostgreSQL 15; the URL names a database the
 * user may connect to (e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}) and the user needs
 * {@code CREATEDB}. Databases created on an external server are dropped at JVM exit.
 *
 * <p>Each database is a copy ({@code CREATE DATABASE ... TEMPLATE}) of a template migrated once
 * per JVM and migration location, so a fresh database costs a fraction of a second, not a full
 * migration run. Names are {@code mandate_test_<run>_<n>}, where {@code run} is unique per JVM so
 * that JVMs sharing an external server never collide.
 *
 * <p>Thread-safe. Close what you get (for instance in {@code @AfterEach} or {@code @AfterAll}): each
 * open database holds up to 4 connections, and a database from {@link #fresh} is dropped in the
 * background once nobody is connected to it. At JVM exit the server is stopped (embedded) or the
 * remaining databases are dropped (external), which also ends sessions left open.
 */
public final class TestDatabases {
  /** Environment variables that select an external server. */
  public static final String URL_VARIABLE = "MANDATE_TEST_PG_URL";

  public static final String USER_VARIABLE = "MANDATE_TEST_PG_USER";
  public static final String PASSWORD_VARIABLE = "MANDATE_TEST_PG_PASSWORD";

  private static final int POOL_SIZE = 4;
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36)
      + Long.toString(System.nanoTime() & 0xfff, 36);

  private static final Object LOCK = new Object();
  private static Backend backend; // guarded by LOCK
  private static final Map<List<String>, String> TEMPLATES = new HashMap<>(); // guarded by LOCK
  private static Thread reaper; // guarded by LOCK
  private static final Set<String> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final long REAP_INTERVAL_MILLIS = 2_000;

  private TestDatabases() {}

  /** A new database with the production migrations ({@value PostgresDatabase#PRODUCTION_MIGRATIONS}). */
  public static PostgresDatabase fresh() {
    return fresh(PostgresDatabase.PRODUCTION_MIGRATIONS);
  }

  /** A new database migrated from the given Flyway locations, e.g. {@code classpath:db/testmigration}. */
  public static PostgresDatabase fresh(String... migrationLocations) {
    List<String> locations = List.of(migrationLocations);
    String template = template(locations);
    DatabaseConfig config = createDatabase(template);
    // a copy of the migrated template: already current, so Flyway need not scan and validate again
    PostgresDatabase database = new PostgresDatabase(config, new String[0]);
    HANDED_OUT.add(config.databaseName()); // its pool holds connections until the test closes it
    startReaper();
    return database;
  }

  /**
   * A new, empty database (no schema), e.g. to test migrations themselves or to boot the whole
   * application on it. Pool size 4.
   */
  public static DatabaseConfig freshConfig() {
    return createDatabase(null);
  }

  /** Which server the databases live on, e.g. "embedded PostgreSQL 18.6" or "external PostgreSQL 15.18". */
  public static String backendName() {
    return backend().name();
  }

  private static void startReaper() {
    synchronized (LOCK) {
      if (reaper == null) {
        reaper = Thread.ofPlatform().daemon().name("test-databases-reaper").start(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            try {
              Thread.sleep(REAP_INTERVAL_MILLIS);
              reapClosed();
            } catch (InterruptedException e) {
              return;
            } catch (SQLException | RuntimeException e) {
              // server busy or going away: try again next round
            }
          }
        });
      }
    }
  }

  /**
   * Drops the databases from {@link #fresh} that nobody is connected to any more: their tests
   * closed them. Keeps a long test run from filling the disk (a database takes about 8 MB).
   * Databases from {@link #freshConfig()} are kept until exit: a test may connect to them later.
   */
  private static void reapClosed() throws SQLException {
    if (HANDED_OUT.isEmpty()) {
      return;
    }
    DatabaseConfig admin = backend().admin();
    try (Connection c = DriverManager.getConnection(admin.url(), admin.user(), admin.password());
        Statement s = c.createStatement()) {
      Set<String> inUse = new HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT DISTINCT datname FROM pg_stat_activity WHERE datname LIKE 'mandate_test_%'")) {
        while (rs.next()) {
          inUse.add(rs.getString(1));
        }
      }
      for (String name : List.copyOf(HANDED_OUT)) {
        if (!inUse.contains(name)) {
          try {
            s.execute("DROP DATABASE IF EXISTS " + name);
            HANDED_OUT.remove(name);
          } catch (SQLException connectedMeanwhile) {
            // still in use after all; next round
          }
        }
      }
    }
  }

  private static DatabaseConfig createDatabase(String template) {
    Backend b = backend();
    String name = "mandate_test_" + RUN + "_" + COUNTER.incrementAndGet();
    execute(b.admin(), "CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
    b.created(name);
    return b.admin().withDatabase(name).withPoolSize(POOL_SIZE);
  }

  private static String template(List<String> locations) {
    Backend b = backend();
    synchronized (LOCK) {
      String existing = TEMPLATES.get(locations);
      if (existing != null) {
        return existing;
      }
      String name = "mandate_test_" + RUN + "_template_" + COUNTER.incrementAndGet();
      execute(b.admin(), "CREATE DATABASE " + name);
      b.created(name);
      try (PostgresDatabase migrated =
          new PostgresDatabase(b.admin().withDatabase(name).withPoolSize(1), locations.toArray(String[]::new))) {
        // migrated; closing it leaves no session on the template, which CREATE DATABASE requires
        migrated.serverVersion();
      }
      // a failed migration throws above and leaves the half-made template unused
      TEMPLATES.put(locations, name);
      return name;
    }
  }

  private static Backend backend() {
    synchronized (LOCK) {
      if (backend == null) {
        String url = System.getenv(URL_VARIABLE);
        backend = url == null || url.isBlank() ? Embedded.start() : External.connect(url);
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::shutdown, "test-databases-shutdown"));
      }
      return backend;
    }
  }

  /**
   * Pools tests left open are not closed one by one (Hikari waits up to 10 s per pool for a
   * connection still in use): stopping the embedded server, or {@code DROP DATABASE ... WITH
   * (FORCE)} on an external one, ends their sessions at once.
   */
  private static void shutdown() {
    Backend b;
    synchronized (LOCK) {
      b = backend;
    }
    if (b != null) {
      b.stop();
    }
  }

  static void execute(DatabaseConfig config, String sql) {
    try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new DatabaseException("Test database setup failed (" + sql + ") on " + config.url() + ": " + e.getMessage(), e);
    }
  }

  private static String version(DatabaseConfig config) {
    try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1).split(" ")[0];
    } catch (SQLException e) {
      throw new DatabaseException("Cannot reach the test PostgreSQL at " + config.url() + ": " + e.getMessage(), e);
    }
  }

  private interface Backend {
    DatabaseConfig admin();

    String name();

    void created(String database);

    void stop();
  }

  /** One embedded PostgreSQL per JVM in a temporary directory, deleted at exit. */
  private record Embedded(EmbeddedDatabaseServer server, Path directory) implements Backend {
    private static final String PREFIX = "mandate-test-pg-";

    static Embedded start() {
      removeAbandoned(Path.of(System.getProperty("java.io.tmpdir")));
      Path dir;
      try {
        dir = Files.createTempDirectory(PREFIX);
      } catch (IOException e) {
        throw new DatabaseException("Cannot create a temporary directory for the test PostgreSQL", e);
      }
      SeedDirectory seed = SeedDirectory.inTempFolder();
      try {
        seed.copyInto(dir);
        return new Embedded(startOn(dir), dir);
      } catch (IOException | RuntimeException e) {
        System.err.println("TestDatabases: not using the seed data directory (" + e.getMessage()
            + "); creating a new one");
        seed.invalidate();
        try {
          SeedDirectory.deleteRecursively(dir);
          Files.createDirectories(dir);
        } catch (IOException io) {
          throw new DatabaseException("Cannot reset " + dir, io);
        }
        return new Embedded(startOn(dir), dir);
      }
    }

    /**
     * Deletes test data directories that test JVMs killed before their shutdown hook left behind:
     * those whose {@code mandate.lock} nobody holds and that are more than ten minutes old.
     */
    private static void removeAbandoned(Path tmp) {
      long cutoff = System.currentTimeMillis() - 10 * 60 * 1000;
      try (Stream<Path> entries = Files.list(tmp)) {
        for (Path dir : entries.filter(p -> p.getFileName().toString().matches(PREFIX + "[0-9]+")).toList()) {
          if (Files.getLastModifiedTime(dir).toMillis() > cutoff || held(dir.resolve("mandate.lock"))) {
            continue;
          }
          removeInBackground(dir);
        }
      } catch (IOException | RuntimeException e) {
        // best effort
      }
    }

    private static boolean held(Path lockFile) {
      if (!Files.exists(lockFile)) {
        return false;
      }
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          return true;
        }
        lock.release();
        return false;
      } catch (IOException | OverlappingFileLockException e) {
        return true;
      }
    }

    private static EmbeddedDatabaseServer startOn(Path dir) {
      // Many test classes keep a small pool each; allow more than the product default of 100.
      return EmbeddedDatabaseServer.builder(dir)
          .maxConnections(300)
          .stopOnJvmExit(false, Duration.ZERO)
          .start();
    }

    @Override
    public DatabaseConfig admin() {
      return server.superuserConfig("postgres");
    }

    @Override
    public String name() {
      return "embedded PostgreSQL " + server.version();
    }

    @Override
    public void created(String database) {
      // the whole server is thrown away at exit
    }

    @Override
    public void stop() {
      server.close();
      removeInBackground(directory);
    }

    /**
     * Deleting tens of thousands of files from a shutdown hook would delay the JVM's exit (and
     * Surefire kills a fork that takes over 30 s to exit); a detached {@code rm} finishes on its
     * own after the JVM is gone.
     */
    private static void removeInBackground(Path directory) {
      try {
        new ProcessBuilder("rm", "-rf", directory.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
      } catch (IOException noRm) {
        try {
          SeedDirectory.deleteRecursively(directory);
        } catch (IOException e) {
          System.err.println("Could not delete " + directory + ": " + e.getMessage());
        }
      }
    }
  }

  /** Databases on a server someone else runs; the ones this JVM created are dropped at exit. */
  private static final class External implements Backend {
    private final DatabaseConfig admin;
    private final String name;
    private final List<String> created = new ArrayList<>();

    private External(DatabaseConfig admin, String name) {
      this.admin = admin;
      this.name = name;
    }

    static External connect(String url) {
      String user = System.getenv(USER_VARIABLE);
      String password = System.getenv(PASSWORD_VARIABLE);
      if (user == null || password == null) {
        throw new DatabaseException(URL_VARIABLE + " is set, so " + USER_VARIABLE + " and " + PASSWORD_VARIABLE
            + " must be set too.");
      }
      DatabaseConfig admin = new DatabaseConfig(url, user, password, POOL_SIZE);
      return new External(admin, "external PostgreSQL " + version(admin));
    }

    @Override
    public DatabaseConfig admin() {
      return admin;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public synchronized void created(String database) {
      created.add(database);
    }

    @Override
    public synchronized void stop() {
      for (String database : created.reversed()) {
        try {
          execute(admin, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (DatabaseException e) {
          System.err.println(e.getMessage());
        }
      }
    }
  }
}
