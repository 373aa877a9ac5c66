package dev.mandate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.decision.Reason;
import dev.mandate.core.decision.ReasonCode;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Forbidden;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.failure.ProcessingDenied;
import dev.mandate.core.failure.Unavailable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  private final Problems problems = new Problems(new Json());

  private JsonNode body(Reply r) throws Exception {
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void coreFailuresKeepTheirCodesAndMapToStatuses() throws Exception {
    record Case(RuntimeException e, int status, String code) {}
    List<Case> cases = List.of(
        new Case(InvalidInput.field("name", "REQUIRED", "name is required."), 400, "INVALID_REQUEST"),
        new Case(new NotFound(ErrorCode.CUSTOMER_NOT_FOUND, "No customer 'x'."), 404, "CUSTOMER_NOT_FOUND"),
        new Case(new Conflict(ErrorCode.CUSTOMER_EXISTS, "exists"), 409, "CUSTOMER_EXISTS"),
        new Case(new Conflict(ErrorCode.IDEMPOTENCY_KEY_REUSED, "reused"), 422, "IDEMPOTENCY_KEY_REUSED"),
        new Case(new Forbidden("no"), 403, "FORBIDDEN_FOR_ROLE"),
        new Case(new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, "down", null), 503,
            "PROCESSING_RECORD_UNAVAILABLE"),
        new Case(new IllegalStateException("secret"), 500, "INTERNAL_ERROR"));
    for (Case c : cases) {
      Reply r = problems.reply(c.e(), "rid-1", "GET", "/x");
      JsonNode p = body(r);
      assertThat(r.status()).as(c.code()).isEqualTo(c.status());
      assertThat(p.path("status").asInt()).isEqualTo(c.status());
      assertThat(p.path("code").asText()).isEqualTo(c.code());
      assertThat(p.path("type").asText()).isEqualTo(Problems.type(ErrorCode.valueOf(c.code())));
      assertThat(p.path("requestId").asText()).isEqualTo("rid-1");
      assertThat(p.has("decision")).isFalse();
    }
    assertThat(body(problems.reply(new IllegalStateException("secret"), "r", "GET", "/x")).path("detail").asText())
        .doesNotContain("secret");
    assertThat(body(problems.reply(InvalidInput.field("name", "REQUIRED", "m"), "r", "GET", "/x"))
        .path("errors").get(0).path("field").asText()).isEqualTo("name");
  }

  @Test
  void typeUrisAreLowerKebabAndTitlesAreSentences() {
    assertThat(Problems.type(ErrorCode.PROCESSING_DENIED)).isEqualTo("https://mandate.dev/problems/processing-denied");
    assertThat(Problems.title(ErrorCode.INVALID_JSON)).isEqualTo("Invalid JSON");
    assertThat(Problems.title(ErrorCode.API_KEY_NOT_FOUND)).isEqualTo("API key not found");
    assertThat(Problems.title(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS)).isEqualTo("Idempotency key in progress");
  }

  @Test
  void processingDeniedCarriesOnlyEffectAndReasons() throws Exception {
    Decision d = new Decision(Effect.DENY, List.of(new Reason(ReasonCode.PURPOSE_NOT_IN_AGREEMENT, null,
        "dpv:Marketing is not a purpose of the agreement.")), List.of(), null);
    JsonNode p = body(problems.reply(new ProcessingDenied(d), "r", "GET", "/x"));
    assertThat(p.path("status").asInt()).isEqualTo(403);
    assertThat(p.path("decision").path("effect").asText()).isEqualTo("DENY");
    assertThat(p.path("decision").path("reasons").get(0).path("code").asText()).isEqualTo("PURPOSE_NOT_IN_AGREEMENT");
    assertThat(p.path("decision").size()).isEqualTo(2);
  }

  @Test
  void describeKeepsClassesAndFramesButNoMessages() {
    Exception e = new RuntimeException("jane@example.com", new IllegalArgumentException("IBAN DE89 3704"));
    String s = Problems.describe(e);
    assertThat(s).contains("java.lang.RuntimeException").contains("Caused by: java.lang.IllegalArgumentException")
        .contains("ProblemsTest").doesNotContain("jane").doesNotContain("DE89");
  }
}
