package dev.mandate.storage.jdbc.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open, migrated PostgreSQL database: a HikariCP pool on PostgreSQL 15 or newer whose schema
 * Flyway has brought up to date. Construction fails fast, with a {@link DatabaseException} saying
 * what to do, when the server cannot be reached, is older than 15 or a migration fails.
 *
 * <p>Connections report {@code application_name = mandate} (visible in {@code pg_stat_activity}).
 * The pool does <em>not</em> set {@code stringtype=unspecified}: SQL casts its parameters
 * explicitly, e.g. {@code CAST(? AS JSONB)}.
 */
public final class PostgresDatabase implements AutoCloseable {
  /** Where the production migrations live: {@code storage-jdbc/src/main/resources/db/migration}. */
  public static final String PRODUCTION_MIGRATIONS = "classpath:db/migration";

  /** The oldest PostgreSQL major version Mandate supports. */
  public static final int MINIMUM_MAJOR_VERSION = 15;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresDatabase.class);

  private final HikariDataSource pool;
  private final String serverVersion;
  private final int serverVersionNumber;

  /** Opens the database and applies the production migrations. */
  public PostgresDatabase(DatabaseConfig config) {
    this(config, PRODUCTION_MIGRATIONS);
  }

  /**
   * Opens the database and applies the migrations found in the given Flyway locations (e.g.
   * {@code classpath:db/testmigration}); with no location, no migration runs.
   */
  public PostgresDatabase(DatabaseConfig config, String... migrationLocations) {
    Objects.requireNonNull(config, "config");
    List<String> locations = List.of(migrationLocations);
    HikariDataSource opened = openPool(config);
    try {
      String[] version = readServerVersion(opened, config);
      this.serverVersionNumber = Integer.parseInt(version[0].trim());
      this.serverVersion = shortVersion(version[1]);
      requireSupportedVersion(serverVersionNumber, version[1], config.url());
      if (!locations.isEmpty()) {
        migrate(locations, config);
      }
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
    this.pool = opened;
  }

  /** The connection pool. Borrow with try-with-resources; never close the pool through it. */
  public DataSource dataSource() {
    return pool;
  }

  /** The server's version number, e.g. {@code "18.6"} or {@code "15.18"} (without the build suffix). */
  public String serverVersion() {
    return serverVersion;
  }

  /** The server's major version, e.g. {@code 18}. */
  public int serverMajorVersion() {
    return serverVersionNumber / 10_000;
  }

  /** Closes every pooled connection. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }

  /**
   * Fails with a message naming the found and the required version when {@code serverVersionNum}
   * (PostgreSQL's {@code server_version_num}, e.g. 150018) is older than {@value
   * #MINIMUM_MAJOR_VERSION}.
   */
  static void requireSupportedVersion(int serverVersionNum, String serverVersionText, String url) {
    int major = serverVersionNum / 10_000;
    if (major < MINIMUM_MAJOR_VERSION) {
      throw new DatabaseException(
          "Mandate needs PostgreSQL " + MINIMUM_MAJOR_VERSION + " or newer, but the server at " + url
              + " runs PostgreSQL " + serverVersionText + ". Upgrade the server, or point Mandate at one"
              + " running PostgreSQL " + MINIMUM_MAJOR_VERSION + " or newer.");
    }
  }

  private static HikariDataSource openPool(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("mandate-db");
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(10_000);
    hikari.addDataSourceProperty("ApplicationName", "mandate");
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    try {
      return new HikariDataSource(hikari);
    } catch (HikariPool.PoolInitializationException e) {
      throw new DatabaseException(
          "Cannot connect to PostgreSQL at " + config.url() + " as user " + config.user() + ": "
              + rootMessage(e) + ". Check that the server runs, the URL, the user and the password.",
          e);
    }
  }

  private static String[] readServerVersion(DataSource dataSource, DatabaseConfig config) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT current_setting('server_version_num'), current_setting('server_version')")) {
      rs.next();
      return new String[] {rs.getString(1), rs.getString(2)};
    } catch (SQLException e) {
      throw new DatabaseException(
          "Cannot read the PostgreSQL version at " + config.url() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Migrates over connections of its own rather than the pool's: Flyway holds one connection for
   * its lock and another for the migration, which would hang a pool of size 1.
   */
  private static void migrate(List<String> locations, DatabaseConfig config) {
    long started = System.nanoTime();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(config.url());
    dataSource.setUser(config.user());
    dataSource.setPassword(config.password());
    dataSource.setApplicationName("mandate");
    try {
      MigrateResult result = Flyway.configure()
          .dataSource(dataSource)
          .locations(locations.toArray(String[]::new))
          .failOnMissingLocations(true)
          .validateMigrationNaming(true)
          .cleanDisabled(true)
          .load()
          .migrate();
      LOG.info("Database schema at version {} ({} migration(s) applied in {} ms)",
          result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
          result.migrationsExecuted, (System.nanoTime() - started) / 1_000_000);
    } catch (FlywayException e) {
      throw new DatabaseException(
          "Migrating the database schema at " + config.url() + " from " + locations + " failed: "
              + e.getMessage(), e);
    }
  }

  private static String shortVersion(String serverVersion) {
    int space = serverVersion.indexOf(' ');
    return space < 0 ? serverVersion : serverVersion.substring(0, space);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
