package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.app.TestServer.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Consent and marketing (ISO 27701 8.2.3) on the real composition root and PostgreSQL: the
 * examples/consent-event.json grant, the marketing gate, the audience from the JDBC ledger and
 * vault, one-click unsubscribe, and the `mandate consent history` CLI against the server.
 */
class ConsentIT {
  static TestServer server;
  static String app;
  static String service;

  @BeforeAll
  static void setUp() {
    server = TestServer.start();
    String admin = server.adminKey;
    ObjectNode customer = Examples.read("customer.json").put("id", "acme");
    customer.putArray("jurisdictions").add("EU-GDPR").add("US-CA-CPRA");
    assertThat(server.call("POST", "/v1/customers", admin, customer).status()).isEqualTo(201);
    ObjectNode terms = Examples.read("agreement-v1.json");
    terms.putObject("marketing").put("instructed", true);
    ObjectNode marketing = ((com.fasterxml.jackson.databind.node.ArrayNode) terms.get("purposes")).addObject();
    marketing.put("purpose", "dpv:DirectMarketing").put("retentionDays", 365).put("legalBasis", "eu-gdpr:A6-1-a")
        .put("processorOwnUse", false);
    marketing.putArray("dataCategories").add("pd:Name").add("pd:EmailAddress");
    marketing.putArray("operations").add("dpv:Use");
    marketing.putArray("dataSubjects").add("dpv:Employee");
    Response drafted = server.call("POST", "/v1/customers/acme/agreement/versions", admin, terms);
    assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/1/offer", admin, null).status()).isEqualTo(200);
    String dpo = server.key("customer-dpo", new String[] {"acme"}, new String[] {});
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/1/accept", dpo, null).status()).isEqualTo(200);
    app = server.key("customer-application", new String[] {"acme"}, new String[] {});
    service = server.key("processor-service", new String[] {"acme"}, new String[] {"dpv:PersonnelPayment", "dpv:DirectMarketing"});
    for (String id : List.of("emp-1042", "emp-7", "emp-8")) {
      Response r = server.call("POST", "/v1/customers/acme/vault/records", service,
          Examples.read("vault-record.json").put("subjectId", id));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theExampleGrantPermitsTheNewsletterUntilThePersonUnsubscribes() {
    Response recorded = server.call("POST", "/v1/customers/acme/consent-events", app, Examples.read("consent-event.json"));
    assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
    assertThat(server.call("POST", "/v1/customers/acme/consent-events", app, Examples.read("consent-event.json")).status())
        .as("a duplicate submission").isEqualTo(409);
    ObjectNode asserted = Examples.read("consent-event.json").put("submissionId", "crm-import-7").put("subjectId", "emp-7")
        .put("source", "customer-asserted");
    assertThat(server.call("POST", "/v1/customers/acme/consent-events", app, asserted).status()).isEqualTo(201);

    assertThat(decide("emp-1042").path("effect").asText()).isEqualTo("PERMIT");
    assertThat(decide("emp-7").at("/reasons/0/code").asText()).isEqualTo("CONSENT_NOT_FROM_PERSON");

    Response page = server.call("POST", "/v1/customers/acme/marketing-audiences", service,
        "{\"purpose\":\"dpv:DirectMarketing\",\"fields\":[\"email\"],\"limit\":2}");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.json().path("count").asInt()).isEqualTo(1);
    assertThat(page.json().at("/members/0/fields/email").asText()).isEqualTo("jamie.rivera@acme.example");
    assertThat(page.json().at("/members/0/subjectId").asText()).isEqualTo("emp-1042");

    Response link = server.call("POST", "/v1/customers/acme/unsubscribe-links", app,
        "{\"subjectId\":\"emp-1042\",\"purpose\":\"dpv:DirectMarketing\"}");
    assertThat(link.status()).isEqualTo(201);
    String token = link.json().path("token").asText();
    Response out = server.call("POST", "/v1/unsubscribe/" + token, null, null);
    assertThat(out.status()).as(out.body()).isEqualTo(200);
    assertThat(decide("emp-1042").at("/reasons/0/code").asText()).isEqualTo("CONSENT_WITHDRAWN");
    assertThat(server.call("POST", "/v1/customers/acme/marketing-audiences", service,
        "{\"purpose\":\"dpv:DirectMarketing\",\"fields\":[\"email\"]}").json().path("count").asInt()).isZero();

    // the CLI shows the history through the API
    StringWriter text = new StringWriter();
    CommandLine cli = new CommandLine(new MandateCommand());
    cli.setOut(new PrintWriter(text));
    ConsentHistoryCommand.keyForTests = app;
    try {
      int code = cli.execute("consent", "history", "--customer", "acme", "--subject", "emp-1042", "--url", server.url(""));
      assertThat(code).as(text.toString()).isZero();
    } finally {
      ConsentHistoryCommand.keyForTests = null;
    }
    List<String> lines = new ArrayList<>(text.toString().lines().toList());
    assertThat(text.toString()).contains("dpv:DirectMarketing").contains("WITHDRAWN").contains("data-subject-form")
        .contains("one-click-unsubscribe").contains("newsletter-notice-3").doesNotContain("emp-1042");
    assertThat(lines).anyMatch(l -> l.contains("granted"));
  }

  private static JsonNode decide(String subject) {
    Response r = server.call("POST", "/v1/decisions", service, """
        {"customerId":"acme","purpose":"dpv:DirectMarketing","operation":"dpv:Use","dataCategories":["pd:EmailAddress"],
         "dataSubjectCategory":"dpv:Employee","subjectId":"%s"}""".formatted(subject));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }
}
