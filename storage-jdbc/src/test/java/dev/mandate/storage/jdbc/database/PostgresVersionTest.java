package dev.mandate.storage.jdbc.database;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresVersionTest {
  private static final String URL = "jdbc:postgresql://db:5432/mandate";

  @Test
  void refusesPostgres14WithAMessageNamingBothVersions() {
    assertThatThrownBy(() -> PostgresDatabase.requireSupportedVersion(140012, "14.12 (Debian 14.12-1)", URL))
        .isInstanceOf(DatabaseException.class)
        .hasMessage("Mandate needs PostgreSQL 15 or newer, but the server at " + URL
            + " runs PostgreSQL 14.12 (Debian 14.12-1). Upgrade the server, or point Mandate at one"
            + " running PostgreSQL 15 or newer.");
    assertThatThrownBy(() -> PostgresDatabase.requireSupportedVersion(90624, "9.6.24", URL))
        .isInstanceOf(DatabaseException.class);
  }

  @Test
  void acceptsPostgres15AndNewer() {
    assertThatCode(() -> PostgresDatabase.requireSupportedVersion(150000, "15.0", URL)).doesNotThrowAnyException();
    assertThatCode(() -> PostgresDatabase.requireSupportedVersion(180006, "18.6", URL)).doesNotThrowAnyException();
  }
}
