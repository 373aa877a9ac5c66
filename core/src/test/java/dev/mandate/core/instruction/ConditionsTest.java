package dev.mandate.core.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.instruction.InstructionFields.Transfer;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each operator of the rule condition language, on one instruction, and the fields a finding names. */
class ConditionsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ReferenceData REFERENCE = ReferenceData.parse(
      Map.of("sensitive", "value,from,until,source\npd:HealthRecord,2020-01-01,2026-01-01,test\n"),
      Map.of("EU", "country,scope,from,until,instrument\nDE,HOME,2018-05-25,,x\nUS,DPF,2023-07-10,,x\nJP,FULL,2019-01-23,,x\n"));
  static final Conditions CONDITIONS = new Conditions(Vocabulary.dpv(), REFERENCE);

  static final InstructionFields FIELDS = new InstructionFields("dpv:DirectMarketing", null,
      List.of("pd:EmailAddress", "pd:HealthRecord"), List.of(), null, null, List.of("dpv:Use"), List.of(), List.of(),
      List.of(new Transfer("DE", null, null, null, null), new Transfer("US", "Mailer Inc", null, true, null),
          new Transfer("VN", "Archive", null, null, null)),
      400, null, null, null, null, null, null, null, List.of(), List.of(), null, null, false, null, null, null);
  static final AgreementTerms AGREEMENT = new AgreementTerms("x", "y", LocalDate.of(2026, 1, 1), null, List.of(),
      List.of(), List.of(new PurposeTerms("dpv:DirectMarketing", List.of("pd:Contact"), List.of("dpv:Use"), List.of(), 365,
          "eu-gdpr:A6-1-a", null, false)), List.of(), List.of(), null, List.of(), null, null);

  static Facts facts(LocalDate on) {
    return InstructionFacts.of(new AnalysisInput(FIELDS, AGREEMENT, Set.of(Jurisdiction.EU_GDPR), false, on), Vocabulary.dpv());
  }

  static boolean holds(String json, LocalDate on) throws Exception {
    return CONDITIONS.parse(JSON.readValue(json, Object.class)).test(facts(on), null, new Condition.Trace(), false);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"isTrue\": \"instruction.reidentify\"}|false",
      "{\"isFalse\": \"instruction.reidentify\"}|true",
      "{\"isFalse\": \"instruction.disableRecords\"}|false",
      "{\"isFalse\": \"submission.givenByAuthorised\"}|true",
      "{\"present\": \"instruction.transfers\"}|true",
      "{\"absent\": \"instruction.legalBasis\"}|true",
      "{\"equals\": [\"instruction.retentionDays\", 400]}|true",
      "{\"oneOf\": [\"instruction.dataCategories\", [\"pd:Name\", \"pd:HealthRecord\"]]}|true",
      "{\"gt\": [\"instruction.retentionDays\", \"agreement.clause.retentionDays\"]}|true",
      "{\"lt\": [\"instruction.retentionDays\", 401]}|true",
      "{\"gt\": [\"instruction.legalBasis\", 1]}|false",
      "{\"under\": [\"instruction.purpose\", \"dpv:Marketing\"]}|true",
      "{\"under\": [\"instruction.purpose\", [\"dpv:ServiceProvision\", \"dpv:Marketing\"]]}|true",
      "{\"allIn\": [\"instruction.operations\", \"agreement.clause.operations\"]}|true",
      "{\"allUnder\": [\"instruction.dataCategories\", \"agreement.clause.dataCategories\"]}|false",
      "{\"someUnder\": [\"instruction.dataCategories\", \"agreement.clause.dataCategories\"]}|true",
      "{\"allUnder\": [\"instruction.purpose\", \"agreement.purposes\"]}|true",
      "{\"inReference\": [\"instruction.dataCategories\", \"sensitive\"]}|true",
      "{\"some\": {\"in\": \"instruction.transfers\", \"where\": {\"not\": {\"adequate\": {\"country\": \"item.country\", \"list\": \"EU\", \"dpfCertified\": \"item.dpfCertified\"}}}}}|true",
      "{\"every\": {\"in\": \"instruction.transfers\", \"where\": {\"present\": \"item.country\"}}}|true",
      "{\"every\": {\"in\": \"instruction.subProcessors\", \"where\": {\"present\": \"item.name\"}}}|true",
      "{\"all\": [{\"present\": \"instruction.transfers\"}, {\"absent\": \"instruction.transfers\"}]}|false",
      "{\"any\": [{\"present\": \"instruction.legalBasis\"}, {\"isFalse\": \"instruction.reidentify\"}]}|true",
  })
  void operators(String condition, boolean expected) throws Exception {
    assertThat(holds(condition, LocalDate.of(2025, 6, 1))).isEqualTo(expected);
  }

  @Test
  void referenceDataIsReadAtTheAnalysisDate() throws Exception {
    String sensitive = "{\"inReference\": [\"instruction.dataCategories\", \"sensitive\"]}";
    String usAdequate = "{\"some\": {\"in\": \"instruction.transfers\", \"where\": {\"all\": [{\"equals\": [\"item.country\", \"US\"]},"
        + " {\"adequate\": {\"country\": \"item.country\", \"list\": \"EU\", \"dpfCertified\": \"item.dpfCertified\"}}]}}}";
    assertThat(holds(sensitive, LocalDate.of(2025, 12, 31))).isTrue();
    assertThat(holds(sensitive, LocalDate.of(2026, 1, 1))).as("the row ended").isFalse();
    assertThat(holds(usAdequate, LocalDate.of(2023, 7, 9))).as("before the DPF decision").isFalse();
    assertThat(holds(usAdequate, LocalDate.of(2023, 7, 10))).isTrue();
  }

  @Test
  void aFindingNamesOnlyTheFieldsThatDecidedIt() throws Exception {
    Condition c = CONDITIONS.parse(JSON.readValue("{\"all\": [{\"isFalse\": \"submission.givenByAuthorised\"},"
        + " {\"some\": {\"in\": \"instruction.transfers\", \"where\": {\"all\": [{\"absent\": \"item.safeguard\"},"
        + " {\"not\": {\"adequate\": {\"country\": \"item.country\", \"list\": \"EU\"}}}]}}}]}", Object.class));
    Condition.Trace trace = new Condition.Trace();

    assertThat(c.test(facts(LocalDate.of(2026, 1, 1)), null, trace, false)).isTrue();
    // DE is adequate (HOME), so transfers[0] did not decide; transfers[1] (US, DPF) decides first
    assertThat(trace.fields()).containsExactly("submission.givenByAuthorised", "transfers[1].safeguard",
        "transfers[1].country");
  }

  @Test
  void aPartialPlannedAgreementIsReadWithoutFailing() throws Exception {
    AgreementTerms partial = new AgreementTerms(null, null, null, null, null,
        List.of(new AgreementTerms.CustomPurpose(null, null, null)),
        List.of(new PurposeTerms(null, null, null, null, null, null, null, false)),
        List.of(new AgreementTerms.LocationTerms(null, null, null)),
        List.of(new AgreementTerms.SubProcessorTerms(null, null, null, null)), null, null, null, null);
    InstructionFields custom = new InstructionFields("custom:Planned", null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    Condition c = CONDITIONS.parse(JSON.readValue("{\"any\": [{\"allUnder\": [\"instruction.purposeDpv\", \"agreement.purposes\"]},"
        + " {\"allIn\": [\"instruction.subProcessorNames\", \"agreement.subProcessorNames\"]},"
        + " {\"gt\": [\"instruction.retentionDays\", \"agreement.clause.retentionDays\"]}]}", Object.class));

    Facts facts = InstructionFacts.of(new AnalysisInput(custom, partial, Set.of(Jurisdiction.EU_GDPR), true,
        LocalDate.of(2026, 1, 1)), Vocabulary.dpv());

    assertThat(c.test(facts, null, new Condition.Trace(), false)).as("no sub-processors named: allIn holds").isTrue();
  }

  @Test
  void mistakesInARuleAreNamed() {
    assertThatThrownBy(() -> CONDITIONS.parse(Map.of("bogus", "instruction.purpose"))).hasMessageContaining("unknown operator bogus");
    assertThatThrownBy(() -> CONDITIONS.parse(Map.of("present", "purpose"))).hasMessageContaining("a path starts with");
    assertThatThrownBy(() -> CONDITIONS.parse(Map.of("under", List.of("instruction.purpose", "dpv:NoSuchThing"))))
        .hasMessageContaining("unknown vocabulary term");
    assertThatThrownBy(() -> CONDITIONS.parse(Map.of("inReference", List.of("instruction.purpose", "nope"))))
        .hasMessageContaining("no reference set");
    assertThatThrownBy(() -> CONDITIONS.parse(Map.of("present", "instruction.a", "absent", "instruction.b")))
        .hasMessageContaining("exactly one operator");
  }
}
