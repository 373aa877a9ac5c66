package dev.mandate.storage.jdbc;

import dev.mandate.core.keys.WrappedKeyStore;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.WrappedKeyStoreContract;
import org.junit.jupiter.api.AfterEach;

class JdbcWrappedKeyStoreIT extends WrappedKeyStoreContract {
  private PostgresDatabase database;

  @Override
  protected WrappedKeyStore newStore() {
    database = TestDatabases.fresh();
    return new JdbcWrappedKeyStore(database.dataSource());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }
}
