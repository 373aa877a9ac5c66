package dev.mandate.app;

import dev.mandate.storage.jdbc.database.DatabaseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach an external PostgreSQL 15 or newer. */
final class DatabaseOptions {
  @Option(names = "--db-url", required = true, paramLabel = "JDBC_URL",
      description = "JDBC URL of PostgreSQL 15 or newer, e.g. jdbc:postgresql://db:5432/mandate.")
  String url;

  @Option(names = "--db-user", required = true, paramLabel = "USER", description = "Database user.")
  String user;

  @Option(names = "--db-password-file", required = true, paramLabel = "FILE",
      description = "File holding the database password (not readable by other users).")
  Path passwordFile;

  @Option(names = "--db-pool-size", defaultValue = "16", paramLabel = "N",
      description = "Connections in the pool (default: ${DEFAULT-VALUE}).")
  int poolSize;

  DatabaseConfig config() {
    return DatabaseConfig.fromPasswordFile(url, user, passwordFile).withPoolSize(poolSize);
  }
}
