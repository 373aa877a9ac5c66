package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.crypto.FileMasterKeys;
import dev.mandate.storage.jdbc.database.EmbeddedDatabaseServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What start-dev promises: the first start prints a bootstrap key, a restart on the same data
 * folder keeps every customer, agreement and record, and the bootstrap key keeps working.
 */
class RestartIT {
  @Test
  void aRestartKeepsAllData() throws Exception {
    Path dataDir = Files.createTempDirectory("mandate-restart");
    String admin;
    String service;
    String record;
    try (EmbeddedDatabaseServer db = EmbeddedDatabaseServer.start(dataDir);
         Mandate first = start(db, dataDir)) {
      assertThat(first.bootstrapKey()).isPresent();
      admin = first.bootstrapKey().get().secret();
      TestServer server = TestServer.wrap(first, admin);
      Walkthrough w = new Walkthrough(server);
      service = w.service;
      record = w.recordPath();
    }
    try (EmbeddedDatabaseServer db = EmbeddedDatabaseServer.start(dataDir);
         Mandate second = start(db, dataDir)) {
      assertThat(second.bootstrapKey()).as("no second bootstrap key").isEmpty();
      TestServer server = TestServer.wrap(second, admin);
      assertThat(server.call("GET", "/v1/customers/acme", admin, null).status()).isEqualTo(200);
      assertThat(server.call("GET", record, service, null).json().at("/fields/name/value").asText())
          .isEqualTo("Jamie Rivera");
    }
  }

  private static Mandate start(EmbeddedDatabaseServer db, Path dataDir) {
    return Mandate.start(new Settings(db.config(), FileMasterKeys.createOrLoad(dataDir.resolve("master.keys")),
        "127.0.0.1", 0, Duration.ofHours(1)));
  }
}
