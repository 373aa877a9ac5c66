package dev.mandate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.web.Requests.DecisionBody;
import dev.mandate.web.Requests.EmptyBody;
import dev.mandate.web.Requests.TermsBody;
import dev.mandate.web.Requests.VaultRecordBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
  private final Json json = new Json();

  private HttpProblem fail(String body, Class<?> type) {
    return catchThrowableOfType(HttpProblem.class, () -> json.read(body.getBytes(StandardCharsets.UTF_8), type));
  }

  private static FieldError only(HttpProblem p) {
    assertThat(p.errors()).hasSize(1);
    return p.errors().getFirst();
  }

  @Test
  void readsAValidBody() {
    DecisionBody b = json.read("""
        {"customerId":"acme","purpose":"dpv:Marketing","operation":"dpv:Use","dataCategories":["pd:Name"],
         "dataSubjectCategory":"dpv:Customer","collectedAt":"2026-01-01T00:00:00Z","processorOwnUse":true,
         "subjectId":""}
        """.getBytes(StandardCharsets.UTF_8), DecisionBody.class);
    assertThat(b.dataCategories()).containsExactly("pd:Name");
    assertThat(b.processorOwnUse()).isTrue();
    assertThat(b.subjectId()).isEmpty();
    assertThat(b.toCore().collectedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void unknownFieldNamesItsNestedPath() {
    HttpProblem p = fail("{\"purposes\":[{\"purpose\":\"dpv:X\",\"retention\":5}]}", TermsBody.class);
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
    assertThat(only(p).field()).isEqualTo("purposes[0].retention");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"customerId\": 5}|customerId|a string",
      "{\"customerId\": true}|customerId|a string",
      "{\"customerId\": 1.5}|customerId|a string",
      "{\"customerId\": {}}|customerId|a string",
      "{\"dataCategories\": \"pd:Name\"}|dataCategories|an array",
      "{\"dataCategories\": [1]}|dataCategories[0]|a string",
      "{\"processorOwnUse\": \"true\"}|processorOwnUse|true or false",
      "{\"processorOwnUse\": 1}|processorOwnUse|true or false",
      "{\"processorOwnUse\": null}|processorOwnUse|null",
      "{\"dataCategories\": [null]}|dataCategories[0]|null"})
  void wrongTypesAreErrorsAtTheirPath(String body, String path, String expected) {
    HttpProblem p = fail(body, DecisionBody.class);
    assertThat(p.status()).isEqualTo(400);
    assertThat(p.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(only(p).field()).isEqualTo(path);
    assertThat(only(p).message()).contains(expected);
  }

  @Test
  void integersAreNotReadFromStringsOrFractions() {
    assertThat(only(fail("{\"purposes\":[{\"retentionDays\":\"30\"}]}", TermsBody.class)).field())
        .isEqualTo("purposes[0].retentionDays");
    assertThat(only(fail("{\"purposes\":[{\"retentionDays\":30.5}]}", TermsBody.class)).field())
        .isEqualTo("purposes[0].retentionDays");
  }

  @Test
  void enumsMustBeTheirNames() {
    HttpProblem p = fail("{\"endOfContract\":\"BURN\"}", TermsBody.class);
    assertThat(only(p).field()).isEqualTo("endOfContract");
    assertThat(only(p).message()).contains("RETURN, DELETE, RETURN_THEN_DELETE").doesNotContain("BURN");
    assertThat(only(fail("{\"endOfContract\":1}", TermsBody.class)).field()).isEqualTo("endOfContract");
    assertThat(only(fail("{\"locations\":[{\"uses\":[\"SELLING\"]}]}", TermsBody.class)).field())
        .isEqualTo("locations[0].uses[0]");
  }

  @Test
  void mapValuesArePathedByKey() {
    HttpProblem p = fail("{\"fields\":{\"email\":{\"category\":\"pd:EmailAddress\",\"value\":42}}}",
        VaultRecordBody.class);
    assertThat(only(p).field()).isEqualTo("fields.email.value");
    HttpProblem unknown = fail("{\"fields\":{\"email\":{\"value\":\"x\",\"secret\":\"x\"}}}", VaultRecordBody.class);
    assertThat(unknown.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
    assertThat(only(unknown).field()).isEqualTo("fields.email.secret");
  }

  @Test
  void duplicateKeysAreRejectedWithTheirPath() {
    HttpProblem p = fail("{\"fields\":{\"email\":{\"value\":\"a\"},\"email\":{\"value\":\"b\"}}}", VaultRecordBody.class);
    assertThat(p.code()).isEqualTo(ErrorCode.INVALID_JSON);
    assertThat(only(p).field()).isEqualTo("fields.email");
    assertThat(p.getMessage()).doesNotContain("\"a\"");
  }

  @Test
  void malformedJsonNeverQuotesTheInput() {
    HttpProblem p = fail("{\"subjectId\": jane.doe@example.com}", VaultRecordBody.class);
    assertThat(p.code()).isEqualTo(ErrorCode.INVALID_JSON);
    assertThat(p.getMessage()).doesNotContain("jane").contains("line 1");
  }

  @Test
  void trailingTokensAreRejected() {
    assertThat(fail("{} {}", EmptyBody.class).code()).isEqualTo(ErrorCode.INVALID_JSON);
    assertThat(fail("{} x", EmptyBody.class).code()).isEqualTo(ErrorCode.INVALID_JSON);
  }

  @Test
  void bodyMustBeAnObject() {
    assertThat(fail("", EmptyBody.class).code()).isEqualTo(ErrorCode.INVALID_JSON);
    assertThat(fail("null", EmptyBody.class).code()).isEqualTo(ErrorCode.INVALID_JSON);
    HttpProblem array = fail("[]", EmptyBody.class);
    assertThat(array.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(only(array).field()).isEqualTo("$");
    assertThat(json.readOptional(new byte[0], EmptyBody.class, EmptyBody.NONE)).isSameAs(EmptyBody.NONE);
  }

  @Test
  void datesAreStrict() {
    TermsBody ok = json.read("{\"startsOn\":\"2026-01-31\"}".getBytes(StandardCharsets.UTF_8), TermsBody.class);
    assertThat(ok.toCore().startsOn()).hasToString("2026-01-31");
    TermsBody bad = json.read("{\"startsOn\":\"2026-02-30\"}".getBytes(StandardCharsets.UTF_8), TermsBody.class);
    HttpProblem p = catchThrowableOfType(HttpProblem.class, bad::toCore);
    assertThat(only(p).field()).isEqualTo("startsOn");
  }

  @Test
  void writesInstantsAsIsoStrings() {
    record Probe(Instant at, List<String> values) {}
    String s = new String(json.write(new Probe(Instant.parse("2026-01-01T00:00:00Z"), List.of("a"))),
        StandardCharsets.UTF_8);
    assertThat(s).isEqualTo("{\"at\":\"2026-01-01T00:00:00Z\",\"values\":[\"a\"]}");
  }
}
