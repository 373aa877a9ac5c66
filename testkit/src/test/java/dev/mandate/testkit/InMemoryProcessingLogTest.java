package dev.mandate.testkit;

import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.testkit.contract.ProcessingLogContract;

/** The in-memory adapter honours the same contract as the database adapter. */
class InMemoryProcessingLogTest extends ProcessingLogContract {
  @Override
  protected ProcessingLog newLog() {
    return new InMemoryProcessingLog();
  }
}
