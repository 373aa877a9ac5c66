package dev.mandate.testkit;

import dev.mandate.testkit.contract.InstructionStoreContract;

/** The in-memory instruction store honours the same contract as the database adapter. */
class InMemoryInstructionStoreTest extends InstructionStoreContract {
  @Override
  protected Backend newBackend() {
    InMemoryNoticeOutbox outbox = new InMemoryNoticeOutbox();
    return new Backend(new InMemoryInstructionStore(outbox), outbox);
  }
}
