package dev.mandate.web;

import static dev.mandate.web.TestApi.customerBody;
import static dev.mandate.web.TestApi.expect;
import static dev.mandate.web.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP layer against the real server: problems for every error class, auth, ids, idempotency, ops routes. */
class HttpLayerIT {
  private TestApi api;

  @BeforeEach
  void start() {
    api = new TestApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode p = json(r);
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("code").asText()).isEqualTo(code);
    assertThat(p.path("type").asText())
        .isEqualTo("https://mandate.dev/problems/" + code.toLowerCase().replace('_', '-'));
    assertThat(p.path("title").asText()).isNotBlank();
    assertThat(p.path("detail").asText()).isNotBlank();
    assertThat(p.path("errors").isArray()).isTrue();
    assertThat(p.path("requestId").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
  }

  // --- operations routes -----------------------------------------------------------------------

  @Test
  void healthIsUpWithoutAuthentication() {
    HttpResponse<String> r = api.send("GET", "/health", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).toString()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"database\":\"UP\"}}");
  }

  @Test
  void healthIs503WhenTheDatabaseIsDown() {
    api.databaseUp.set(false);
    HttpResponse<String> r = api.send("GET", "/health", null, null);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(json(r).path("status").asText()).isEqualTo("DOWN");
    assertThat(json(r).path("checks").path("database").asText()).isEqualTo("DOWN");
  }

  @Test
  void metricsAreTaggedByRouteTemplateNeverByRawPath() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme")), 201);
    expect(api.send("GET", "/v1/customers/acme", api.adminToken(), null), 200);
    api.send("GET", "/v1/nothing-here", api.adminToken(), null);
    HttpResponse<String> r = api.send("GET", "/metrics", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(r.body())
        .contains("mandate_http_server_requests_seconds_count{method=\"GET\",route=\"/v1/customers/{customerId}\",status=\"200\"} 1")
        .contains("route=\"/v1/customers\",status=\"201\"")
        .contains("route=\"unmatched\",status=\"404\"")
        .contains("mandate_decisions_total{effect=\"PERMIT\"}")
        .doesNotContain("/v1/customers/acme")
        .doesNotContain("nothing-here");
  }

  @Test
  void openApiDocumentIsServedWithoutAuthentication() {
    HttpResponse<String> r = api.send("GET", "/openapi.json", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json(r).path("openapi").asText()).isEqualTo("3.1.0");
  }

  // --- authentication --------------------------------------------------------------------------

  @Test
  void missingCredentialsAre401WithChallenge() {
    HttpResponse<String> r = api.send("GET", "/v1/customers", null, null);
    assertProblem(r, 401, "UNAUTHENTICATED");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer nope", "Bearer key_abc.wrong", "Basic dXNlcjpwYXNz", "Bearer ", "Token x.y"})
  void wrongAuthorizationHeadersAre401(String header) {
    HttpRequest req = HttpRequest.newBuilder(api.uri("/v1/customers")).header("Authorization", header).GET().build();
    HttpResponse<String> r = api.send(req);
    assertProblem(r, 401, "UNAUTHENTICATED");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void bearerSchemeIsCaseInsensitiveAndXApiKeyWorks() {
    HttpRequest lower = HttpRequest.newBuilder(api.uri("/v1/customers"))
        .header("Authorization", "bearer " + api.adminToken()).GET().build();
    assertThat(api.send(lower).statusCode()).isEqualTo(200);
    HttpRequest apiKey = HttpRequest.newBuilder(api.uri("/v1/customers"))
        .header("X-API-Key", api.adminToken()).GET().build();
    assertThat(api.send(apiKey).statusCode()).isEqualTo(200);
    HttpRequest wrongApiKey = HttpRequest.newBuilder(api.uri("/v1/customers"))
        .header("X-API-Key", api.adminToken() + "x").GET().build();
    assertProblem(api.send(wrongApiKey), 401, "UNAUTHENTICATED");
  }

  @Test
  void revokedKeyIsRejectedAtOnce() {
    HttpResponse<String> created = expect(api.send("POST", "/v1/api-keys", api.adminToken(),
        "{\"label\":\"auditor\",\"role\":\"auditor\",\"customers\":[],\"purposes\":[]}"), 201);
    String token = json(created).path("secret").asText();
    String id = json(created).path("id").asText();
    assertThat(api.send("GET", "/v1/customers", token, null).statusCode()).isEqualTo(200);
    expect(api.send("DELETE", "/v1/api-keys/" + id, api.adminToken(), null), 204);
    assertProblem(api.send("GET", "/v1/customers", token, null), 401, "UNAUTHENTICATED");
  }

  @Test
  void wrongRoleIs403() {
    assertProblem(api.send("POST", "/v1/customers", api.dpoToken(), customerBody("other")), 403,
        "FORBIDDEN_FOR_ROLE");
  }

  @Test
  void unknownRoutesUnderV1NeedAuthenticationFirst() {
    assertProblem(api.send("GET", "/v1/nothing-here", null, null), 401, "UNAUTHENTICATED");
  }

  // --- routing problems ------------------------------------------------------------------------

  @Test
  void unknownRouteIs404Problem() {
    assertProblem(api.send("GET", "/v1/nothing-here", api.adminToken(), null), 404, "NOT_FOUND");
    assertProblem(api.send("GET", "/nothing-here", null, null), 404, "NOT_FOUND");
  }

  @Test
  void wrongMethodIs405WithAllow() {
    HttpResponse<String> r = api.send("DELETE", "/v1/customers/acme", api.adminToken(), null);
    assertProblem(r, 405, "METHOD_NOT_ALLOWED");
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, PUT");
    HttpResponse<String> health = api.send("POST", "/health", null, "{}");
    assertProblem(health, 405, "METHOD_NOT_ALLOWED");
    assertThat(health.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void badPathAndQueryParametersAre400() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme")), 201);
    HttpResponse<String> version = api.send("GET", "/v1/customers/acme/agreement/versions/one", api.adminToken(), null);
    assertProblem(version, 400, "INVALID_REQUEST");
    assertThat(json(version).path("errors").get(0).path("field").asText()).isEqualTo("version");
    HttpResponse<String> limit = api.send("GET", "/v1/customers?limit=ten", api.adminToken(), null);
    assertProblem(limit, 400, "INVALID_REQUEST");
    assertThat(json(limit).path("errors").get(0).path("field").asText()).isEqualTo("limit");
    assertProblem(api.send("GET", "/v1/customers?limit=0", api.adminToken(), null), 400, "INVALID_REQUEST");
    assertProblem(api.send("GET", "/v1/customers/acme/processing-records?from=x", api.adminToken(), null), 400,
        "INVALID_REQUEST");
    assertProblem(api.send("GET", "/v1/customers/acme/processing-records?effect=MAYBE", api.adminToken(), null), 400,
        "INVALID_REQUEST");
    assertProblem(api.send("GET", "/v1/customers/acme/processing-records?limit=5000", api.adminToken(), null), 400,
        "INVALID_REQUEST");
  }

  // --- bodies ----------------------------------------------------------------------------------

  @Test
  void malformedJsonIs400InvalidJson() {
    HttpResponse<String> r = api.send("POST", "/v1/customers", api.adminToken(), "{\"name\": \"secret-value");
    assertProblem(r, 400, "INVALID_JSON");
    assertThat(r.body()).doesNotContain("secret-value");
  }

  @Test
  void emptyBodyWhereOneIsNeededIs400InvalidJson() {
    assertProblem(api.send("POST", "/v1/customers", api.adminToken(), ""), 400, "INVALID_JSON");
    assertProblem(api.send("POST", "/v1/customers", api.adminToken(), "null"), 400, "INVALID_JSON");
  }

  @Test
  void unknownFieldIs400NamingItsPath() {
    api.acmeWithAgreement();
    String terms = TestApi.payrollTerms().replaceFirst("\"retentionDays\"", "\"retention\": 5, \"retentionDays\"");
    HttpResponse<String> r = api.send("POST", "/v1/customers/acme/agreement/versions", api.adminToken(), terms);
    assertProblem(r, 400, "UNKNOWN_FIELD");
    JsonNode error = json(r).path("errors").get(0);
    assertThat(error.path("field").asText()).isEqualTo("purposes[0].retention");
    assertThat(error.path("code").asText()).isEqualTo("UNKNOWN_FIELD");
  }

  @Test
  void customerIdCannotBeChangedByPut() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme")), 201);
    HttpResponse<String> r = api.send("PUT", "/v1/customers/acme", api.adminToken(), customerBody("acme"));
    assertProblem(r, 400, "UNKNOWN_FIELD");
    assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("id");
  }

  @Test
  void wrongTypeIs400NamingItsPathWithoutTheValue() {
    HttpResponse<String> r = api.send("POST", "/v1/customers", api.adminToken(),
        "{\"name\": 12345, \"jurisdictions\": [\"EU-GDPR\"]}");
    assertProblem(r, 400, "INVALID_REQUEST");
    JsonNode error = json(r).path("errors").get(0);
    assertThat(error.path("field").asText()).isEqualTo("name");
    assertThat(error.path("message").asText()).contains("a string");
    assertThat(r.body()).doesNotContain("12345");

    HttpResponse<String> nested = api.send("POST", "/v1/customers", api.adminToken(),
        "{\"name\":\"x\",\"notificationEndpoints\":[{\"kind\":\"PIGEON\",\"address\":\"x\"}]}");
    assertProblem(nested, 400, "INVALID_REQUEST");
    assertThat(json(nested).path("errors").get(0).path("field").asText()).isEqualTo("notificationEndpoints[0].kind");
  }

  @Test
  void duplicateKeysAreRejected() {
    HttpResponse<String> r = api.send("POST", "/v1/customers", api.adminToken(),
        "{\"name\":\"Acme\",\"name\":\"Evil\"}");
    assertProblem(r, 400, "INVALID_JSON");
    assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo("name");
  }

  @Test
  void trailingTokensAreRejected() {
    assertProblem(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme") + " {}"), 400,
        "INVALID_JSON");
  }

  @Test
  void bodyOverOneMebibyteIs413() {
    String big = "{\"name\":\"" + "a".repeat(1024 * 1024) + "\"}";
    assertProblem(api.send("POST", "/v1/customers", api.adminToken(), big), 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void chunkedBodyOverOneMebibyteIs413() throws Exception {
    // no Content-Length: the limit is enforced while reading
    try (Socket s = new Socket("127.0.0.1", api.server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + api.adminToken()
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 17; i++) { // 17 x 64 KiB: just over 1 MiB
          out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (java.io.IOException closedEarly) {
        // the server may answer and close before the whole body is sent
      }
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void nonJsonContentTypeIs415() {
    HttpRequest req = HttpRequest.newBuilder(api.uri("/v1/customers"))
        .header("Authorization", "Bearer " + api.adminToken()).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(customerBody("acme"))).build();
    assertProblem(api.send(req), 415, "UNSUPPORTED_MEDIA_TYPE");
    HttpRequest latin1 = HttpRequest.newBuilder(api.uri("/v1/customers"))
        .header("Authorization", "Bearer " + api.adminToken())
        .header("Content-Type", "application/json; charset=ISO-8859-1")
        .POST(HttpRequest.BodyPublishers.ofString(customerBody("acme"))).build();
    assertProblem(api.send(latin1), 415, "UNSUPPORTED_MEDIA_TYPE");
    HttpRequest utf8 = HttpRequest.newBuilder(api.uri("/v1/customers"))
        .header("Authorization", "Bearer " + api.adminToken())
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(customerBody("acme"))).build();
    assertThat(api.send(utf8).statusCode()).isEqualTo(201);
  }

  @Test
  void unexpectedFailureIs500WithGenericDetailAndNoMessageInTheLog() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme")), 201);
    expect(api.send("POST", "/v1/customers/acme/agreement/versions", api.adminToken(), TestApi.payrollTerms()), 201);
    api.renderer((c, v) -> {
      throw new IllegalStateException("jane.doe@example.com broke it");
    });
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger logger = Logger.getLogger("dev.mandate.web");
    logger.addHandler(capture);
    try {
      HttpResponse<String> r = api.send("GET", "/v1/customers/acme/agreement/versions/1/document", api.adminToken(),
          null, "X-Request-Id", "trace-500");
      assertProblem(r, 500, "INTERNAL_ERROR");
      assertThat(json(r).path("detail").asText()).contains("trace-500").doesNotContain("jane.doe");
    } finally {
      logger.removeHandler(capture);
    }
    assertThat(records).isNotEmpty();
    String logged = records.stream().map(LogRecord::getMessage).reduce("", String::concat);
    assertThat(logged).contains("trace-500").contains("IllegalStateException").doesNotContain("jane.doe");
  }

  // --- request ids -----------------------------------------------------------------------------

  @Test
  void validRequestIdIsEchoedAndPassedToTheRecords() {
    HttpResponse<String> r = api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme"),
        "X-Request-Id", "abc-123_XYZ");
    assertThat(r.headers().firstValue("X-Request-Id")).hasValue("abc-123_XYZ");
    assertThat(api.log.all().getLast().requestId()).isEqualTo("abc-123_XYZ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"has space", "semi;colon", "ünïcode"})
  void invalidRequestIdIsReplacedByAUuid(String id) {
    HttpRequest req = HttpRequest.newBuilder(api.uri("/health")).header("X-Request-Id", id).GET().build();
    HttpResponse<String> r = api.send(req);
    assertThat(r.headers().firstValue("X-Request-Id").orElseThrow())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void tooLongRequestIdIsReplacedAndMissingOneIsGenerated() {
    HttpResponse<String> r = api.send("GET", "/health", null, null, "X-Request-Id", "a".repeat(65));
    assertThat(r.headers().firstValue("X-Request-Id").orElseThrow()).hasSize(36);
    HttpResponse<String> none = api.send("GET", "/health", null, null);
    assertThat(none.headers().firstValue("X-Request-Id").orElseThrow()).hasSize(36);
    assertThat(api.send("GET", "/health", null, null, "X-Request-Id", "a".repeat(64))
        .headers().firstValue("X-Request-Id")).hasValue("a".repeat(64));
  }

  // --- idempotency -----------------------------------------------------------------------------

  @Test
  void sameIdempotencyKeyAndBodyReplaysTheFirstAnswer() {
    HttpResponse<String> first = api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme"),
        "Idempotency-Key", "create-acme-1");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    int recordsAfterFirst = api.log.all().size();
    HttpResponse<String> again = api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme"),
        "Idempotency-Key", "create-acme-1");
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(api.log.all()).hasSize(recordsAfterFirst);
  }

  @Test
  void sameIdempotencyKeyWithAnotherBodyIs422() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme"), "Idempotency-Key", "k-1"), 201);
    assertProblem(api.send("POST", "/v1/customers", api.adminToken(), customerBody("other"), "Idempotency-Key", "k-1"),
        422, "IDEMPOTENCY_KEY_REUSED");
  }

  @Test
  void idempotencyKeysBelongToTheCaller() {
    String otherAdmin = api.issue("processor-admin", java.util.Set.of(), java.util.Set.of());
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme"), "Idempotency-Key", "k-1"), 201);
    HttpResponse<String> r = api.send("POST", "/v1/customers", otherAdmin, customerBody("acme"), "Idempotency-Key", "k-1");
    assertProblem(r, 409, "CUSTOMER_EXISTS");
    assertThat(r.headers().firstValue("Idempotent-Replayed")).isEmpty();
  }

  @Test
  void runningIdempotentRequestIs409() {
    String body = customerBody("acme");
    api.idempotency.reserve(api.admin.key().id().value(), "k-busy",
        Idempotency.fingerprint("POST", "/v1/customers", body.getBytes(StandardCharsets.UTF_8)), api.clock.instant());
    HttpResponse<String> r = api.send("POST", "/v1/customers", api.adminToken(), body, "Idempotency-Key", "k-busy");
    assertProblem(r, 409, "IDEMPOTENCY_KEY_IN_PROGRESS");
  }

  @Test
  void clientErrorsAreRememberedToo() {
    HttpResponse<String> bad = api.send("POST", "/v1/customers", api.adminToken(), "{\"name\":\"\"}",
        "Idempotency-Key", "k-bad");
    assertProblem(bad, 400, "INVALID_REQUEST");
    HttpResponse<String> again = api.send("POST", "/v1/customers", api.adminToken(), "{\"name\":\"\"}",
        "Idempotency-Key", "k-bad");
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
  }

  @Test
  void invalidIdempotencyKeyIs400() {
    assertProblem(api.send("POST", "/v1/customers", api.adminToken(), customerBody("acme"),
        "Idempotency-Key", "x".repeat(201)), 400, "INVALID_REQUEST");
  }

  @Test
  void apiKeyCreationIsNeverRemembered() {
    String body = "{\"label\":\"a\",\"role\":\"auditor\",\"customers\":[],\"purposes\":[]}";
    HttpResponse<String> first = expect(api.send("POST", "/v1/api-keys", api.adminToken(), body,
        "Idempotency-Key", "key-1"), 201);
    HttpResponse<String> second = expect(api.send("POST", "/v1/api-keys", api.adminToken(), body,
        "Idempotency-Key", "key-1"), 201);
    assertThat(json(second).path("id").asText()).isNotEqualTo(json(first).path("id").asText());
    assertThat(api.idempotency.reserve(api.admin.key().id().value(), "key-1", "x", api.clock.instant())).isEmpty();
  }
}
