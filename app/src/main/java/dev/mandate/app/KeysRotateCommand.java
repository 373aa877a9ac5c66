package dev.mandate.app;

import dev.mandate.core.customer.Customer;
import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.keys.RotationReport;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.crypto.EnvelopeKeyRing;
import dev.mandate.crypto.FileMasterKeys;
import dev.mandate.storage.jdbc.JdbcCustomerStore;
import dev.mandate.storage.jdbc.JdbcProcessingLog;
import dev.mandate.storage.jdbc.JdbcWrappedKeyStore;
import dev.mandate.storage.jdbc.database.DatabaseConfig;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rotates keys while Mandate keeps running: adds a master key version (file keys) and re-wraps
 * every customer data key under it; with --data-keys, also starts a new data-key version per
 * customer for new writes (old values stay readable).
 */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    header = "Rotates the master key and re-wraps data keys, without downtime.",
    description = {
      "Rotates keys without downtime. With a master key file it adds a new master key version,",
      "then re-wraps every customer data key under the newest master key. With keys from",
      "MANDATE_MASTER_KEYS, add the new version to the variable first, then run this.",
      "With --data-keys, each customer also gets a new data key for new writes."
    })
final class KeysRotateCommand implements Callable<Integer> {
  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "The data folder of a start-dev installation (running or stopped).")
  Path dataDir;

  @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "JDBC URL of the production PostgreSQL.")
  String dbUrl;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
  String dbUser;

  @Option(names = "--db-password-file", paramLabel = "FILE", description = "File holding the database password.")
  Path dbPasswordFile;

  @picocli.CommandLine.Mixin MasterKeyOptions masterKey;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-keys", description = "Also start a new data-key version for every customer.")
  boolean dataKeys;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    boolean external = dbUrl != null || dbUser != null || dbPasswordFile != null;
    if ((dataDir == null) == !external || (external && (dbUrl == null || dbUser == null || dbPasswordFile == null))) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "Give either --data-dir DIR, or --db-url, --db-user and --db-password-file.");
    }
    try (DevDatabase dev = dataDir == null ? null : DevDatabase.open(dataDir)) {
      DatabaseConfig config = dev != null ? dev.config() : DatabaseConfig.fromPasswordFile(dbUrl, dbUser, dbPasswordFile);
      MasterKeys master = dev != null
          ? FileMasterKeys.createOrLoad(dataDir.resolve("master.keys"))
          : masterKey.masterKeys();
      if (master instanceof FileMasterKeys file) {
        master = file.addVersion();
        System.out.println("Added master key version " + master.currentVersion() + ".");
      }
      try (PostgresDatabase database = new PostgresDatabase(config)) {
        EnvelopeKeyRing ring = new EnvelopeKeyRing(new JdbcWrappedKeyStore(database.dataSource()), master, clock);
        RotationReport rewrap = ring.rewrapAll();
        System.out.println("Re-wrapped " + rewrap.rewrapped() + " data keys under master key version "
            + rewrap.masterKeyVersion() + ".");
        if (dataKeys) {
          rotateDataKeys(database, ring, clock);
        }
      }
    }
    return 0;
  }

  private static void rotateDataKeys(PostgresDatabase database, EnvelopeKeyRing ring, Clock clock) {
    JdbcCustomerStore customers = new JdbcCustomerStore(database.dataSource());
    try (JdbcProcessingLog log = new JdbcProcessingLog(database.dataSource())) {
      int rotated = 0;
      String after = null;
      List<Customer> page;
      do {
        page = customers.list(after, 500, null);
        for (Customer c : page) {
          log.append(ProcessingEvent.lifecycle(clock.instant(), c.id(), EventType.DATA_KEY_ROTATED,
              "cli/keys-rotate", null, null, null));
          rotated += ring.rotateDataKeys(c.id()).dataKeysRotated();
          after = c.id().value();
        }
      } while (page.size() == 500);
      System.out.println("Started new data-key versions for " + rotated + " customers.");
    }
  }
}
