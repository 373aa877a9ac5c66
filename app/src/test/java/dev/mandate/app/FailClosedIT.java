package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.app.TestServer.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * If the processing record cannot be made durable, the request fails (503) and nothing is
 * revealed or changed: fail closed. Processing resumes as soon as records can be written again.
 */
class FailClosedIT {
  static TestServer server;
  static Walkthrough w;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    w = new Walkthrough(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aReadThatCannotBeRecordedRevealsNothing() throws Exception {
    assertThat(server.call("GET", w.recordPath(), w.service, null).status()).isEqualTo(200);
    sql("ALTER TABLE log_entries RENAME TO log_entries_away");
    try {
      Response read = server.call("GET", w.recordPath(), w.service, null);
      assertThat(read.status()).as(read.toString()).isEqualTo(503);
      assertThat(read.json().get("code").asText()).isEqualTo("PROCESSING_RECORD_UNAVAILABLE");
      assertThat(read.body()).doesNotContain("Jamie").doesNotContain("5400").doesNotContain("emp-1042");

      Response create = server.call("POST", "/v1/customers/acme/vault/records", w.service,
          Examples.read("vault-record.json").put("subjectId", "emp-2000"));
      assertThat(create.status()).isEqualTo(503);
      Response decision = server.call("POST", "/v1/decisions", w.service, Examples.read("decision.json"));
      assertThat(decision.status()).isEqualTo(503);
    } finally {
      sql("ALTER TABLE log_entries_away RENAME TO log_entries");
    }
    assertThat(server.call("GET", w.recordPath(), w.service, null).status()).isEqualTo(200);
    // the failed create left nothing behind: searching for it finds no record
    var search = TestServer.JSON.createObjectNode().put("purpose", "dpv:PersonnelPayment").put("field", "email")
        .put("category", "pd:EmailAddress").put("value", "jamie.rivera@acme.example")
        .put("dataSubjectCategory", "dpv:Employee");
    Response found = server.call("POST", "/v1/customers/acme/vault/search", w.service, search);
    assertThat(found.json().get("records")).hasSize(1);
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(server.database.url(), server.database.user(), server.database.password());
         Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
