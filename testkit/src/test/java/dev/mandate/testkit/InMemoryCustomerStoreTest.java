package dev.mandate.testkit;

import dev.mandate.core.customer.CustomerStore;
import dev.mandate.testkit.contract.CustomerStoreContract;

/** The in-memory adapter honours the same contract as the database adapter. */
class InMemoryCustomerStoreTest extends CustomerStoreContract {
  @Override
  protected CustomerStore newStore() {
    return new InMemoryCustomerStore();
  }
}
