package dev.mandate.web;

import static dev.mandate.web.TestApi.expect;
import static dev.mandate.web.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.RecordedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consent and marketing (ISO 27701 8.2.3) through the real HTTP server with in-memory adapters:
 * the ledger, the marketing gate, TC strings (real vectors from ../shared/testdata/tcf), one-click
 * unsubscribe, GPC, the audience export, bad input and tenant isolation. The same flows against
 * PostgreSQL are in the app module.
 */
class ConsentApiIT {
  static final String SHOP = "/v1/customers/shop";
  static final String NOTICE = "{\"version\":\"2026-05\",\"textSha256\":\"" + "ab".repeat(32) + "\",\"language\":\"en\"}";
  private TestApi api;
  private String app;
  private String service;

  @BeforeEach
  void start() {
    api = new TestApi();
    expect(api.send("POST", "/v1/customers", api.adminToken(), """
        {"id":"shop","name":"Shop Inc.","jurisdictions":["EU-GDPR","US-CA-CPRA"],
         "dpo":{"name":"Dana Privacy","email":"dpo@shop.example"},"notificationEndpoints":[]}
        """), 201);
    expect(api.send("POST", SHOP + "/agreement/versions", api.adminToken(), resource("/agreements/webshop.json")), 201);
    expect(api.send("POST", SHOP + "/agreement/versions/1/offer", api.adminToken(), null), 200);
    expect(api.send("POST", SHOP + "/agreement/versions/1/accept", api.issue("customer-dpo", Set.of("shop"), Set.of()), null), 200);
    app = api.issue("customer-application", Set.of("shop"), Set.of());
    service = api.issue("processor-service", Set.of("shop"), Set.of("dpv:DirectMarketing", "dpv:CustomerOrderManagement"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aGrantFromTheFormPermitsMarketingAndTheHistoryShowsItsProvenance() {
    JsonNode r = json(expect(record("s-1", "u-1", "granted", "data-subject-form", "2026-06-01T10:00:00Z"), 201));
    assertThat(r.at("/events/0/purpose").asText()).isEqualTo("dpv:DirectMarketing");
    assertThat(r.at("/events/0/dpvState").asText()).isEqualTo("dpv:ConsentGiven");
    assertThat(r.at("/events/0/evidence/ipHmac").asText()).hasSize(64); // the IP is never stored, only a keyed hash
    assertThat(r.at("/events/0/evidence").has("ip")).isFalse();
    assertThat(r.at("/current/0/status").asText()).isEqualTo("VALID");

    JsonNode d = json(expect(decide("u-1", "dpv:DirectMarketing"), 200));
    assertThat(d.path("effect").asText()).isEqualTo("PERMIT");
    assertThat(codes(d)).containsExactly("PERMITTED_BY_CLAUSE", "CONSENT_VERIFIED");

    JsonNode h = json(expect(api.send("POST", SHOP + "/consent/lookup", api.issue("customer-dpo", Set.of("shop"), Set.of()),
        "{\"subjectId\":\"u-1\"}"), 200));
    assertThat(h.path("subject").asText()).startsWith("ps_");
    assertThat(h.at("/history/0/source").asText()).isEqualTo("data-subject-form");
    assertThat(h.at("/history/0/notice/version").asText()).isEqualTo("2026-05");
    assertThat(h.toString()).doesNotContain("u-1");
    // every consent event is a processing-log entry, with the subject as a pseudonym
    List<RecordedEvent> consentEntries = entries(EventType.CONSENT_GRANTED);
    assertThat(consentEntries).hasSize(1);
    assertThat(consentEntries.get(0).event().subject()).isEqualTo(h.path("subject").asText());
    assertThat(consentEntries.get(0).event().reasons()).containsExactly("SOURCE_DATA_SUBJECT_FORM");
    assertThat(r.at("/events/0/logIndex").asLong()).isEqualTo(consentEntries.get(0).index());
  }

  @Test
  void theGateSaysWhyMarketingIsDenied() {
    expect(record("s-2", "u-2", "granted", "customer-asserted", "2026-06-01T10:00:00Z"), 201);
    assertThat(codes(json(decide("u-2", "dpv:DirectMarketing")))).containsExactly("CONSENT_NOT_FROM_PERSON");
    assertThat(codes(json(decide("u-3", "dpv:DirectMarketing")))).containsExactly("CONSENT_MISSING");
    assertThat(codes(json(decide(null, "dpv:DirectMarketing")))).containsExactly("CONSENT_MISSING");
    expect(api.send("POST", SHOP + "/consent-events", app, body("s-3", "u-3", "granted", "data-subject-form",
        "2026-06-01T10:00:00Z", ",\"conditionOfService\":true")), 201);
    assertThat(codes(json(decide("u-3", "dpv:DirectMarketing")))).containsExactly("CONSENT_BUNDLED_WITH_SERVICE");
    // withdrawal of marketing consent never changes the service purposes
    expect(record("s-4", "u-3", "withdrawn", "data-subject-form", "2026-06-02T10:00:00Z"), 201);
    JsonNode orders = json(expect(api.send("POST", "/v1/decisions", service, """
        {"customerId":"shop","purpose":"dpv:CustomerOrderManagement","operation":"dpv:Use",
         "dataCategories":["pd:Name"],"dataSubjectCategory":"dpv:Customer","subjectId":"u-3"}"""), 200));
    assertThat(orders.path("effect").asText()).isEqualTo("PERMIT");
  }

  @Test
  void badInputIsA400AndChangesNothing() {
    int before = api.log.all().size();
    assertProblem(api.send("POST", SHOP + "/consent-events", app, body("s-9", "u-9", "granted", "data-subject-form",
        "2026-06-01T10:00:00Z", "").replace("dpv:DirectMarketing", "dpv:DirectMarketting")), 400, "INVALID_REQUEST",
        "purposes[0]");
    assertProblem(record("s-9", "u-9", "granted", "data-subject-form", "2026-06-16T10:00:00Z"), 400, "INVALID_REQUEST",
        "expressedAt");
    assertProblem(api.send("POST", SHOP + "/consent-events", app, """
        {"submissionId":"s-9","subjectId":"u-9","purposes":["dpv:DirectMarketing"],"change":"granted",
         "source":"data-subject-form","expressedAt":"2026-06-01T10:00:00Z"}"""), 400, "INVALID_REQUEST", "notice");
    assertProblem(api.send("POST", SHOP + "/consent-events", app, """
        {"submissionId":"s-9","subjectId":"u-9","purposes":["dpv:DirectMarketing"],"change":"granted",
         "source":"data-subject-form","expressedAt":"2026-06-01T10:00:00Z","notice":%s}""".formatted(NOTICE)), 400,
        "INVALID_REQUEST", "conditionOfService");
    assertProblem(record("s-9", " u-9", "granted", "data-subject-form", "2026-06-01T10:00:00Z"), 400, "INVALID_REQUEST",
        "subjectId");
    assertProblem(record("s-9", "u-9", "granted", "data-subject-form", "-999999999-01-01T00:00:00Z"), 400,
        "INVALID_REQUEST", "expressedAt");
    assertProblem(api.send("POST", SHOP + "/consent-events", service, body("s-9", "u-9", "granted", "data-subject-form",
        "2026-06-01T10:00:00Z", "")), 403, "FORBIDDEN_FOR_ROLE", null); // the processor never certifies consent
    assertProblem(tcf("t-1", "not a tc string"), 400, "MALFORMED_TC_STRING", "tcString");
    assertProblem(tcf("t-2", vector("iabtcf-es-issue156-v1-string")), 400, "TC_STRING_NOT_V2", "tcString");
    assertProblem(tcf("t-3", vector("liveramp-v22-invalid-li-purpose3-pv4")), 400, "TCF_POLICY_VIOLATION", "tcString");
    assertProblem(api.send("POST", SHOP + "/consent-events", app, "{\"submissionId\":\"s-9\",\"colour\":1}"), 400,
        "UNKNOWN_FIELD", null);
    assertThat(api.log.all().size()).as("nothing recorded").isEqualTo(before);
    expect(record("s-10", "u-9", "granted", "data-subject-form", "2026-06-01T10:00:00Z"), 201);
    int after = api.log.all().size();
    assertProblem(record("s-10", "u-9", "refused", "data-subject-form", "2026-06-02T10:00:00Z"), 409,
        "DUPLICATE_SUBMISSION", null);
    assertThat(api.log.all().size()).isEqualTo(after);
    assertThat(codes(json(decide("u-9", "dpv:DirectMarketing")))).contains("CONSENT_VERIFIED");
  }

  @Test
  void aTcStringGrantsItsPurposes() {
    JsonNode r = json(expect(tcf("t-10", vector("iabgpp-java-tcfeuv2-small-vendor-sets")), 201));
    Map<String, String> changes = new TreeMap<>();
    r.path("events").forEach(e -> changes.put(e.path("purpose").asText(), e.path("change").asText()));
    assertThat(changes).containsEntry("dpv:Advertising", "granted").containsEntry("dpv:PersonalisedAdvertising", "granted");
    assertThat(r.at("/events/0/evidence/tcString").asText()).isEqualTo(vector("iabgpp-java-tcfeuv2-small-vendor-sets"));
    assertThat(r.at("/events/0/expressedAt").asText()).isEqualTo("2020-03-09T12:04:34.600Z");
  }

  @Test
  void oneClickUnsubscribeWithdrawsOnceAndRefusesForgedOrExpiredLinks() {
    expect(record("s-20", "u-20", "granted", "data-subject-form", "2026-06-01T10:00:00Z"), 201);
    JsonNode link = json(expect(api.send("POST", SHOP + "/unsubscribe-links", app,
        "{\"subjectId\":\"u-20\",\"purpose\":\"dpv:DirectMarketing\",\"expiresInDays\":30}"), 201));
    assertThat(link.at("/emailHeaders/List-Unsubscribe-Post").asText()).isEqualTo("List-Unsubscribe=One-Click");
    String token = link.path("token").asText();
    assertThat(link.path("url").asText()).endsWith("/v1/unsubscribe/" + token);
    assertThat(token).doesNotContain("u-20");

    HttpResponse<String> page = expect(api.send("GET", "/v1/unsubscribe/" + token, null, null), 200);
    assertThat(page.body()).contains("<form method=\"post\"");
    assertThat(codes(json(decide("u-20", "dpv:DirectMarketing")))).contains("CONSENT_VERIFIED"); // a GET changes nothing

    assertThat(json(expect(oneClick(token), 200)).path("status").asText()).isEqualTo("unsubscribed");
    assertThat(codes(json(decide("u-20", "dpv:DirectMarketing")))).containsExactly("CONSENT_WITHDRAWN");
    assertThat(json(expect(oneClick(token), 200)).path("status").asText()).isEqualTo("already-unsubscribed");
    assertThat(entries(EventType.CONSENT_WITHDRAWN)).hasSize(1);

    char last = token.charAt(token.length() - 1);
    String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertProblem(oneClick(forged), 400, "TOKEN_INVALID", null);
    api.clock.advance(Duration.ofDays(31));
    assertProblem(oneClick(token), 410, "TOKEN_EXPIRED", null);
  }

  @Test
  void gpcOnThePersonsOwnPageIsAnOptOutUnderTheCpra() {
    String token = json(expect(api.send("POST", SHOP + "/consent-links", app, "{\"subjectId\":\"u-30\"}"), 201))
        .path("token").asText();
    JsonNode none = json(expect(api.send("GET", "/v1/subject/consent", token, null, "Sec-GPC", "0"), 200));
    assertThat(none.at("/gpc/signal").asBoolean()).isFalse();
    JsonNode gpc = json(expect(api.send("GET", "/v1/subject/consent", token, null, "Sec-GPC", "1"), 200));
    assertThat(gpc.at("/gpc/honoured").asBoolean()).isTrue();
    List<String> purposes = new ArrayList<>();
    gpc.at("/gpc/recorded").forEach(e -> purposes.add(e.path("purpose").asText() + " " + e.path("source").asText()));
    assertThat(purposes).containsExactlyInAnyOrder("dpv:PersonalisedAdvertising gpc-signal", "dpv:SellDataToThirdParties gpc-signal",
        "dpv:SellInsightsFromData gpc-signal", "dpv:TargetedAdvertising gpc-signal",
        "dpv:RecruitmentTargetedAdvertising gpc-signal");
    // a second signal adds nothing: the person is already out
    assertThat(json(expect(api.send("GET", "/v1/subject/consent", token, null, "Sec-GPC", "1"), 200)).at("/gpc/recorded"))
        .isEmpty();
    // the person grants newsletters on their own page
    JsonNode chosen = json(expect(api.send("POST", "/v1/subject/consent", token,
        "{\"choices\":[{\"purpose\":\"dpv:DirectMarketing\",\"change\":\"granted\"}],\"notice\":" + NOTICE + "}"), 200));
    assertThat(chosen.at("/consent/current").toString()).contains("dpv:DirectMarketing");
    assertThat(codes(json(decide("u-30", "dpv:DirectMarketing")))).contains("CONSENT_VERIFIED");
    assertProblem(api.send("GET", "/v1/subject/consent", null, null), 401, "UNAUTHENTICATED", null);
    assertProblem(api.send("GET", "/v1/subject/consent", token + "x", null), 400, "TOKEN_INVALID", null);
    HttpResponse<String> wellKnown = expect(api.send("GET", "/.well-known/gpc.json", null, null), 200);
    assertThat(wellKnown.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(wellKnown).path("gpc").asBoolean()).isTrue();
  }

  @Test
  void theAudienceHasOnlyPeopleWithValidConsentAndEachInclusionIsRecorded() {
    for (String id : List.of("u-40", "u-41", "u-42")) {
      expect(api.send("POST", SHOP + "/vault/records", service, """
          {"subjectId":"%s","dataSubjectCategory":"dpv:Customer","purpose":"dpv:CustomerOrderManagement",
           "fields":{"name":{"category":"pd:Name","value":"Name of %s"},
                     "email":{"category":"pd:EmailAddress","value":"%s@mail.example"}}}
          """.formatted(id, id, id)), 201);
    }
    expect(record("s-40", "u-40", "granted", "data-subject-form", "2026-06-01T10:00:00Z"), 201);
    expect(record("s-41", "u-41", "granted", "customer-asserted", "2026-06-01T10:00:00Z"), 201);
    expect(record("s-42", "u-42", "granted", "data-subject-form", "2026-06-01T10:00:00Z"), 201);
    expect(record("s-43", "u-42", "withdrawn", "data-subject-form", "2026-06-03T10:00:00Z"), 201);

    JsonNode page = json(expect(api.send("POST", SHOP + "/marketing-audiences", service,
        "{\"purpose\":\"dpv:DirectMarketing\",\"fields\":[\"email\"]}"), 200));
    assertThat(page.path("count").asInt()).isEqualTo(1);
    assertThat(page.at("/members/0/subjectId").asText()).isEqualTo("u-40");
    assertThat(page.at("/members/0/fields/email").asText()).isEqualTo("u-40@mail.example");
    assertThat(page.at("/members/0/fields").has("name")).isFalse();
    List<RecordedEvent> inclusions = entries(EventType.MARKETING_AUDIENCE_INCLUSION);
    assertThat(inclusions).hasSize(1);
    assertThat(inclusions.get(0).index()).isEqualTo(page.at("/members/0/inclusionLogIndex").asLong());
    assertThat(inclusions.get(0).event().reasons()).contains("CONSENT_VERIFIED");

    assertProblem(api.send("POST", SHOP + "/marketing-audiences", app, "{\"purpose\":\"dpv:DirectMarketing\",\"fields\":[\"email\"]}"),
        403, "FORBIDDEN_FOR_ROLE", null);
    assertProblem(api.send("POST", SHOP + "/marketing-audiences", service, "{\"purpose\":\"dpv:CustomerOrderManagement\",\"fields\":[\"email\"]}"),
        400, "INVALID_REQUEST", "purpose");
  }

  @Test
  void anotherCustomersKeysSeeNothing() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), TestApi.customerBody("acme")), 201);
    String other = api.issue("customer-application", Set.of("acme"), Set.of());
    String otherService = api.issue("processor-service", Set.of("acme"), Set.of("dpv:DirectMarketing"));
    String body = body("s-50", "u-50", "granted", "data-subject-form", "2026-06-01T10:00:00Z", "");
    assertProblem(api.send("POST", SHOP + "/consent-events", other, body), 404, "CUSTOMER_NOT_FOUND", null);
    assertProblem(api.send("POST", SHOP + "/consent/lookup", other, "{\"subjectId\":\"u-1\"}"), 404, "CUSTOMER_NOT_FOUND", null);
    assertProblem(api.send("POST", SHOP + "/unsubscribe-links", other,
        "{\"subjectId\":\"u-1\",\"purpose\":\"dpv:DirectMarketing\"}"), 404, "CUSTOMER_NOT_FOUND", null);
    assertProblem(api.send("POST", SHOP + "/consent-links", other, "{\"subjectId\":\"u-1\"}"), 404, "CUSTOMER_NOT_FOUND", null);
    assertProblem(api.send("POST", SHOP + "/marketing-audiences", otherService,
        "{\"purpose\":\"dpv:DirectMarketing\",\"fields\":[\"email\"]}"), 404, "CUSTOMER_NOT_FOUND", null);
    // a link issued for one customer cannot be replayed as another's
    String token = json(expect(api.send("POST", "/v1/customers/acme/consent-links", other, "{\"subjectId\":\"u-1\"}"), 201))
        .path("token").asText();
    JsonNode mine = json(expect(api.send("GET", "/v1/subject/consent", token, null), 200));
    assertThat(mine.at("/consent/history")).isEmpty();
  }

  @Test
  void aSameDayRefusalInATcStringCountsAfterTheFormGrantOfThatDay() {
    // the TCF 2.2 string below says only "2023-07-12" and gives no consent for any purpose
    expect(api.send("POST", SHOP + "/consent-events", app, """
        {"submissionId":"f-1","subjectId":"u-tcf","purposes":["dpv:PersonalisedAdvertising"],"change":"granted",
         "source":"data-subject-form","expressedAt":"2023-07-12T10:00:00Z","notice":%s,"conditionOfService":false}"""
        .formatted(NOTICE)), 201);
    JsonNode r = json(expect(tcf("t-20", vector("liveramp-minorversion-pv4")), 201));
    List<String> states = new ArrayList<>();
    r.path("current").forEach(c -> states.add(c.path("purpose").asText() + " " + c.path("status").asText()));
    assertThat(states).contains("dpv:PersonalisedAdvertising REFUSED");
  }

  @Test
  void anUnsubscribeLinkWorksAgainAfterThePersonSignsUpAgain() {
    expect(record("s-60", "u-60", "granted", "data-subject-form", "2026-06-01T10:00:00Z"), 201);
    String token = json(expect(api.send("POST", SHOP + "/unsubscribe-links", app,
        "{\"subjectId\":\"u-60\",\"purpose\":\"dpv:DirectMarketing\"}"), 201)).path("token").asText();
    assertThat(json(expect(oneClick(token), 200)).path("status").asText()).isEqualTo("unsubscribed");
    api.clock.advance(Duration.ofMinutes(5));
    expect(record("s-61", "u-60", "granted", "data-subject-form", api.clock.instant().toString()), 201);
    assertThat(codes(json(decide("u-60", "dpv:DirectMarketing")))).contains("CONSENT_VERIFIED");
    assertThat(json(expect(oneClick(token), 200)).path("status").asText()).isEqualTo("unsubscribed");
    assertThat(codes(json(decide("u-60", "dpv:DirectMarketing")))).containsExactly("CONSENT_WITHDRAWN");
  }

  @Test
  void thePersonsPageChecksTheNoticeAndARepeatChangesNothing() {
    String token = json(expect(api.send("POST", SHOP + "/consent-links", app, "{\"subjectId\":\"u-70\"}"), 201))
        .path("token").asText();
    assertProblem(api.send("POST", "/v1/subject/consent", token,
        "{\"choices\":[{\"purpose\":\"dpv:DirectMarketing\",\"change\":\"granted\"}],\"notice\":{}}"), 400,
        "INVALID_REQUEST", "notice.textSha256");
    assertProblem(api.send("POST", "/v1/subject/consent", token,
        "{\"choices\":[{\"purpose\":\"dpv:DirectMarkting\",\"change\":\"refused\"}]}"), 400,
        "INVALID_REQUEST", "choices[0].purpose");
    String body = "{\"submissionId\":\"page-1\",\"choices\":[{\"purpose\":\"dpv:DirectMarketing\",\"change\":\"refused\"}]}";
    expect(api.send("POST", "/v1/subject/consent", token, body), 200);
    int before = api.log.all().size();
    assertProblem(api.send("POST", "/v1/subject/consent", token, body, "Sec-GPC", "1"), 409, "DUPLICATE_SUBMISSION", null);
    assertThat(api.log.all().size()).as("a 409 records nothing, not even the GPC signal").isEqualTo(before);
    // the person's ids and the customer's are apart: the shop may use page-1 too
    expect(record("page-1", "u-71", "granted", "data-subject-form", "2026-06-01T10:00:00Z"), 201);
  }

  // helpers

  private HttpResponse<String> record(String submission, String subject, String change, String source, String at) {
    return api.send("POST", SHOP + "/consent-events", app, body(submission, subject, change, source, at, ""));
  }

  private static String body(String submission, String subject, String change, String source, String at, String extra) {
    return """
        {"submissionId":"%s","subjectId":"%s","purposes":["dpv:DirectMarketing"],"change":"%s","source":"%s",
         "expressedAt":"%s","notice":%s,"evidence":{"formId":"signup-v3","ip":"203.0.113.7"}%s}"""
        .formatted(submission, subject, change, source, at, NOTICE,
            extra.contains("conditionOfService") ? extra : ",\"conditionOfService\":false" + extra);
  }

  private HttpResponse<String> tcf(String submission, String tcString) {
    return api.send("POST", SHOP + "/consent-events", app, """
        {"submissionId":"%s","subjectId":"u-tcf","source":"tcf-string","tcString":"%s"}""".formatted(submission, tcString));
  }

  private HttpResponse<String> decide(String subject, String purpose) {
    return api.send("POST", "/v1/decisions", service, """
        {"customerId":"shop","purpose":"%s","operation":"dpv:Use","dataCategories":["pd:EmailAddress"],
         "dataSubjectCategory":"dpv:Customer"%s}""".formatted(purpose, subject == null ? "" : ",\"subjectId\":\"" + subject + "\""));
  }

  private HttpResponse<String> oneClick(String token) {
    return api.send(HttpRequest.newBuilder(api.uri("/v1/unsubscribe/" + token)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build());
  }

  private List<RecordedEvent> entries(EventType type) {
    return api.log.read(new CustomerId("shop"), 0, 10_000, null).stream().filter(e -> e.event().type() == type).toList();
  }

  private static List<String> codes(JsonNode decision) {
    List<String> codes = new ArrayList<>();
    decision.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
    return codes;
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode p = json(r);
    assertThat(p.path("code").asText()).as(r.body()).isEqualTo(code);
    if (field != null) {
      List<String> fields = new ArrayList<>();
      p.path("errors").forEach(e -> fields.add(e.path("field").asText()));
      assertThat(fields).as(r.body()).contains(field);
    }
  }

  private static String resource(String name) {
    try (InputStream in = ConsentApiIT.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TC string from ../shared/testdata/tcf/tcf-v2-vectors.json by its id. */
  static String vector(String id) {
    for (JsonNode v : SharedTestdata.json("tcf/tcf-v2-vectors.json").path("vectors")) {
      if (v.path("id").asText().equals(id)) {
        return v.path("tcString").asText();
      }
    }
    throw new IllegalStateException("no TCF vector " + id);
  }

}
