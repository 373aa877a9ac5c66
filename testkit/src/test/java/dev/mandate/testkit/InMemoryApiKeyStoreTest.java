package dev.mandate.testkit;

import dev.mandate.core.access.ApiKeyStore;
import dev.mandate.testkit.contract.ApiKeyStoreContract;

/** The in-memory adapter honours the same contract as the database adapter. */
class InMemoryApiKeyStoreTest extends ApiKeyStoreContract {
  @Override
  protected ApiKeyStore newStore() {
    return new InMemoryApiKeyStore();
  }
}
