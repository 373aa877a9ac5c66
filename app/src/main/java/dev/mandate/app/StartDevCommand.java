package dev.mandate.app;

import dev.mandate.crypto.FileMasterKeys;
import dev.mandate.storage.jdbc.database.EmbeddedDatabaseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Development: Mandate on a real embedded PostgreSQL whose data stays in a folder. */
@Command(
    name = "start-dev",
    mixinStandardHelpOptions = true,
    header = "Starts Mandate on its embedded PostgreSQL (development).",
    description = {
      "Starts Mandate on its embedded PostgreSQL for development. Data and the development",
      "master key are kept in the data folder, so a restart keeps everything. On the first start",
      "it creates a processor-admin API key and prints it once. Ctrl-C stops it cleanly."
    })
final class StartDevCommand implements Callable<Integer> {
  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
      description = "Folder for the embedded database and the development master key (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Mixin ServerOptions server;
  @Mixin ProcessorOptions processor;
  @Mixin NoticeOptions notices;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(dataDir);
    Path dir = dataDir.toAbsolutePath().normalize();
    EmbeddedDatabaseServer database = EmbeddedDatabaseServer.start(dir);
    Mandate mandate;
    try {
      FileMasterKeys masterKeys = FileMasterKeys.createOrLoad(dir.resolve("master.keys"));
      String host = server.host == null ? "127.0.0.1" : server.host;
      mandate = Mandate.start(new Settings(database.config(), masterKeys, host, server.httpPort,
          Duration.ofSeconds(server.retentionSweepSeconds), processor.development(), server.logOrigin, server.consent(),
          notices.notices(true)));
      DevDatabase.writeRuntimeFile(dir, database.config());
      Running.announce(System.out, mandate, host, "embedded PostgreSQL " + database.version() + ", data in " + dir);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    Running.awaitShutdown(mandate, () -> DevDatabase.deleteRuntimeFile(dir), database);
    return 0;
  }
}
