package dev.mandate.app;

import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.report.ProcessorIdentity;
import dev.mandate.storage.jdbc.database.DatabaseConfig;
import java.time.Duration;

/**
 * Everything the composition root needs to start Mandate, already resolved from the command line.
 * {@code processor} names the processor in its records of processing activities (GDPR Art. 30(2)).
 */
public record Settings(
    DatabaseConfig database,
    MasterKeys masterKeys,
    String host,
    int httpPort,
    Duration retentionSweepInterval,
    ProcessorIdentity processor) {

  /** With the development placeholder as the processor's identity (tests, tools). */
  public Settings(DatabaseConfig database, MasterKeys masterKeys, String host, int httpPort,
      Duration retentionSweepInterval) {
    this(database, masterKeys, host, httpPort, retentionSweepInterval, ProcessorIdentity.development());
  }
}
