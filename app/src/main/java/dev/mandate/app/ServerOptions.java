package dev.mandate.app;

import picocli.CommandLine.Option;

/** HTTP options shared by start and start-dev. */
final class ServerOptions {
  @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
      description = "Port of the JSON API (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int httpPort;

  @Option(names = "--http-host", paramLabel = "HOST",
      description = "Address to listen on (default: 127.0.0.1 for start-dev, 0.0.0.0 for start).")
  String host;

  @Option(names = "--retention-sweep-seconds", defaultValue = "60", paramLabel = "SECONDS",
      description = "How often vault fields past their retention are purged (default: ${DEFAULT-VALUE}).")
  int retentionSweepSeconds;

  @Option(names = "--log-origin", defaultValue = "mandate.local/log", paramLabel = "ORIGIN",
      description = "Origin of the processing logs' checkpoints; customer c's log is ORIGIN/c, and the"
          + " signing key is named after its host part (default: ${DEFAULT-VALUE}).")
  String logOrigin;

  @Option(names = "--public-url", paramLabel = "URL",
      description = "Address people reach this server at, used in the one-click unsubscribe links it issues"
          + " (default: http://HOST:PORT of this server).")
  String publicUrl;

  @Option(names = "--tcf-vendor-id", paramLabel = "ID",
      description = "Your IAB Global Vendor List id: TC strings then count as consent only if they also give"
          + " consent to this vendor (default: purposes only).")
  Integer tcfVendorId;

  /** The consent settings these options give. */
  Settings.Consent consent() {
    return new Settings.Consent(publicUrl, tcfVendorId);
  }
}
