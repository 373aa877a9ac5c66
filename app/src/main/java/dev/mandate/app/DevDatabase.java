package dev.mandate.app;

import dev.mandate.storage.jdbc.database.DatabaseConfig;
import dev.mandate.storage.jdbc.database.EmbeddedDatabaseServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The database of a start-dev data folder for maintenance commands: the running server's
 * embedded PostgreSQL if one runs (found through {@code runtime.properties}, mode 0600, which
 * start-dev writes while it runs), otherwise a new embedded start on the folder.
 */
final class DevDatabase implements AutoCloseable {
  static final String RUNTIME_FILE = "runtime.properties";
  private final DatabaseConfig config;
  private final EmbeddedDatabaseServer startedHere;

  private DevDatabase(DatabaseConfig config, EmbeddedDatabaseServer startedHere) {
    this.config = config;
    this.startedHere = startedHere;
  }

  static DevDatabase open(Path dataDir) {
    Path runtime = dataDir.resolve(RUNTIME_FILE);
    if (Files.exists(runtime)) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(runtime)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      DatabaseConfig running = new DatabaseConfig(p.getProperty("url"), p.getProperty("user"), p.getProperty("password"), 2);
      try (Connection c = DriverManager.getConnection(running.url(), running.user(), running.password())) {
        return new DevDatabase(running, null);
      } catch (SQLException stale) {
        // the server that wrote the file is gone; start our own below
      }
    }
    EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDir);
    return new DevDatabase(server.config(), server);
  }

  /** Written by start-dev so that maintenance commands can reach its database while it runs. */
  static void writeRuntimeFile(Path dataDir, DatabaseConfig config) {
    Path file = dataDir.resolve(RUNTIME_FILE);
    Properties p = new Properties();
    p.setProperty("url", config.url());
    p.setProperty("user", config.user());
    p.setProperty("password", config.password());
    try {
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
        p.store(out, "Written by mandate start-dev while it runs; deleted when it stops.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRuntimeFile(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(RUNTIME_FILE));
    } catch (IOException e) {
      // best effort: a stale file is detected by the connection check in open()
    }
  }

  DatabaseConfig config() {
    return config;
  }

  @Override
  public void close() {
    if (startedHere != null) {
      startedHere.close();
    }
  }
}
