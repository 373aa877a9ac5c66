package dev.mandate.testkit;

import dev.mandate.testkit.contract.AudienceStoreContract;

/** The in-memory audience honours the same contract as the database adapter. */
class InMemoryAudienceStoreTest extends AudienceStoreContract {
  @Override
  protected Stores newStores() {
    InMemoryConsentEventStore consents = new InMemoryConsentEventStore();
    InMemoryVaultStore vault = new InMemoryVaultStore();
    return new Stores(consents, vault, new InMemoryAudienceStore(consents, vault));
  }
}
