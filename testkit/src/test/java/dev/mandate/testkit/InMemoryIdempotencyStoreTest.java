package dev.mandate.testkit;

import dev.mandate.core.idempotency.IdempotencyStore;
import dev.mandate.testkit.contract.IdempotencyStoreContract;

/** The in-memory adapter honours the same contract as the database adapter. */
class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {
  @Override
  protected IdempotencyStore newStore() {
    return new InMemoryIdempotencyStore();
  }
}
