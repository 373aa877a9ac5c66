package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.Fixtures.apiKey;
import static dev.mandate.testkit.contract.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mandate.core.access.ApiKeyStore;
import dev.mandate.core.access.Role;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.ApiKeyStoreContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcApiKeyStoreIT extends ApiKeyStoreContract {
  private PostgresDatabase database;

  @Override
  protected ApiKeyStore newStore() {
    database = TestDatabases.fresh();
    return new JdbcApiKeyStore(database.dataSource());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void theSecretHashIsStoredAsBytes() throws Exception {
    store.insert(apiKey("key_bytes", Role.AUDITOR, at(1)));

    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_typeof(secret_hash)::text, secret_hash FROM api_keys")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("bytea");
      assertThat(rs.getBytes(2)).isEqualTo(apiKey("key_bytes", Role.AUDITOR, at(1)).secretHash());
    }
  }

  @Test
  void aFailureNamesTheConstraintButNoValue() {
    store.insert(apiKey("key_Secret4711", Role.AUDITOR, at(1)));

    IllegalStateException failure = catchThrowableOfType(IllegalStateException.class,
        () -> store.insert(apiKey("key_Secret4711", Role.AUDITOR, at(2))));

    assertThat(failure.getMessage()).contains("api key insert", "23505", "api_keys_pkey")
        .doesNotContain("Secret4711").doesNotContain("Detail");
    assertThat(failure.getCause()).isNull();
  }
}
