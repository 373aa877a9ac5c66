package dev.mandate.web;

import static dev.mandate.web.TestApi.customerBody;
import static dev.mandate.web.TestApi.expect;
import static dev.mandate.web.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each resource through the real server with in-memory adapters: the JSON shapes the OpenAPI
 * document promises. End-to-end and tenant isolation against the database live in the app module.
 */
class ApiFlowsIT {
  private static final String RECORD = """
      {"subjectId":"emp-4711","dataSubjectCategory":"dpv:Employee","purpose":"dpv:PersonnelManagement",
       "fields":{"name":{"category":"pd:Name","value":"Jane Doe"},
                 "email":{"category":"pd:EmailAddress","value":"Jane.Doe@Example.com"}}}
      """;
  private TestApi api;

  @BeforeEach
  void start() {
    api = new TestApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void apiKeysAreIssuedOnceListedWithoutSecretsAndRevoked() {
    HttpResponse<String> created = expect(api.send("POST", "/v1/api-keys", api.adminToken(),
        "{\"label\":\"payroll app\",\"role\":\"processor-service\",\"customers\":[\"acme\"],"
            + "\"purposes\":[\"custom:MonthlyPayroll\"]}"), 201);
    JsonNode key = json(created);
    assertThat(key.path("id").asText()).startsWith("key_");
    assertThat(key.path("secret").asText()).startsWith(key.path("id").asText() + ".");
    assertThat(key.path("role").asText()).isEqualTo("processor-service");
    assertThat(key.path("customers").toString()).isEqualTo("[\"acme\"]");
    assertThat(key.path("createdAt").asText()).isEqualTo("2026-06-15T09:00:00Z");

    HttpResponse<String> list = expect(api.send("GET", "/v1/api-keys", api.adminToken(), null), 200);
    assertThat(json(list).path("items")).hasSize(2);
    assertThat(list.body()).doesNotContain(key.path("secret").asText()).doesNotContain("\"secret\"");

    expect(api.send("DELETE", "/v1/api-keys/" + key.path("id").asText(), api.adminToken(), null), 204);
    HttpResponse<String> again = api.send("DELETE", "/v1/api-keys/" + key.path("id").asText(), api.adminToken(), null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(json(again).path("code").asText()).isEqualTo("API_KEY_NOT_FOUND");

    HttpResponse<String> invalid = api.send("POST", "/v1/api-keys", api.adminToken(), "{\"role\":\"king\"}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(json(invalid).path("errors").get(0).path("field").asText()).isEqualTo("role");
  }

  @Test
  void customersAreCreatedReadListedAndUpdated() {
    HttpResponse<String> created = expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme")), 201);
    JsonNode c = json(created);
    assertThat(c.path("id").asText()).isEqualTo("acme");
    assertThat(c.path("jurisdictions").toString()).isEqualTo("[\"EU-GDPR\"]");
    assertThat(c.path("dpo").path("email").asText()).isEqualTo("dpo@acme.example");
    assertThat(c.path("notificationEndpoints").get(0).path("kind").asText()).isEqualTo("WEBHOOK");
    assertThat(c.path("createdAt").asText()).isEqualTo("2026-06-15T09:00:00Z");

    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("beta")), 201);
    HttpResponse<String> generated = expect(api.send("POST", "/v1/customers", api.adminToken(),
        customerBody("x").replace("\"id\":\"x\",", "")), 201);
    assertThat(json(generated).path("id").asText()).startsWith("cus-");

    JsonNode page = json(expect(api.send("GET", "/v1/customers?limit=2", api.adminToken(), null), 200));
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("next").asText()).isEqualTo("beta");
    JsonNode rest = json(expect(api.send("GET", "/v1/customers?limit=2&after=beta", api.adminToken(), null), 200));
    assertThat(rest.path("items")).hasSize(1);
    assertThat(rest.path("next").isNull()).isTrue();

    api.clock.advance(java.time.Duration.ofMinutes(5));
    String update = customerBody("acme").replace("\"id\":\"acme\",", "").replace("Acme GmbH", "Acme SE");
    JsonNode updated = json(expect(api.send("PUT", "/v1/customers/acme", api.adminToken(), update), 200));
    assertThat(updated.path("name").asText()).isEqualTo("Acme SE");
    assertThat(updated.path("updatedAt").asText()).isEqualTo("2026-06-15T09:05:00Z");
    assertThat(json(expect(api.send("GET", "/v1/customers/acme", api.adminToken(), null), 200)).path("name").asText())
        .isEqualTo("Acme SE");

    HttpResponse<String> duplicate = api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme"));
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(json(duplicate).path("code").asText()).isEqualTo("CUSTOMER_EXISTS");
    HttpResponse<String> missing = api.send("GET", "/v1/customers/nobody", api.adminToken(), null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).path("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
  }

  @Test
  void agreementGoesFromDraftToAcceptedToTerminated() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme")), 201);
    JsonNode draft = json(expect(api.send("POST", "/v1/customers/acme/agreement/versions", api.adminToken(),
        TestApi.payrollTerms(), "Idempotency-Key", "draft-1"), 201));
    assertThat(draft.path("version").asInt()).isEqualTo(1);
    assertThat(draft.path("state").asText()).isEqualTo("DRAFT");
    assertThat(draft.path("termsHash").asText()).hasSize(64);
    assertThat(draft.path("terms").path("purposes").get(0).path("purpose").asText()).isEqualTo("custom:MonthlyPayroll");
    assertThat(draft.path("drafted").path("actor").asText()).endsWith("/processor-admin");
    assertThat(draft.path("offered").isNull()).isTrue();

    String changed = TestApi.payrollTerms().replace("\"breachNotificationHours\": 48", "\"breachNotificationHours\": 24");
    JsonNode redrafted = json(expect(api.send("PUT", "/v1/customers/acme/agreement/versions/1", api.adminToken(),
        changed), 200));
    assertThat(redrafted.path("termsHash").asText()).isNotEqualTo(draft.path("termsHash").asText());
    assertThat(redrafted.path("terms").path("assistance").path("breachNotificationHours").asInt()).isEqualTo(24);

    JsonNode offered = json(expect(api.send("POST", "/v1/customers/acme/agreement/versions/1/offer", api.adminToken(),
        null), 200));
    assertThat(offered.path("state").asText()).isEqualTo("OFFERED");

    String dpo = api.dpoToken();
    HttpResponse<String> wrongHash = api.send("POST", "/v1/customers/acme/agreement/versions/1/accept", dpo,
        "{\"termsHash\":\"" + "0".repeat(64) + "\"}");
    assertThat(wrongHash.statusCode()).isEqualTo(409);
    assertThat(json(wrongHash).path("code").asText()).isEqualTo("TERMS_HASH_MISMATCH");
    JsonNode accepted = json(expect(api.send("POST", "/v1/customers/acme/agreement/versions/1/accept", dpo,
        "{\"termsHash\":\"" + redrafted.path("termsHash").asText() + "\"}"), 200));
    assertThat(accepted.path("state").asText()).isEqualTo("ACCEPTED");
    assertThat(accepted.path("accepted").path("actor").asText()).endsWith("/customer-dpo");

    JsonNode overview = json(expect(api.send("GET", "/v1/customers/acme/agreement", dpo, null), 200));
    assertThat(overview.path("inForce").asInt()).isEqualTo(1);
    assertThat(overview.path("versions").get(0).has("terms")).isFalse();

    HttpResponse<String> markdown = expect(api.send("GET",
        "/v1/customers/acme/agreement/versions/1/document?format=markdown", dpo, null), 200);
    assertThat(markdown.headers().firstValue("Content-Type")).hasValue("text/markdown; charset=utf-8");
    assertThat(markdown.body()).startsWith("# Agreement 1 with Acme GmbH");
    HttpResponse<String> html = expect(api.send("GET",
        "/v1/customers/acme/agreement/versions/1/document?format=html", dpo, null), 200);
    assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    JsonNode doc = json(expect(api.send("GET", "/v1/customers/acme/agreement/versions/1/document", dpo, null), 200));
    assertThat(doc.path("fleschReadingEase").asDouble()).isEqualTo(64.5);
    assertThat(doc.path("termsHash").asText()).isEqualTo(redrafted.path("termsHash").asText());
    assertThat(api.send("GET", "/v1/customers/acme/agreement/versions/1/document?format=pdf", dpo, null).statusCode())
        .isEqualTo(400);

    JsonNode terminated = json(expect(api.send("POST", "/v1/customers/acme/agreement/terminate", api.adminToken(),
        "{\"note\":\"contract ended\"}"), 200));
    assertThat(terminated.path("state").asText()).isEqualTo("TERMINATED");
    assertThat(terminated.path("closingNote").asText()).isEqualTo("contract ended");
    assertThat(json(api.send("GET", "/v1/customers/acme/agreement", dpo, null)).path("inForce").isNull()).isTrue();
  }

