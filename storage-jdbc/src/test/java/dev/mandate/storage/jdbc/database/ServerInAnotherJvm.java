package dev.mandate.storage.jdbc.database;

import java.nio.file.Path;

/**
 * Started by {@link EmbeddedDatabaseServerIT} as a separate JVM that holds a data directory until
 * it is killed: prints {@code READY} once the server runs, then waits.
 */
public final class ServerInAnotherJvm {
  private ServerInAnotherJvm() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(Path.of(args[0]));
    System.out.println("READY " + server.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
