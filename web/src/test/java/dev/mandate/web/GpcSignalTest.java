package dev.mandate.web;

import static dev.mandate.web.TestApi.expect;
import static dev.mandate.web.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Global Privacy Control against ../shared/testdata/tcf/gpc-signal-cases.json (written from the
 * GPC spec by others): every {@code Sec-GPC} header case, alone and through the data subject's
 * consent endpoint, and Mandate's own {@code /.well-known/gpc.json} read the way the spec's
 * support-resource cases say a client reads one.
 */
class GpcSignalTest {
  static final JsonNode CASES = SharedTestdata.json("tcf/gpc-signal-cases.json");

  @Test
  void everyHeaderCaseIsReadAsTheSpecSays() {
    assertThat(CASES.path("headerCases")).hasSizeGreaterThanOrEqualTo(6);
    for (JsonNode c : CASES.path("headerCases")) {
      List<String> values = new ArrayList<>();
      c.path("secGpcHeaderValues").forEach(v -> values.add(v.asText()));
      boolean optOut = c.path("expectedSignal").asText().equals("opt-out");
      assertThat(Gpc.signal(values)).as(c.path("id").asText() + ": " + c.path("reason").asText()).isEqualTo(optOut);
    }
  }

  @Test
  void onlySpacesAndTabsAroundTheValueAreOptionalWhitespace() {
    assertThat(Gpc.signal(List.of("\t1 "))).isTrue();
    assertThat(Gpc.signal(List.of("\u00a01"))).as("a no-break space is not HTTP whitespace").isFalse();
    assertThat(Gpc.signal(List.of("1\n"))).isFalse();
  }

  @Test
  void theConsentPageHonoursExactlyTheCasesThatAreAnOptOut() {
    try (TestApi api = new TestApi()) {
      expect(api.send("POST", "/v1/customers", api.adminToken(), """
          {"id":"shop","name":"Shop Inc.","jurisdictions":["US-CA-CPRA"],
           "dpo":{"name":"Dana Privacy","email":"dpo@shop.example"},"notificationEndpoints":[]}"""), 201);
      String app = api.issue("customer-application", Set.of("shop"), Set.of());
      for (JsonNode c : CASES.path("headerCases")) {
        String id = c.path("id").asText();
        String token = json(expect(api.send("POST", "/v1/customers/shop/consent-links", app,
            "{\"subjectId\":\"person-" + id + "\"}"), 201)).path("token").asText();
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri("/v1/subject/consent")).timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token).GET();
        c.path("secGpcHeaderValues").forEach(v -> b.header("Sec-GPC", v.asText()));
        HttpResponse<String> r = expect(api.send(b.build()), 200);
        boolean optOut = c.path("expectedSignal").asText().equals("opt-out");
        JsonNode gpc = json(r).path("gpc");
        assertThat(gpc.path("signal").asBoolean()).as(id).isEqualTo(optOut);
        assertThat(gpc.path("recorded").size()).as(id).isEqualTo(optOut ? 5 : 0);
      }
    }
  }

  @Test
  void theSupportResourceSaysMandateHonoursGpc() {
    for (JsonNode c : CASES.path("wellKnownCases")) {
      String[] read = support(c.path("contentType").asText(), c.path("body"));
      assertThat(read).as(c.path("id").asText()).containsExactly(c.at("/expected/support").asText(),
          c.at("/expected/lastUpdate").asText());
    }
    try (TestApi api = new TestApi()) {
      HttpResponse<String> r = expect(api.send("GET", CASES.path("wellKnownPath").asText(), null, null), 200);
      String[] read = support(r.headers().firstValue("Content-Type").orElse(""), json(r));
      assertThat(read[0]).isEqualTo("supports");
      assertThat(LocalDate.parse(read[1])).isBeforeOrEqualTo(LocalDate.of(2026, 11, 29));
    }
  }

  /** How the spec's cases read a support resource: JSON only, gpc a boolean, other members ignored. */
  static String[] support(String contentType, JsonNode body) {
    if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json") || !body.path("gpc").isBoolean()) {
      return new String[] {"unknown", "unknown"};
    }
    return new String[] {body.path("gpc").asBoolean() ? "supports" : "does-not-support",
        body.path("lastUpdate").isTextual() ? body.path("lastUpdate").asText() : "unknown"};
  }
}
