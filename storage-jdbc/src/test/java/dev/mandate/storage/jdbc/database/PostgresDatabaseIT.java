package dev.mandate.storage.jdbc.database;

import static dev.mandate.storage.jdbc.database.EmbeddedDatabaseServerIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.storage.jdbc.testing.TestDatabases;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Runs on whichever backend {@link TestDatabases} uses (embedded PostgreSQL 18 or CI's PostgreSQL 15). */
class PostgresDatabaseIT {
  @Test
  void migratesFromTheGivenLocationAndReportsTheVersion() throws SQLException {
    DatabaseConfig config = TestDatabases.freshConfig();
    try (PostgresDatabase db = new PostgresDatabase(config, "classpath:db/testmigration")) {
      assertThat(query(db, "SELECT count(*) FROM note")).isEqualTo("0");
      assertThat(query(db, "SELECT max(version) FROM flyway_schema_history")).isEqualTo("1");
      assertThat(db.serverMajorVersion()).isGreaterThanOrEqualTo(15);
      assertThat(TestDatabases.backendName()).endsWith("PostgreSQL " + db.serverVersion());
      assertThat(query(db, "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"))
          .isEqualTo("mandate");
    }
    // a second open finds the schema current and applies nothing
    try (PostgresDatabase db = new PostgresDatabase(config, "classpath:db/testmigration")) {
      assertThat(query(db, "SELECT count(*) FROM flyway_schema_history")).isEqualTo("1");
    }
  }

  @Test
  void explainsAWrongPassword() {
    DatabaseConfig config = TestDatabases.freshConfig();
    DatabaseConfig wrong = new DatabaseConfig(config.url(), config.user(), "not-the-password", 1);
    assertThatThrownBy(() -> new PostgresDatabase(wrong, new String[0]))
        .isInstanceOf(DatabaseException.class)
        .hasMessageStartingWith("Cannot connect to PostgreSQL at " + config.url() + " as user " + config.user())
        .hasMessageContaining("password")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void explainsAMissingMigrationLocation() {
    DatabaseConfig config = TestDatabases.freshConfig();
    assertThatThrownBy(() -> new PostgresDatabase(config, "classpath:db/no-such-folder"))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("Migrating the database schema")
        .hasMessageContaining("no-such-folder");
  }

  @Test
  void plainStringParametersAreNotSilentlyCastToJsonb() {
    try (PostgresDatabase db = TestDatabases.fresh("classpath:db/testmigration")) {
      assertThatThrownBy(() -> {
        try (var c = db.dataSource().getConnection();
            var ps = c.prepareStatement("INSERT INTO note (body, attrs) VALUES ('x', ?)")) {
          ps.setString(1, "{}");
          ps.executeUpdate();
        }
      }).isInstanceOf(SQLException.class).hasMessageContaining("jsonb");
    }
  }
}
