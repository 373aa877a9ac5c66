package dev.mandate.app;

import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.report.ProcessorIdentity;
import dev.mandate.storage.jdbc.database.DatabaseConfig;
import java.time.Duration;

/**
 * Everything the composition root needs to start Mandate, already resolved from the command line.
 * {@code processor} names the processor in its records of processing activities (GDPR Art. 30(2));
 * {@code logOrigin} prefixes the origin of each customer's processing-log checkpoints.
 */
public record Settings(
    DatabaseConfig database,
    MasterKeys masterKeys,
    String host,
    int httpPort,
    Duration retentionSweepInterval,
    ProcessorIdentity processor,
    String logOrigin,
    Consent consent,
    Notices notices) {
  public static final String DEFAULT_LOG_ORIGIN = "mandate.local/log";

  /**
   * Consent settings (ISO 27701 8.2.3): the public address for links sent to people (null: this
   * server's own address) and the processor's IAB GVL vendor id (null: TC strings are read for
   * purposes only).
   */
  public record Consent(String publicUrl, Integer tcfVendorId) {
    public static final Consent DEFAULT = new Consent(null, null);
  }

  /**
   * How notices reach customers (ISO 27701 8.2.4, 8.2.5): the outgoing mail server (null: e-mail
   * notices wait in the outbox, retried, until one is configured or they are given up) and whether
   * webhooks may go to plain {@code http://} addresses (development only).
   */
  public record Notices(dev.mandate.notify.SmtpSettings smtp, boolean allowPlainHttpWebhooks, Duration pollInterval) {
    public static final Notices DEFAULT = new Notices(null, false, Duration.ofSeconds(1));
  }

  public Settings(DatabaseConfig database, MasterKeys masterKeys, String host, int httpPort,
      Duration retentionSweepInterval, ProcessorIdentity processor, String logOrigin, Consent consent) {
    this(database, masterKeys, host, httpPort, retentionSweepInterval, processor, logOrigin, consent, Notices.DEFAULT);
  }

  public Settings(DatabaseConfig database, MasterKeys masterKeys, String host, int httpPort,
      Duration retentionSweepInterval, ProcessorIdentity processor, String logOrigin) {
    this(database, masterKeys, host, httpPort, retentionSweepInterval, processor, logOrigin, Consent.DEFAULT);
  }

  public Settings(DatabaseConfig database, MasterKeys masterKeys, String host, int httpPort,
      Duration retentionSweepInterval, ProcessorIdentity processor) {
    this(database, masterKeys, host, httpPort, retentionSweepInterval, processor, DEFAULT_LOG_ORIGIN);
  }

  /** With the development placeholder as the processor's identity (tests, tools). */
  public Settings(DatabaseConfig database, MasterKeys masterKeys, String host, int httpPort,
      Duration retentionSweepInterval) {
    this(database, masterKeys, host, httpPort, retentionSweepInterval, ProcessorIdentity.development());
  }
}
