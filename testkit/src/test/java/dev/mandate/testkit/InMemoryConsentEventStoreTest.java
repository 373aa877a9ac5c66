package dev.mandate.testkit;

import dev.mandate.core.consent.ConsentEventStore;
import dev.mandate.testkit.contract.ConsentEventStoreContract;

/** The in-memory consent ledger honours the same contract as the database adapter. */
class InMemoryConsentEventStoreTest extends ConsentEventStoreContract {
  @Override
  protected ConsentEventStore newStore() {
    return new InMemoryConsentEventStore();
  }
}
