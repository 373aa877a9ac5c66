package dev.mandate.app;

import dev.mandate.notify.SmtpSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How notices reach customers (ISO 27701 8.2.4, 8.2.5), shared by start and start-dev. The SMTP
 * password is read from the environment ({@value #PASSWORD_ENV}), never from the command line,
 * where other users of the machine could see it.
 */
final class NoticeOptions {
  static final String PASSWORD_ENV = "MANDATE_SMTP_PASSWORD";

  @Option(names = "--smtp-host", paramLabel = "HOST",
      description = "Outgoing mail server for e-mail notices (default: none; e-mail notices then wait in the"
          + " outbox and are retried until given up).")
  String smtpHost;

  @Option(names = "--smtp-port", defaultValue = "587", paramLabel = "PORT",
      description = "Port of the mail server (default: ${DEFAULT-VALUE}).")
  int smtpPort;

  @Option(names = "--smtp-from", paramLabel = "ADDRESS",
      description = "Sender address of e-mail notices, e.g. privacy-notices@processor.example.")
  String smtpFrom;

  @Option(names = "--smtp-username", paramLabel = "NAME",
      description = "Mail server login; the password is read from " + PASSWORD_ENV + ".")
  String smtpUsername;

  @Option(names = "--smtp-plain", description = "Do not require STARTTLS (a local relay or test server only).")
  boolean smtpPlain;

  @Option(names = "--allow-http-webhooks",
      description = "Also deliver webhooks to http:// addresses (development only; default: https only).")
  boolean allowHttpWebhooks;

  Settings.Notices notices(boolean development) {
    SmtpSettings smtp = null;
    if (smtpHost != null) {
      if (smtpFrom == null) {
        throw new IllegalArgumentException("--smtp-host needs --smtp-from, the sender address of e-mail notices");
      }
      String password = smtpUsername == null ? null : System.getenv(PASSWORD_ENV);
      if (smtpUsername != null && password == null) {
        throw new IllegalArgumentException("--smtp-username needs the password in the environment variable " + PASSWORD_ENV);
      }
      smtp = new SmtpSettings(smtpHost, smtpPort, smtpFrom, smtpUsername, password, !smtpPlain);
    }
    return new Settings.Notices(smtp, development || allowHttpWebhooks, Duration.ofSeconds(1));
  }
}
