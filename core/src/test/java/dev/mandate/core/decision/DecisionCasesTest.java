package dev.mandate.core.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.agreement.CanonicalJson;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.agreement.TermsValidator;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.consent.ConsentChange;
import dev.mandate.core.consent.ConsentEvent;
import dev.mandate.core.consent.ConsentHistory;
import dev.mandate.core.consent.ConsentSource;
import dev.mandate.core.consent.Notice;
import dev.mandate.core.vocabulary.Vocabulary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every decision case in {@code src/test/resources/decision-cases/*.json} (one file per case,
 * written so a privacy officer can read and review it) against the real {@link DecisionPoint}.
 *
 * <p>A case names an agreement fixture from {@code decision-cases/agreements/}, optionally with
 * JSON patches, the actor, the request and the expected effect and reason codes (an exact set). A
 * case that documents a known defect carries {@code "pendingBug"}: it is reported as aborted while
 * the defect is there, and fails once the defect is fixed so the marker gets removed.
 */
class DecisionCasesTest {
  static final String CASES = "/decision-cases";
  static final CustomerId CUSTOMER = new CustomerId("customer-under-test");
  static final Instant DRAFTED = Instant.parse("2025-11-20T10:00:00Z");
  static final Pattern REQUIREMENT = Pattern.compile("PR-8\\d\\d-\\d\\d");
  static final Pattern CLAUSE = Pattern.compile("purposes\\[\\d+]|startsOn|endsOn|marketing|locations|subProcessors");

  static final Set<String> CASE_FIELDS = Set.of("name", "why", "agreement", "agreementVersion", "agreementState",
      "agreementPatches", "actor", "request", "consent", "instructions", "expect", "mustNotMention", "pendingBug");
  static final Set<String> CONSENT_FIELDS = Set.of("purpose", "change", "source", "expressedAt", "recordedAt",
      "validUntil", "conditionOfService");
  static final Set<String> REQUEST_FIELDS = Set.of("purpose", "operation", "dataCategories", "dataSubjectCategory",
      "time", "collectedAt", "location", "recipient", "processorOwnUse");

  static final Vocabulary VOCABULARY = Vocabulary.dpv();
  static final DecisionPoint DECISION_POINT = new DecisionPoint(VOCABULARY);

  static Stream<Arguments> cases() {
    return TermsJson.jsonFiles(CASES).stream()
        .map(p -> Arguments.of(p.getFileName().toString(), TermsJson.read(p)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decisionCase(String file, JsonNode c) {
    TermsJson.allowOnly(c, file, CASE_FIELDS);
    String pendingBug = TermsJson.text(c, "pendingBug");
    try {
      check(file, c);
    } catch (AssertionError e) {
      if (pendingBug != null) {
        Assumptions.abort("Known defect, expectation kept as it should be: " + pendingBug + "\n" + e.getMessage());
      }
      throw e;
    }
    if (pendingBug != null) {
      throw new AssertionError(file + " now passes: the defect '" + pendingBug + "' seems fixed; remove \"pendingBug\".");
    }
  }

  private static void check(String file, JsonNode c) {
    String why = TermsJson.text(c, "why");
    assertThat(TermsJson.text(c, "name")).as("%s: name", file).isNotBlank();
    assertThat(why).as("%s: why must cite a requirement such as PR-822-01", file).containsPattern(REQUIREMENT);

    // The agreement in force (or none).
    String fixture = TermsJson.text(c, "agreement");
    AgreementVersion version = null;
    CompiledAgreement compiled = null;
    if (fixture != null) {
      JsonNode termsJson = TermsJson.patch(TermsJson.fixture(fixture), c.get("agreementPatches"));
      AgreementState state = c.hasNonNull("agreementState")
          ? AgreementState.valueOf(c.get("agreementState").asText()) : AgreementState.ACCEPTED;
      version = version(termsJson, c.path("agreementVersion").asInt(1), state);
      if (state == AgreementState.ACCEPTED) {
        compiled = DECISION_POINT.compile(version);
      } else {
        // Only the accepted version is ever in force: the store hands the decision point nothing.
        AgreementVersion notAccepted = version;
        assertThatThrownBy(() -> DECISION_POINT.compile(notAccepted)).isInstanceOf(IllegalArgumentException.class);
      }
    } else {
      assertThat(c.has("agreementPatches")).as("%s: patches need an agreement", file).isFalse();
    }

    DecisionRequest request = request(c);
    ConsentLookup consent = c.has("consent") ? consentLookup(file, c.get("consent"), request.time()) : ConsentLookup.NO_SUBJECT;
    Decision d = c.has("instructions")
        ? DECISION_POINT.decide(request, compiled, consent, CaseInstructions.of(file, c.get("instructions"), request))
        : c.has("consent") ? DECISION_POINT.decide(request, compiled, consent) : DECISION_POINT.decide(request, compiled);

    JsonNode expect = c.get("expect");
    TermsJson.allowOnly(expect, file + " expect", Set.of("effect", "reasons", "clause"));
    Effect effect = Effect.valueOf(expect.get("effect").asText());
    List<String> expectedList = TermsJson.strings(expect, "reasons");
    Set<ReasonCode> expected = EnumSet.noneOf(ReasonCode.class);
    expectedList.forEach(r -> expected.add(ReasonCode.valueOf(r)));
    assertThat(expected).as("%s: expected reasons must not repeat", file).hasSize(expectedList.size());

    String actual = describe(d);
    assertThat(d.effect()).as("%s (%s)%n  why: %s%n  got: %s", file, c.get("name").asText(), why, actual).isEqualTo(effect);
    Set<ReasonCode> codes = EnumSet.noneOf(ReasonCode.class);
    d.reasons().forEach(r -> codes.add(r.code()));
    assertThat(codes).as("%s reason codes%n  why: %s%n  got: %s", file, why, actual)
        .containsExactlyInAnyOrderElementsOf(expected);

    // Every decision: reasons are sentences, never blank; clauses are real places in the terms.
    for (Reason r : d.reasons()) {
      assertThat(r.detail()).as("%s: reason detail of %s", file, r.code()).isNotBlank();
      if (r.clause() != null) {
        assertThat(r.clause()).as("%s: clause of %s", file, r.code()).matches(CLAUSE);
      }
    }

    // Which agreement the decision was taken under.
    if (compiled == null) {
      assertThat(d.agreement()).as("%s: no agreement in force, none cited", file).isNull();
    } else {
      assertThat(d.agreement()).as("%s: the decision cites the version in force", file)
          .isEqualTo(new AgreementRef(version.version(), TermsDigest.sha256(version.terms())));
    }

    if (d.permitted()) {
      Reason r = d.reasons().getFirst();
      assertThat(r.code()).isEqualTo(ReasonCode.PERMITTED_BY_CLAUSE);
      assertThat(d.reasons().subList(1, d.reasons().size())).as("%s: a permit cites one clause, and the consent if any", file)
          .allSatisfy(x -> assertThat(x.code()).isIn(ReasonCode.CONSENT_VERIFIED, ReasonCode.INSTRUCTION_IN_FORCE));
      assertThat(d.errors()).as("%s: a permit has no errors", file).isEmpty();
      int index = Integer.parseInt(r.clause().substring("purposes[".length(), r.clause().length() - 1));
      assertThat(version.terms().purposes().get(index).purpose())
          .as("%s: the permitting clause is for the requested purpose", file).isEqualTo(request.purpose());
    } else {
      assertThat(d.reasons()).as("%s: a denial says why", file).isNotEmpty();
      assertThat(codes).as("%s: a denial never cites a permitting clause", file)
          .doesNotContain(ReasonCode.PERMITTED_BY_CLAUSE);
    }

    String clause = TermsJson.text(expect, "clause");
    if (clause != null) {
      List<String> cited = d.reasons().stream().map(Reason::clause).distinct().toList();
      if (d.permitted()) {
        assertThat(cited).as("%s: permitting clause%n  got: %s", file, actual).containsExactly(clause);
      } else {
        assertThat(cited).as("%s: a reason cites %s%n  got: %s", file, clause, actual).contains(clause);
      }
    }

    for (String secret : TermsJson.strings(c, "mustNotMention")) {
      for (Reason r : d.reasons()) {
        assertThat(r.detail()).as("%s: reason %s must not mention '%s'", file, r.code(), secret).doesNotContain(secret);
      }
      for (String e : d.errors()) {
        assertThat(e).as("%s: error must not mention '%s'", file, secret).doesNotContain(secret);
      }
    }
  }

  /**
   * The person's consent events of a case ({@code "consent"}), answered the way the ledger does:
   * events for a custom purpose and for its DPV purpose both count (ConsentLedger.verdict).
   */
  static ConsentLookup consentLookup(String file, JsonNode events, Instant at) {
    List<ConsentEvent> list = new ArrayList<>();
    long index = 0;
    for (JsonNode e : events) {
      TermsJson.allowOnly(e, file + " consent", CONSENT_FIELDS);
      Instant expressed = Instant.parse(e.get("expressedAt").asText());
      list.add(new ConsentEvent(UUID.nameUUIDFromBytes((file + index).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          new CustomerId("case"), "ps_case", new byte[32], e.get("purpose").asText(),
          ConsentChange.fromCode(e.get("change").asText()).orElseThrow(),
          ConsentSource.fromCode(e.get("source").asText()).orElseThrow(), expressed,
          e.hasNonNull("recordedAt") ? Instant.parse(e.get("recordedAt").asText()) : expressed,
          e.hasNonNull("validUntil") ? Instant.parse(e.get("validUntil").asText()) : null,
          new Notice("v1", "0".repeat(64), "en"), e.path("conditionOfService").asBoolean(false), "EU-GDPR", Map.of(),
          "case-" + index, "case", index));
      index++;
    }
    return (purpose, dpvPurpose) -> ConsentHistory.verdict(list, purpose, dpvPurpose, at);
  }

  static AgreementVersion version(JsonNode termsJson, int number, AgreementState state) {
    AgreementTerms terms = TermsJson.terms(termsJson);
    String hash = TermsDigest.sha256(terms);
    Stamp drafted = new Stamp("key_admin0000000001/processor-admin", DRAFTED);
    Stamp offered = new Stamp("key_admin0000000001/processor-admin", DRAFTED.plusSeconds(3600));
    Stamp accepted = state == AgreementState.DRAFT || state == AgreementState.OFFERED || state == AgreementState.REJECTED
        ? null : new Stamp("key_dpo00000000000001/customer-dpo", DRAFTED.plusSeconds(86_400));
    Stamp closed = state == AgreementState.SUPERSEDED || state == AgreementState.TERMINATED || state == AgreementState.REJECTED
        ? new Stamp("key_admin0000000001/processor-admin", DRAFTED.plusSeconds(2 * 86_400)) : null;
    return new AgreementVersion(CUSTOMER, number, state, terms, hash, drafted,
        state == AgreementState.DRAFT ? null : offered, accepted, closed, null);
  }

  static DecisionRequest request(JsonNode c) {
    JsonNode r = c.get("request");
    TermsJson.allowOnly(r, "request", REQUEST_FIELDS);
    Principal actor = null;
    JsonNode a = c.get("actor");
    if (a != null && !a.isNull()) {
      TermsJson.allowOnly(a, "actor", Set.of("role", "purposes"));
      Role role = Role.fromCode(a.get("role").asText())
          .orElseThrow(() -> new IllegalArgumentException("unknown role " + a.get("role")));
      actor = new Principal(new ApiKeyId("key_casedriver000001"), role,
          role == Role.PROCESSOR_ADMIN ? Set.of() : Set.of(CUSTOMER), new LinkedHashSet<>(TermsJson.strings(a, "purposes")));
    }
    return new DecisionRequest(CUSTOMER, actor,
        TermsJson.text(r, "purpose"),
        TermsJson.text(r, "operation"),
        TermsJson.strings(r, "dataCategories"),
        TermsJson.text(r, "dataSubjectCategory"),
        Instant.parse(TermsJson.text(r, "time")),
        r.hasNonNull("collectedAt") ? Instant.parse(TermsJson.text(r, "collectedAt")) : null,
        TermsJson.text(r, "location"),
        TermsJson.text(r, "recipient"),
        r.path("processorOwnUse").asBoolean(false));
  }

  static String describe(Decision d) {
    StringBuilder sb = new StringBuilder(d.effect().name());
    for (Reason r : d.reasons()) {
      sb.append("\n    ").append(r.code()).append(" @ ").append(r.clause()).append(": ").append(r.detail());
    }
    if (!d.errors().isEmpty()) {
      sb.append("\n    errors: ").append(d.errors());
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // The case set itself

  @Test
  void thereAreEnoughCasesAndTheyCoverEveryReasonCode() {
    List<Path> files = TermsJson.jsonFiles(CASES);
    assertThat(files).hasSizeGreaterThanOrEqualTo(45);
    Set<ReasonCode> covered = EnumSet.noneOf(ReasonCode.class);
    Set<String> names = new HashSet<>();
    Set<String> effects = new HashSet<>();
    for (Path f : files) {
      JsonNode c = TermsJson.read(f);
      assertThat(names.add(c.get("name").asText())).as("case names are unique: %s", f.getFileName()).isTrue();
      if (c.hasNonNull("pendingBug")) {
        continue; // coverage must come from cases that pass today
      }
      effects.add(c.get("expect").get("effect").asText());
      c.get("expect").get("reasons").forEach(r -> covered.add(ReasonCode.valueOf(r.asText())));
    }
    Set<ReasonCode> produced = EnumSet.allOf(ReasonCode.class);
    produced.remove(ReasonCode.MARKETING_CONSENT_NOT_VERIFIED); // retired by issue 4, never reused
    assertThat(covered).as("reason codes covered by passing cases").containsExactlyInAnyOrderElementsOf(produced);
    assertThat(effects).containsExactlyInAnyOrder("PERMIT", "DENY");
  }

  static Stream<Arguments> fixtures() {
    return TermsJson.jsonFiles(CASES + "/agreements").stream()
        .map(p -> Arguments.of(p.getFileName().toString(), TermsJson.read(p)));
  }

  /** The fixtures are exactly the API's JSON: what the digest hashes is what the file says. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureIsInTheApiShape(String file, JsonNode json) {
    AgreementTerms terms = TermsJson.terms(json);
    assertThat(TermsDigest.canonicalJson(terms)).isEqualTo(CanonicalJson.write(TermsJson.plain(json)));
  }

  /** The fixtures are agreements a customer could really accept (cases patch them to go wrong). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureIsAValidAgreement(String file, JsonNode json) {
    assertThat(new TermsValidator(VOCABULARY).validate(TermsJson.terms(json), Set.of(Jurisdiction.EU_GDPR)))
        .as(file).isEmpty();
  }
}
