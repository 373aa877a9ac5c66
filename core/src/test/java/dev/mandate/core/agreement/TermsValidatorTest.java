package dev.mandate.core.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.decision.TermsJson;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the terms cases in {@code src/test/resources/terms-cases/*.json}: agreement terms (inline,
 * or one of the decision fixtures with JSON patches), the customer's jurisdictions, and the exact
 * set of {@code (field, code)} errors the validator must report, optionally with a fragment the
 * message must contain (e.g. the suggested term).
 */
class TermsValidatorTest {
  static final String CASES = "/terms-cases";
  static final Set<String> CASE_FIELDS = Set.of("name", "why", "jurisdictions", "terms", "fixture", "patches", "expectErrors");
  static final TermsValidator VALIDATOR = new TermsValidator(Vocabulary.dpv());

  record Expected(String field, String code) {
    @Override
    public String toString() {
      return field + " " + code;
    }
  }

  static Stream<Arguments> cases() {
    return TermsJson.jsonFiles(CASES).stream()
        .map(p -> Arguments.of(p.getFileName().toString(), TermsJson.read(p)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void termsCase(String file, JsonNode c) {
    TermsJson.allowOnly(c, file, CASE_FIELDS);
    assertThat(c.hasNonNull("terms") ^ c.hasNonNull("fixture")).as("%s: either terms or fixture", file).isTrue();
    assertThat(TermsJson.text(c, "why")).as("%s: why", file).containsPattern("PR-8\\d\\d-\\d\\d");
    JsonNode json = c.hasNonNull("terms")
        ? TermsJson.patch(c.get("terms"), c.get("patches"))
        : TermsJson.patch(TermsJson.fixture(TermsJson.text(c, "fixture")), c.get("patches"));
    Set<Jurisdiction> jurisdictions = EnumSet.noneOf(Jurisdiction.class);
    for (String code : TermsJson.strings(c, "jurisdictions")) {
      jurisdictions.add(Jurisdiction.fromCode(code).orElseThrow(() -> new IllegalArgumentException("jurisdiction " + code)));
    }

    List<FieldError> errors = VALIDATOR.validate(TermsJson.terms(json), jurisdictions);

    String got = errors.stream().map(e -> "\n    " + e.field() + " " + e.code() + ": " + e.message())
        .collect(Collectors.joining());
    List<Expected> expected = new ArrayList<>();
    for (JsonNode e : c.get("expectErrors")) {
      TermsJson.allowOnly(e, file + " expectErrors[]", Set.of("field", "code", "messageContains"));
      expected.add(new Expected(e.get("field").asText(), e.get("code").asText()));
    }
    assertThat(errors.stream().map(e -> new Expected(e.field(), e.code())).toList())
        .as("%s: %s%n  why: %s%n  got:%s", file, c.get("name").asText(), c.get("why").asText(), got)
        .containsExactlyInAnyOrderElementsOf(expected);

    for (JsonNode e : c.get("expectErrors")) {
      if (e.hasNonNull("messageContains")) {
        FieldError error = errors.stream()
            .filter(x -> x.field().equals(e.get("field").asText()) && x.code().equals(e.get("code").asText()))
            .findFirst().orElseThrow();
        assertThat(error.message()).as("%s: message of %s", file, error.field()).contains(e.get("messageContains").asText());
      }
    }
    for (FieldError e : errors) {
      assertThat(e.message()).as("%s: message of %s", file, e.field()).isNotBlank();
    }
  }

  @Test
  void thereAreEnoughCasesIncludingValidOnes() {
    int valid = 0;
    var files = TermsJson.jsonFiles(CASES);
    for (var f : files) {
      if (TermsJson.read(f).get("expectErrors").isEmpty()) {
        valid++;
      }
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(15);
    assertThat(valid).as("cases of valid agreements").isPositive();
  }

  /** Validating twice gives the same errors in the same order (the API shows them as a list). */
  @Test
  void errorsAreDeterministic() {
    JsonNode json = TermsJson.patch(TermsJson.fixture("payroll"), TermsJson.readResource(CASES + "/46-many-problems-at-once.json").get("patches"));
    AgreementTerms terms = TermsJson.terms(json);
    assertThat(VALIDATOR.validate(terms, Set.of(Jurisdiction.EU_GDPR)))
        .isEqualTo(VALIDATOR.validate(terms, Set.of(Jurisdiction.EU_GDPR)));
  }
}
