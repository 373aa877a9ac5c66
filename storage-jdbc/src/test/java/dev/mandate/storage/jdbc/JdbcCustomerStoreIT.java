package dev.mandate.storage.jdbc;

import dev.mandate.core.customer.CustomerStore;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.CustomerStoreContract;
import org.junit.jupiter.api.AfterEach;

class JdbcCustomerStoreIT extends CustomerStoreContract {
  private PostgresDatabase database;

  @Override
  protected CustomerStore newStore() {
    database = TestDatabases.fresh();
    return new JdbcCustomerStore(database.dataSource());
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }
}
