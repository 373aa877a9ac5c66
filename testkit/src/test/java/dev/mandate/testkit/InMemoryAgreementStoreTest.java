package dev.mandate.testkit;

import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.testkit.contract.AgreementStoreContract;

/** The in-memory adapter honours the same contract as the database adapter. */
class InMemoryAgreementStoreTest extends AgreementStoreContract {
  @Override
  protected AgreementStore newStore() {
    return new InMemoryAgreementStore();
  }
}
