package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.app.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through, steps 1–6 of the foundation issue, against the real server and a
 * real PostgreSQL, with the very JSON files the README pastes (examples/).
 */
class EndToEndIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void walkThroughStepsOneToSix() {
    String admin = server.adminKey;

    // 1. create the customer (the controller) with its jurisdictions and contacts
    Response customer = server.call("POST", "/v1/customers", admin, Examples.read("customer.json"));
    assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
    assertThat(customer.json().get("jurisdictions").toString()).contains("EU-GDPR");

    // 2. draft, render, offer, accept as the customer's DPO
    Response v1 = server.call("POST", "/v1/customers/acme/agreement/versions", admin, Examples.read("agreement-v1.json"));
    assertThat(v1.status()).as(v1.toString()).isEqualTo(201);
    assertThat(v1.json().get("state").asText()).isEqualTo("DRAFT");
    String hash1 = v1.json().get("termsHash").asText();
    assertThat(hash1).matches("[0-9a-f]{64}");

    Response doc = server.call("GET", "/v1/customers/acme/agreement/versions/1/document?format=markdown", admin, null);
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.header("Content-Type")).startsWith("text/markdown");
    assertThat(doc.body()).contains("Acme GmbH").contains("dpv:PersonnelPayment");

    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/1/offer", admin, null).status()).isEqualTo(200);
    String dpo = server.key("customer-dpo", new String[] {"acme"}, new String[] {});
    // the processor cannot accept on the customer's behalf
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/1/accept", admin, null).status()).isEqualTo(403);
    ObjectNode acceptance = TestServer.JSON.createObjectNode().put("termsHash", hash1);
    Response accepted = server.call("POST", "/v1/customers/acme/agreement/versions/1/accept", dpo, acceptance);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(accepted.json().get("state").asText()).isEqualTo("ACCEPTED");
    assertThat(accepted.json().at("/accepted/actor").asText()).contains("customer-dpo");

    // 3. store PII through the vault, naming a purpose
    String service = server.key("processor-service", new String[] {"acme"},
        new String[] {"dpv:PersonnelPayment", "dpv:CommunicationManagement", "dpv:PersonnelManagement"});
    Response created = server.call("POST", "/v1/customers/acme/vault/records", service, Examples.read("vault-record.json"),
        "Idempotency-Key", "create-emp-1042");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String record = created.json().get("id").asText();
    Response replay = server.call("POST", "/v1/customers/acme/vault/records", service, Examples.read("vault-record.json"),
        "Idempotency-Key", "create-emp-1042");
    assertThat(replay.json().get("id").asText()).isEqualTo(record);

    // 4. read back for an allowed purpose, and for one the agreement does not cover
    String path = "/v1/customers/acme/vault/records/" + record;
    Response permitted = server.call("GET", path + "?purpose=dpv:PersonnelPayment", service, null);
    assertThat(permitted.status()).as(permitted.toString()).isEqualTo(200);
    assertThat(permitted.json().at("/fields/salary/value").asText()).isEqualTo("5400.00 EUR");
    assertThat(permitted.json().at("/decision/effect").asText()).isEqualTo("PERMIT");
    assertThat(permitted.json().at("/decision/agreement/version").asInt()).isEqualTo(1);

    Response denied = server.call("GET", path + "?purpose=dpv:PersonnelManagement", service, null);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.header("Content-Type")).startsWith("application/problem+json");
    assertThat(denied.json().get("code").asText()).isEqualTo("PROCESSING_DENIED");
    assertThat(codes(denied.json().at("/decision/reasons"))).containsExactly("PURPOSE_NOT_IN_AGREEMENT");
    assertThat(denied.body()).doesNotContain("5400.00").doesNotContain("Jamie").doesNotContain("emp-1042");

    // 5. ask the decision point about PII held in the processor's own database
    Response decision = server.call("POST", "/v1/decisions", service, Examples.read("decision.json"));
    assertThat(decision.status()).as(decision.toString()).isEqualTo(200);
    assertThat(decision.json().get("effect").asText()).isEqualTo("PERMIT");
    assertThat(decision.json().at("/reasons/0/clause").asText()).isEqualTo("purposes[0]");
    ObjectNode health = Examples.read("decision.json");
    health.putArray("dataCategories").add("pd:HealthRecord");
    Response healthDecision = server.call("POST", "/v1/decisions", service, health);
    assertThat(healthDecision.json().get("effect").asText()).isEqualTo("DENY");
    assertThat(codes(healthDecision.json().get("reasons"))).containsExactly("DATA_CATEGORY_NOT_ALLOWED");

    // 6. amend: until the customer accepts version 2, processing stays under version 1
    Response v2 = server.call("POST", "/v1/customers/acme/agreement/versions", admin, Examples.read("agreement-v2.json"));
    assertThat(v2.status()).as(v2.toString()).isEqualTo(201);
    assertThat(v2.json().get("version").asInt()).isEqualTo(2);
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/2/offer", admin, null).status()).isEqualTo(200);
    assertThat(server.call("GET", path + "?purpose=dpv:PersonnelManagement", service, null).status()).isEqualTo(403);
    assertThat(server.call("GET", path + "?purpose=dpv:PersonnelPayment", service, null)
        .json().at("/decision/agreement/version").asInt()).isEqualTo(1);

    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/2/accept", dpo, null).status()).isEqualTo(200);
    Response underV2 = server.call("GET", path + "?purpose=dpv:PersonnelManagement&fields=name,email", service, null);
    assertThat(underV2.status()).as(underV2.toString()).isEqualTo(200);
    assertThat(underV2.json().at("/decision/agreement/version").asInt()).isEqualTo(2);
    assertThat(underV2.json().get("fields").has("salary")).isFalse();

    Response agreement = server.call("GET", "/v1/customers/acme/agreement", dpo, null);
    assertThat(agreement.json().get("inForce").asInt()).isEqualTo(2);
    assertThat(agreement.json().at("/versions/0/state").asText()).isEqualTo("SUPERSEDED");
    // old versions stay readable forever
    assertThat(server.call("GET", "/v1/customers/acme/agreement/versions/1", dpo, null).json().get("termsHash").asText())
        .isEqualTo(hash1);

    // every decision, permit or deny, was recorded, without PII
    Response records = server.call("GET", "/v1/customers/acme/processing-records?limit=1000", dpo, null);
    assertThat(records.status()).isEqualTo(200);
    List<String> effects = new ArrayList<>();
    records.json().get("items").forEach(i -> effects.add(i.path("effect").asText()));
    assertThat(effects).contains("PERMIT", "DENY");
    assertThat(records.body()).doesNotContain("Jamie").doesNotContain("emp-1042").doesNotContain("5400.00")
        .doesNotContain("DE89370400440532013000");
    assertThat(records.body()).contains("ps_");
  }

  static List<String> codes(JsonNode reasons) {
    List<String> codes = new ArrayList<>();
    reasons.forEach(r -> codes.add(r.get("code").asText()));
    return codes;
  }
}
