package dev.mandate.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Production: Mandate against an external PostgreSQL 15 or newer. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    header = "Starts Mandate against PostgreSQL 15 or newer (production).",
    description = {
      "Starts Mandate against an external PostgreSQL 15 or newer (production). Migrations run at",
      "start. On the first start on an empty database it prints a processor-admin API key once."
    })
final class StartCommand implements Callable<Integer> {
  @Mixin DatabaseOptions database;
  @Mixin MasterKeyOptions masterKey;
  @Mixin ServerOptions server;
  @Mixin ProcessorOptions processor;
  @Mixin NoticeOptions notices;

  @Override
  public Integer call() throws Exception {
    String host = server.host == null ? "0.0.0.0" : server.host;
    if (!processor.named()) {
      System.err.println("Warning: no --processor-name; records of processing activities will say \""
          + ProcessorOptions.NOT_CONFIGURED + "\".");
    }
    Mandate mandate = Mandate.start(new Settings(database.config(), masterKey.masterKeys(), host, server.httpPort,
        Duration.ofSeconds(server.retentionSweepSeconds), processor.production(), server.logOrigin, server.consent(),
          notices.notices(false)));
    Running.announce(System.out, mandate, host, "PostgreSQL at " + database.url.replaceAll("//[^/@]*@", "//"));
    Running.awaitShutdown(mandate);
    return 0;
  }
}
