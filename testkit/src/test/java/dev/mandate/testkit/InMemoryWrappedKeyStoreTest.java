package dev.mandate.testkit;

import dev.mandate.core.keys.WrappedKeyStore;
import dev.mandate.testkit.contract.WrappedKeyStoreContract;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;

/** The in-memory adapter honours the same contract as the database adapter. */
class InMemoryWrappedKeyStoreTest extends WrappedKeyStoreContract {
  @Override
  protected WrappedKeyStore newStore() {
    return new InMemoryWrappedKeyStore();
  }
}
