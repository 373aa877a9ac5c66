package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.app.TestServer.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The processor's record of processing activities (GDPR Art. 30(2); ISO 27701 8.2.6, PR-826-01)
 * against the real server and PostgreSQL: a customer, an accepted agreement, some vault and
 * decision calls, and then the record's counts, as JSON, CSV and HTML.
 */
class ProcessorRecordIT {
  static TestServer server;
  static String dpo;
  static String period;

  @BeforeAll
  static void setUp() {
    server = TestServer.start();
    String admin = server.adminKey;
    assertThat(server.call("POST", "/v1/customers", admin, Examples.read("customer.json")).status()).isEqualTo(201);
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions", admin, Examples.read("agreement-v1.json"))
        .status()).isEqualTo(201);
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/1/offer", admin, null).status())
        .isEqualTo(200);
    dpo = server.key("customer-dpo", new String[] {"acme"}, new String[] {});
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/1/accept", dpo, null).status())
        .isEqualTo(200);

    String service = server.key("processor-service", new String[] {"acme"},
        new String[] {"dpv:PersonnelPayment", "dpv:PersonnelManagement"});
    // one vault record: a store decision per category (name, email, salary, iban)
    Response created = server.call("POST", "/v1/customers/acme/vault/records", service,
        Examples.read("vault-record.json"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String path = "/v1/customers/acme/vault/records/" + created.json().get("id").asText();
    // two permitted reads, one denied (purpose not in the agreement)
    for (int i = 0; i < 2; i++) {
      assertThat(server.call("GET", path + "?purpose=dpv:PersonnelPayment&fields=salary", service, null).status())
          .isEqualTo(200);
    }
    assertThat(server.call("GET", path + "?purpose=dpv:PersonnelManagement", service, null).status()).isEqualTo(403);
    // three decisions: two permitted, one denied
    for (int i = 0; i < 2; i++) {
      assertThat(server.call("POST", "/v1/decisions", service, Examples.read("decision.json")).json()
          .get("effect").asText()).isEqualTo("PERMIT");
    }
    ObjectNode health = Examples.read("decision.json");
    health.putArray("dataCategories").add("pd:HealthRecord");
    assertThat(server.call("POST", "/v1/decisions", service, health).json().get("effect").asText()).isEqualTo("DENY");

    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    period = "?from=" + now.minus(1, ChronoUnit.DAYS) + "&to=" + now.plus(1, ChronoUnit.DAYS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void countsWhatHappenedByPurposeOperationCategoryAndDecision() {
    Response r = server.call("GET", "/v1/customers/acme/processing-activities-record" + period, dpo, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode record = r.json();
    Map<String, Long> counts = new LinkedHashMap<>();
    record.get("activity").forEach(a -> counts.merge(a.get("type").asText() + " " + a.get("purpose").asText() + " "
        + a.get("operation").asText() + " " + a.get("dataCategory").asText() + " " + a.get("decision").asText(),
        a.get("count").asLong(), Long::sum));
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("VAULT_CREATE dpv:PersonnelPayment dpv:Store pd:Name PERMIT", 1L),
        Map.entry("VAULT_CREATE dpv:PersonnelPayment dpv:Store pd:EmailAddress PERMIT", 1L),
        Map.entry("VAULT_CREATE dpv:PersonnelPayment dpv:Store pd:Salary PERMIT", 1L),
        Map.entry("VAULT_CREATE dpv:PersonnelPayment dpv:Store pd:BankAccount PERMIT", 1L),
        Map.entry("VAULT_READ dpv:PersonnelPayment dpv:Retrieve pd:Salary PERMIT", 2L),
        Map.entry("VAULT_READ dpv:PersonnelManagement dpv:Retrieve pd:Name DENY", 1L),
        Map.entry("VAULT_READ dpv:PersonnelManagement dpv:Retrieve pd:EmailAddress DENY", 1L),
        Map.entry("VAULT_READ dpv:PersonnelManagement dpv:Retrieve pd:Salary DENY", 1L),
        Map.entry("VAULT_READ dpv:PersonnelManagement dpv:Retrieve pd:BankAccount DENY", 1L),
        Map.entry("DECISION dpv:PersonnelPayment dpv:Retrieve pd:Salary PERMIT", 2L),
        Map.entry("DECISION dpv:PersonnelPayment dpv:Retrieve pd:BankAccount PERMIT", 2L),
        Map.entry("DECISION dpv:PersonnelPayment dpv:Retrieve pd:HealthRecord DENY", 1L)));

    // and the Art. 30(2) fields come from the customer and the accepted agreement
    assertThat(record.at("/controller/name").asText()).isEqualTo("Acme GmbH");
    assertThat(record.at("/controller/contact").asText()).isEqualTo("privacy@acme.example");
    assertThat(record.at("/dpo/controller/name").asText()).isEqualTo("Dana Okafor");
    assertThat(record.at("/processors/0/name").asText()).isEqualTo("Example Processor Ltd (development)");
    assertThat(record.at("/processingCategories/0/purpose").asText()).isEqualTo("dpv:PersonnelPayment");
    assertThat(record.at("/subProcessors/0/name").asText()).isEqualTo("Hetzner Online GmbH");
    assertThat(record.get("transfers")).isEmpty(); // everything stays in Germany
    assertThat(record.at("/agreementVersions/0/version").asInt()).isEqualTo(1);
    assertThat(record.at("/tomDescription/measures").toString()).contains("dpv:Pseudonymisation");
    // nothing in it names a data subject
    assertThat(r.body()).doesNotContain("Jamie").doesNotContain("emp-1042").doesNotContain("5400");
  }

  @Test
  void csvAndHtmlCarryTheSameCounts() {
    Response csv = server.call("GET", "/v1/customers/acme/processing-activities-record" + period + "&format=csv", dpo,
        null);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.body()).contains("\r\nactivity,VAULT_READ,dpv:PersonnelPayment,dpv:Retrieve,pd:Salary,PERMIT,2,,\r\n")
        .contains("\r\ncontroller,name,Acme GmbH,,,,,,\r\n");

    Response html = server.call("GET", "/v1/customers/acme/processing-activities-record" + period, dpo, null,
        "Accept", "text/html");
    assertThat(html.status()).isEqualTo(200);
    assertThat(html.header("Content-Type")).startsWith("text/html");
    assertThat(html.body()).contains("<h1>Record of processing activities for Acme GmbH</h1>")
        .contains("personnel payment (dpv:PersonnelPayment)").contains("Hetzner Online GmbH")
        .doesNotContain("<script");
  }

  @Test
  void theProcessorsApplicationsMayNotReadIt() {
    String service = server.key("processor-service", new String[] {"acme"}, new String[] {"dpv:PersonnelPayment"});
    Response r = server.call("GET", "/v1/customers/acme/processing-activities-record" + period, service, null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("code").asText()).isEqualTo("FORBIDDEN_FOR_ROLE");
  }
}
