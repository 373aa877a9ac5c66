package dev.mandate.app;

import dev.mandate.core.keys.MasterKeys;
import dev.mandate.storage.jdbc.database.DatabaseConfig;
import java.time.Duration;

/** Everything the composition root needs to start Mandate, already resolved from the command line. */
public record Settings(
    DatabaseConfig database,
    MasterKeys masterKeys,
    String host,
    int httpPort,
    Duration retentionSweepInterval) {}
