package dev.mandate.testkit;

import dev.mandate.core.vault.VaultStore;
import dev.mandate.testkit.contract.VaultStoreContract;

/** The in-memory adapter honours the same contract as the database adapter. */
class InMemoryVaultStoreTest extends VaultStoreContract {
  @Override
  protected VaultStore newStore() {
    return new InMemoryVaultStore();
  }
}