  @Test
  void offerRejectsAnyBodyButEmptyObject() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme")), 201);
    expect(api.send("POST", "/v1/customers/acme/agreement/versions", api.adminToken(), TestApi.payrollTerms()), 201);
    HttpResponse<String> r = api.send("POST", "/v1/customers/acme/agreement/versions/1/offer", api.adminToken(),
        "{\"please\":true}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("code").asText()).isEqualTo("UNKNOWN_FIELD");
    expect(api.send("POST", "/v1/customers/acme/agreement/versions/1/offer", api.adminToken(), "{}"), 200);
    JsonNode rejected = json(expect(api.send("POST", "/v1/customers/acme/agreement/versions/1/reject", api.dpoToken(),
        "{\"note\":\"too long retention\"}"), 200));
    assertThat(rejected.path("state").asText()).isEqualTo("REJECTED");
  }

  @Test
  void invalidTermsNameTheirFields() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme")), 201);
    String terms = TestApi.payrollTerms().replace("\"startsOn\": \"2026-01-01\"", "\"startsOn\": \"2026-02-30\"");
    HttpResponse<String> r = api.send("POST", "/v1/customers/acme/agreement/versions", api.adminToken(), terms);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("startsOn");
    String unknownTerm = TestApi.payrollTerms().replace("\"dpv:Transmit\"", "\"dpv:Teleport\"");
    HttpResponse<String> t = api.send("POST", "/v1/customers/acme/agreement/versions", api.adminToken(), unknownTerm);
    assertThat(t.statusCode()).isEqualTo(400);
    assertThat(json(t).path("code").asText()).isEqualTo("INVALID_TERMS");
    assertThat(json(t).path("errors").get(0).path("field").asText()).isEqualTo("purposes[0].operations[2]");
  }

  @Test
  void decisionsPermitAndDenyWithReasons() {
    api.acmeWithAgreement();
    String service = api.serviceToken();
    JsonNode permit = json(expect(api.send("POST", "/v1/decisions", service, """
        {"customerId":"acme","purpose":"custom:MonthlyPayroll","operation":"dpv:Use",
         "dataCategories":["pd:Name","pd:BankAccount","pd:Salary"],"dataSubjectCategory":"dpv:Employee",
         "subjectId":"emp-4711","collectedAt":"2026-03-01T00:00:00Z"}
        """), 200));
    assertThat(permit.path("effect").asText()).isEqualTo("PERMIT");
    assertThat(permit.path("reasons").get(0).path("code").asText()).isEqualTo("PERMITTED_BY_CLAUSE");
    assertThat(permit.path("reasons").get(0).path("clause").asText()).isEqualTo("purposes[0]");
    assertThat(permit.path("agreement").path("version").asInt()).isEqualTo(1);
    assertThat(permit.path("errors")).isEmpty();

    JsonNode deny = json(expect(api.send("POST", "/v1/decisions", service, """
        {"customerId":"acme","purpose":"dpv:LegalCompliance","operation":"dpv:Store",
         "dataCategories":["pd:BankAccount"],"dataSubjectCategory":"dpv:Employee"}
        """), 200));
    assertThat(deny.path("effect").asText()).isEqualTo("DENY");
    assertThat(deny.path("reasons").get(0).path("code").asText()).isEqualTo("DATA_CATEGORY_NOT_ALLOWED");

    HttpResponse<String> badInstant = api.send("POST", "/v1/decisions", service, """
        {"customerId":"acme","purpose":"custom:MonthlyPayroll","operation":"dpv:Use",
         "dataCategories":["pd:Name"],"dataSubjectCategory":"dpv:Employee","collectedAt":"yesterday"}
        """);
    assertThat(badInstant.statusCode()).isEqualTo(400);
    assertThat(json(badInstant).path("errors").get(0).path("field").asText()).isEqualTo("collectedAt");

    HttpResponse<String> noCustomer = api.send("POST", "/v1/decisions", service, "{\"purpose\":\"dpv:Marketing\"}");
    assertThat(noCustomer.statusCode()).isEqualTo(400);
    assertThat(json(noCustomer).path("errors").get(0).path("field").asText()).isEqualTo("customerId");

    assertThat(api.send("GET", "/metrics", null, null).body())
        .contains("mandate_decisions_total{effect=\"PERMIT\"} 1.0")
        .contains("mandate_decisions_total{effect=\"DENY\"} 1.0");
  }

  @Test
  void vaultRecordLifecycle() {
    api.acmeWithAgreement();
    String service = api.serviceToken();
    JsonNode created = json(expect(api.send("POST", "/v1/customers/acme/vault/records", service, RECORD,
        "Idempotency-Key", "rec-1"), 201));
    String id = created.path("id").asText();
    assertThat(VaultEndpoints.isCanonicalUuid(id)).isTrue();
    assertThat(created.path("decisions").get(0).path("effect").asText()).isEqualTo("PERMIT");
    HttpResponse<String> replay = expect(api.send("POST", "/v1/customers/acme/vault/records", service, RECORD,
        "Idempotency-Key", "rec-1"), 201);
    assertThat(json(replay).path("id").asText()).isEqualTo(id);

    String path = "/v1/customers/acme/vault/records/" + id;
    JsonNode read = json(expect(api.send("GET", path + "?purpose=dpv:PersonnelManagement", service, null), 200));
    assertThat(read.path("subjectId").asText()).isEqualTo("emp-4711");
    assertThat(read.path("dataSubjectCategory").asText()).isEqualTo("dpv:Employee");
    assertThat(read.path("fields").path("name").path("value").asText()).isEqualTo("Jane Doe");
    assertThat(read.path("fields").path("email").path("category").asText()).isEqualTo("pd:EmailAddress");
    assertThat(read.path("fields").path("email").path("expiresAt").asText()).isEqualTo("2027-06-15T09:00:00Z");
    assertThat(read.path("decision").path("effect").asText()).isEqualTo("PERMIT");

    JsonNode one = json(expect(api.send("GET", path + "?purpose=dpv:PersonnelManagement&fields=email", service,
        null), 200));
    assertThat(one.path("fields").size()).isEqualTo(1);

    api.clock.advance(java.time.Duration.ofSeconds(1));
    JsonNode patched = json(expect(api.send("PATCH", path, service, """
        {"purpose":"dpv:PersonnelManagement","fields":{"email":{"category":"pd:EmailAddress","value":"jane@new.example"}}}
        """), 200));
    assertThat(patched.path("fields").size()).isEqualTo(1);
    assertThat(patched.path("fields").path("email").path("value").asText()).isEqualTo("jane@new.example");

    JsonNode found = json(expect(api.send("POST", "/v1/customers/acme/vault/search", service, """
        {"purpose":"dpv:PersonnelManagement","field":"email","category":"pd:EmailAddress",
         "value":"JANE@new.example","dataSubjectCategory":"dpv:Employee"}
        """), 200));
    assertThat(found.path("records").toString()).isEqualTo("[\"" + id + "\"]");

    JsonNode deleted = json(expect(api.send("DELETE", path + "?purpose=dpv:PersonnelManagement", service, null), 200));
    assertThat(deleted.path("decision").path("effect").asText()).isEqualTo("PERMIT");
    HttpResponse<String> gone = api.send("GET", path + "?purpose=dpv:PersonnelManagement", service, null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).path("code").asText()).isEqualTo("RECORD_NOT_FOUND");
  }

  @Test
  void vaultDenialIs403WithTheDecisionAndNothingAboutTheRecord() {
    api.acmeWithAgreement();
    String service = api.serviceToken();
    String id = json(expect(api.send("POST", "/v1/customers/acme/vault/records", service, RECORD), 201))
        .path("id").asText();
    HttpResponse<String> r = api.send("GET", "/v1/customers/acme/vault/records/" + id + "?purpose=dpv:LegalCompliance",
        service, null);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode p = json(r);
    assertThat(p.path("code").asText()).isEqualTo("PROCESSING_DENIED");
    assertThat(p.path("decision").path("effect").asText()).isEqualTo("DENY");
    assertThat(p.path("decision").path("reasons").get(0).path("code").asText()).isNotBlank();
    assertThat(p.path("decision").has("agreement")).isFalse();
    assertThat(r.body()).doesNotContain("Jane").doesNotContain("emp-4711").doesNotContain("fields");
    assertThat(api.send("GET", "/metrics", null, null).body()).contains("mandate_decisions_total{effect=\"DENY\"} 1.0");
  }

  @Test
  void malformedRecordIdIs404AfterTheSameAccessChecks() {
    api.acmeWithAgreement();
    HttpResponse<String> r = api.send("GET", "/v1/customers/acme/vault/records/not-a-uuid?purpose=dpv:PersonnelManagement",
        api.serviceToken(), null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).path("code").asText()).isEqualTo("RECORD_NOT_FOUND");
    HttpResponse<String> lenientUuid = api.send("GET", "/v1/customers/acme/vault/records/1-1-1-1-1?purpose=x",
        api.serviceToken(), null);
    assertThat(json(lenientUuid).path("code").asText()).isEqualTo("RECORD_NOT_FOUND");
    HttpResponse<String> admin = api.send("GET", "/v1/customers/acme/vault/records/not-a-uuid", api.adminToken(), null);
    assertThat(admin.statusCode()).isEqualTo(403);
    String otherTenant = api.issue("processor-service", Set.of("globex"), Set.of("dpv:PersonnelManagement"));
    HttpResponse<String> hidden = api.send("GET", "/v1/customers/acme/vault/records/not-a-uuid", otherTenant, null);
    assertThat(json(hidden).path("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
  }

  @Test
  void vaultInputErrorsNameFieldsNotValues() {
    api.acmeWithAgreement();
    HttpResponse<String> r = api.send("POST", "/v1/customers/acme/vault/records", api.serviceToken(), """
        {"subjectId":"emp-1","dataSubjectCategory":"dpv:Employee","purpose":"dpv:PersonnelManagement",
         "fields":{"name":{"category":"pd:Name","value":12345}}}
        """);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("fields.name.value");
    assertThat(r.body()).doesNotContain("12345");
    HttpResponse<String> nullField = api.send("POST", "/v1/customers/acme/vault/records", api.serviceToken(), """
        {"subjectId":"emp-1","dataSubjectCategory":"dpv:Employee","purpose":"dpv:PersonnelManagement",
         "fields":{"name":null}}
        """);
    assertThat(nullField.statusCode()).isEqualTo(400);
    assertThat(json(nullField).path("errors").get(0).path("field").asText()).isEqualTo("fields.name");
  }

  @Test
  void processingRecordsArePagedAndFiltered() {
    api.acmeWithAgreement();
    String service = api.serviceToken();
    for (int i = 0; i < 3; i++) {
      expect(api.send("POST", "/v1/decisions", service, """
          {"customerId":"acme","purpose":"dpv:LegalCompliance","operation":"dpv:Store",
           "dataCategories":["pd:BankAccount"],"dataSubjectCategory":"dpv:Employee","subjectId":"emp-4711"}
          """), 200);
    }
    String dpo = api.dpoToken();
    JsonNode all = json(expect(api.send("GET", "/v1/customers/acme/processing-records?limit=2", dpo, null), 200));
    assertThat(all.path("items")).hasSize(2);
    long next = all.path("next").asLong();
    assertThat(next).isEqualTo(all.path("items").get(1).path("index").asLong() + 1);
    JsonNode second = json(expect(api.send("GET", "/v1/customers/acme/processing-records?limit=2&from=" + next, dpo,
        null), 200));
    assertThat(second.path("items").get(0).path("index").asLong()).isEqualTo(next);
    JsonNode denials = json(expect(api.send("GET", "/v1/customers/acme/processing-records?effect=DENY", dpo, null), 200));
    assertThat(denials.path("items")).hasSize(3);
    JsonNode item = denials.path("items").get(0);
    assertThat(item.path("type").asText()).isEqualTo("DECISION");
    assertThat(item.path("effect").asText()).isEqualTo("DENY");
    assertThat(item.path("subject").asText()).startsWith("ps_");
    assertThat(item.path("agreementVersion").asInt()).isEqualTo(1);
    assertThat(denials.path("next").isNull()).isTrue();
    assertThat(denials.toString()).doesNotContain("emp-4711");
    assertThat(api.send("GET", "/v1/customers/acme/processing-records", service, null).statusCode()).isEqualTo(403);
  }

  @Test
  void vocabularyIsListedForAnyRole() {
    JsonNode purposes = json(expect(api.send("GET", "/v1/vocabulary/purposes", api.issue("auditor", Set.of(), Set.of()), null), 200));
    assertThat(purposes.path("version").asText()).isNotBlank();
    assertThat(purposes.path("items").size()).isGreaterThan(50);
    JsonNode first = purposes.path("items").get(0);
    assertThat(first.has("id")).isTrue();
    assertThat(first.has("label")).isTrue();
    assertThat(first.path("parents").isArray()).isTrue();
    assertThat(first.has("specialCategory")).isTrue();
    for (String kind : VocabularyEndpoints.KINDS.keySet()) {
      assertThat(api.send("GET", "/v1/vocabulary/" + kind, api.adminToken(), null).statusCode()).as(kind).isEqualTo(200);
    }
    JsonNode pd = json(api.send("GET", "/v1/vocabulary/personal-data", api.adminToken(), null));
    assertThat(pd.path("items").findValuesAsText("id")).contains("pd:EmailAddress");
    HttpResponse<String> unknown = api.send("GET", "/v1/vocabulary/colours", api.adminToken(), null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).path("code").asText()).isEqualTo("NOT_FOUND");
  }
}
