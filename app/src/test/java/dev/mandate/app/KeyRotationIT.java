package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.crypto.FileMasterKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `mandate keys rotate --data-keys` runs beside a live server: the server keeps answering, old
 * values stay readable, every data key ends up wrapped under the new master key version, and
 * new writes use the new data key.
 */
class KeyRotationIT {
  @Test
  void rotatesWithoutDowntime() throws Exception {
    try (TestServer server = TestServer.start()) {
      Walkthrough w = new Walkthrough(server);
      Path passwordFile = Files.createTempFile("db", ".pw",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(passwordFile, server.database.password());

      int code = new CommandLine(new MandateCommand()).execute("keys", "rotate", "--data-keys",
          "--db-url", server.database.url(), "--db-user", server.database.user(),
          "--db-password-file", passwordFile.toString(), "--master-key-file", server.masterKeyFile.toString());
      assertThat(code).isZero();

      assertThat(server.call("GET", w.recordPath(), w.service, null).json().at("/fields/salary/value").asText())
          .isEqualTo("5400.00 EUR");
      try (Connection c = DriverManager.getConnection(server.database.url(), server.database.user(), server.database.password())) {
        assertThat(single(c, "SELECT count(*) FROM wrapped_keys WHERE master_key_version <> 2")).isZero();
        assertThat(single(c, "SELECT max(version) FROM wrapped_keys WHERE purpose = 'FIELD_ENCRYPTION'")).isEqualTo(2);
      }

      // A new process that only reads the (rotated) key file can still open everything.
      server.mandate.close();
      try (Mandate fresh = Mandate.start(new Settings(server.database, FileMasterKeys.load(server.masterKeyFile),
          "127.0.0.1", 0, Duration.ofHours(1)))) {
        TestServer.Response r = new TestServerView(fresh).call(w.recordPath(), w.service);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/fields/iban/value").asText()).isEqualTo("DE89370400440532013000");
        TestServer.Response created = new TestServerView(fresh).post("/v1/customers/acme/vault/records", w.service,
            Examples.read("vault-record.json").put("subjectId", "emp-2001").toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String second = created.json().get("id").asText();
        try (Connection c = DriverManager.getConnection(server.database.url(), server.database.user(), server.database.password())) {
          assertThat(single(c, "SELECT min(key_version) FROM vault_fields WHERE record_id = '" + second + "'")).isEqualTo(2);
          assertThat(single(c, "SELECT max(key_version) FROM vault_fields WHERE record_id = '" + w.record + "'")).isEqualTo(1);
        }
      }
    }
  }

  private static int single(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
