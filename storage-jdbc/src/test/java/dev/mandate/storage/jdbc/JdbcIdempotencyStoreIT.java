package dev.mandate.storage.jdbc;

import dev.mandate.core.idempotency.IdempotencyStore;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.IdempotencyStoreContract;
import org.junit.jupiter.api.AfterEach;

class JdbcIdempotencyStoreIT extends IdempotencyStoreContract {
  private PostgresDatabase database;

  @Override
  protected IdempotencyStore newStore() {
    database = TestDatabases.fresh();
    return new JdbcIdempotencyStore(database.dataSource());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }
}
