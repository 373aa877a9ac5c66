package dev.mandate.storage.jdbc.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseServerIT {
  private static final String TEST_MIGRATIONS = "classpath:db/testmigration";

  /** Created once (initdb takes seconds); tests that need an existing database get a copy. */
  @TempDir static Path seed;

  @TempDir Path dir;

  @BeforeAll
  static void createSeed() {
    EmbeddedDatabaseServer.start(seed).close();
  }

  /** Gives {@code dir} an existing, stopped database, as a previous run of Mandate leaves it. */
  private void existingDatabase() throws IOException {
    try (Stream<Path> walk = Files.walk(seed)) {
      for (Path source : (Iterable<Path>) walk::iterator) {
        Path target = dir.resolve(seed.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  @Test
  void restartKeepsTheData() throws SQLException {
    try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir)) {
      System.out.printf("embedded PostgreSQL %s: first start (initdb) %d ms%n", server.version(),
          server.startupTime().toMillis());
      assertThat(server.createdOnThisStart()).isTrue();
      assertThat(server.version()).startsWith("18.");
      try (PostgresDatabase db = new PostgresDatabase(server.config(), TEST_MIGRATIONS);
          Connection c = db.dataSource().getConnection();
          PreparedStatement insert = c.prepareStatement("INSERT INTO note (body, attrs) VALUES (?, CAST(? AS JSONB))")) {
        insert.setString(1, "kept across restarts");
        insert.setString(2, "{\"k\":\"v\"}");
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
    }
    for (int i = 0; i < 3; i++) {
      try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir)) {
        System.out.printf("embedded PostgreSQL %s: restart %d ms%n", server.version(), server.startupTime().toMillis());
        assertThat(server.createdOnThisStart()).isFalse();
        try (PostgresDatabase db = new PostgresDatabase(server.config(), TEST_MIGRATIONS)) {
          assertThat(query(db, "SELECT body || ' ' || (attrs->>'k') FROM note")).isEqualTo("kept across restarts v");
        }
      }
    }
  }

  @Test
  void keepsProductionDurabilityAndListensOnLoopbackOnly() throws SQLException, IOException {
    existingDatabase();
    try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir);
        PostgresDatabase db = new PostgresDatabase(server.config(), new String[0])) {
      assertThat(query(db, "SHOW fsync")).isEqualTo("on");
      assertThat(query(db, "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(query(db, "SHOW full_page_writes")).isEqualTo("on");
      assertThat(query(db, "SHOW max_connections")).isEqualTo("100");
      assertThat(query(db, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      try (PostgresDatabase admin = new PostgresDatabase(server.superuserConfig("mandate"), new String[0])) {
        assertThat(query(admin, "SHOW unix_socket_directories")).isEmpty();
        assertThat(query(admin, "SELECT string_agg(type || ' ' || address || ' ' || auth_method, ', ')"
            + " FROM pg_hba_file_rules")).isEqualTo("host 127.0.0.1 scram-sha-256");
      }
      assertThat(query(db, "SELECT current_user || ' ' || current_database()")).isEqualTo("mandate mandate");
      assertThat(query(db, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
      assertThat(query(db, "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
          .isEqualTo("mandate");
      assertThat(query(db, "SELECT upper('é') || lower('Ä')")).isEqualTo("Éä"); // builtin C.UTF-8 locale
      assertThat(server.config().url()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/mandate");
      assertThat(db.serverVersion()).isEqualTo(server.version());
      // every connection needs the password
      assertThatThrownBy(() -> DriverManager.getConnection(server.config().url(), "mandate", "wrong").close())
          .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
      assertThatThrownBy(() -> DriverManager.getConnection(server.config().url(), "postgres", "").close())
          .isInstanceOf(SQLException.class);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
          dir.resolve(EmbeddedDatabaseServer.CREDENTIALS_FILE)))).isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
          dir.resolve(EmbeddedDatabaseServer.LOG_FILE)))).isEqualTo("rw-------");
    }
  }

  @Test
  void startsOnAFixedPort() throws SQLException, IOException {
    existingDatabase();
    int port = EmbeddedDatabaseServer.freeLoopbackPort();
    try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.builder(dir).port(port).poolSize(3).start()) {
      assertThat(server.port()).isEqualTo(port);
      assertThat(server.config().poolSize()).isEqualTo(3);
      try (PostgresDatabase db = new PostgresDatabase(server.config(), new String[0])) {
        assertThat(query(db, "SELECT 1")).isEqualTo("1");
      }
    }
  }

  @Test
  void startsAfterAStalePostmasterPidOfADeadProcess() throws Exception {
    existingDatabase();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writePostmasterPid(gone.pid());
    assertThat(ProcessHandle.of(gone.pid())).isEmpty();

    try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir);
        PostgresDatabase db = new PostgresDatabase(server.config(), new String[0])) {
      assertThat(query(db, "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void startsAfterAStalePostmasterPidNowUsedByAnotherProgram() throws Exception {
    existingDatabase();
    writePostmasterPid(ProcessHandle.current().pid()); // alive, but not PostgreSQL

    try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir);
        PostgresDatabase db = new PostgresDatabase(server.config(), new String[0])) {
      assertThat(query(db, "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void aServerThatCannotStartFailsFastWithPostgresReason() throws IOException {
    existingDatabase();
    Files.writeString(dir.resolve("postgres/postgresql.conf"), "\nthis line is not valid\n",
        java.nio.file.StandardOpenOption.APPEND);
    long started = System.nanoTime();
    assertThatThrownBy(() -> EmbeddedDatabaseServer.start(dir))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("did not start")
        .hasMessageContaining("syntax error");
    assertThat((System.nanoTime() - started) / 1_000_000_000).as("seconds until the failure").isLessThan(20);
    // the lock is released: fixing the file is enough
    Files.writeString(dir.resolve("postgres/postgresql.conf"),
        Files.readString(dir.resolve("postgres/postgresql.conf")).replace("this line is not valid", ""));
    EmbeddedDatabaseServer.start(dir).close();
  }

  @Test
  void repairsDataDirectoryPermissionsACopyLost() throws IOException, SQLException {
    existingDatabase();
    Files.setPosixFilePermissions(dir.resolve("postgres"), PosixFilePermissions.fromString("rwxr-xr-x"));
    try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir);
        PostgresDatabase db = new PostgresDatabase(server.config(), new String[0])) {
      assertThat(query(db, "SELECT 1")).isEqualTo("1");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("postgres"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aSecondServerOnTheSameDirectoryFailsClearly() throws SQLException, IOException {
    existingDatabase();
    try (EmbeddedDatabaseServer first = EmbeddedDatabaseServer.start(dir)) {
      for (int attempt = 0; attempt < 2; attempt++) {
        assertThatThrownBy(() -> EmbeddedDatabaseServer.start(dir))
            .isInstanceOf(DatabaseException.class)
            .hasMessageStartingWith("The data directory " + dir.toAbsolutePath() + " is in use by another Mandate (PID "
                + ProcessHandle.current().pid())
            .hasMessageContaining("mandate.lock");
      }
      try (PostgresDatabase db = new PostgresDatabase(first.config(), new String[0])) {
        assertThat(query(db, "SELECT 1")).isEqualTo("1");
      }
    }
    EmbeddedDatabaseServer.start(dir).close(); // released on close
  }

  @Test
  void recoversFromAKilledJvmThatLeftPostgresRunning() throws Exception {
    existingDatabase();
    try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir);
        PostgresDatabase db = new PostgresDatabase(server.config(), TEST_MIGRATIONS)) {
      update(db, "INSERT INTO note (body) VALUES ('before the crash')");
    }

    Process other = startServerInAnotherJvm();
    try {
      // while the other JVM lives, its lock wins
      assertThatThrownBy(() -> EmbeddedDatabaseServer.start(dir))
          .isInstanceOf(DatabaseException.class)
          .hasMessageContaining("is in use by another Mandate (PID " + other.pid() + ";");
      Optional<Long> orphanPid = LeftoverPostmaster.readPid(dir.resolve("postgres/postmaster.pid"));
      assertThat(orphanPid).isPresent();

      other.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: PostgreSQL keeps running
      assertThat(ProcessHandle.of(orphanPid.get()).map(LeftoverPostmaster::isRunning)).contains(true);

      try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dir);
          PostgresDatabase db = new PostgresDatabase(server.config(), TEST_MIGRATIONS)) {
        assertThat(ProcessHandle.of(orphanPid.get()).filter(LeftoverPostmaster::isRunning)).isEmpty();
        assertThat(query(db, "SELECT body FROM note")).isEqualTo("before the crash");
      }
    } finally {
      other.destroyForcibly();
    }
  }

  private Process startServerInAnotherJvm() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ServerInAnotherJvm.class.getName(), dir.toString())
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("READY")) {
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe empty
            }
          } catch (IOException ignored) {
            // process gone
          }
        });
        drain.setDaemon(true);
        drain.start();
        return process;
      }
    }
    throw new AssertionError("the other JVM ended before its server was ready:\n" + seen);
  }

  private void writePostmasterPid(long pid) throws IOException {
    Path pidFile = dir.resolve("postgres/postmaster.pid");
    assertThat(pidFile).doesNotExist();
    Files.write(pidFile, List.of(Long.toString(pid), dir.resolve("postgres").toString(), "1700000000", "5432", "",
        "127.0.0.1", "  5432001     32768", "ready   "));
  }

  static String query(PostgresDatabase db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  static void update(PostgresDatabase db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }
}
