package dev.mandate.core.vocabulary;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.LEGAL_BASIS;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PROCESSING;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;
import static dev.mandate.core.vocabulary.TermKind.SECURITY_MEASURE;
import static dev.mandate.core.vocabulary.TermKind.SPECIAL_CATEGORY_CONDITION;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VocabularyTest {
  static final Path DPV_DIR = Path.of(System.getProperty("mandate.sharedTestdata", "../../shared/testdata"), "dpv");
  static final Vocabulary VOCABULARY = Vocabulary.dpv();

  /** The files of each kind, and the roots that are only named as parents there (made up by the loader). */
  static final Map<TermKind, List<String>> FILES = new LinkedHashMap<>();
  static final Map<TermKind, List<String>> SYNTHESIZED_ROOTS = new HashMap<>();

  static {
    FILES.put(PURPOSE, List.of("dpv-purposes.csv"));
    FILES.put(PERSONAL_DATA, List.of("dpv-personal-data.csv", "pd-personal-data-categories.csv"));
    FILES.put(PROCESSING, List.of("dpv-processing-operations.csv"));
    FILES.put(DATA_SUBJECT, List.of("dpv-data-subjects.csv"));
    FILES.put(LEGAL_BASIS, List.of("dpv-legal-basis.csv", "eu-gdpr-legal-basis.csv"));
    FILES.put(SPECIAL_CATEGORY_CONDITION, List.of("eu-gdpr-legal-basis-special-category.csv"));
    FILES.put(SECURITY_MEASURE, List.of("dpv-tom.csv", "dpv-technical-measures.csv", "dpv-organisational-measures.csv"));
    SYNTHESIZED_ROOTS.put(DATA_SUBJECT, List.of("dpv:LegalEntity"));
    SYNTHESIZED_ROOTS.put(LEGAL_BASIS, List.of("dpv:ExplicitlyExpressedConsent", "dpv:ExpressedConsent"));
    SYNTHESIZED_ROOTS.put(SECURITY_MEASURE, List.of("dpv:ImpactAssessment"));
  }

  @Test
  void bundledCopiesAreByteIdenticalToTheSharedTestdata() throws IOException {
    for (String file : FILES.values().stream().flatMap(List::stream).toList()) {
      try (InputStream bundled = Vocabulary.class.getResourceAsStream("/vocabulary/dpv-2.3/" + file)) {
        assertThat(bundled).as(file).isNotNull();
        assertThat(bundled.readAllBytes()).as(file).isEqualTo(Files.readAllBytes(DPV_DIR.resolve(file)));
      }
    }
  }

  @Test
  void readsEveryRowTheReadmeCounts() throws IOException {
    // README rows count classes and properties; only the class rows become terms.
    Matcher row = Pattern.compile("(?m)^\\| `([\\w-]+\\.csv)` \\| [^|]+ \\| (\\d+) \\|").matcher(readme());
    Map<String, Integer> stated = new HashMap<>();
    while (row.find()) {
      stated.put(row.group(1), Integer.parseInt(row.group(2)));
    }
    Map<String, Integer> classRows = new LinkedHashMap<>();
    for (String file : FILES.values().stream().flatMap(List::stream).toList()) {
      List<List<String>> rows = csv(file);
      assertThat(rows.size() - 1).as(file).isEqualTo(stated.get(file));
      classRows.put(file, (int) rows.stream().filter(r -> r.get(1).equals("class")).count());
    }
    assertThat(classRows).isEqualTo(Map.ofEntries(
        Map.entry("dpv-purposes.csv", 123), // README: 125 rows
        Map.entry("dpv-personal-data.csv", 34), // 38
        Map.entry("pd-personal-data-categories.csv", 231),
        Map.entry("dpv-processing-operations.csv", 56), // 57
        Map.entry("dpv-data-subjects.csv", 32), // 35
        Map.entry("dpv-legal-basis.csv", 16), // 20
        Map.entry("eu-gdpr-legal-basis.csv", 17),
        Map.entry("eu-gdpr-legal-basis-special-category.csv", 10),
        Map.entry("dpv-tom.csv", 5), // 16
        Map.entry("dpv-technical-measures.csv", 69),
        Map.entry("dpv-organisational-measures.csv", 113)));
  }

  @Test
  void eachKindHoldsTheClassRowsOfItsFilesAndTheRootsTheyName() throws IOException {
    for (TermKind kind : TermKind.values()) {
      List<String> expected = new ArrayList<>(SYNTHESIZED_ROOTS.getOrDefault(kind, List.of()));
      for (String file : FILES.get(kind)) {
        csv(file).stream().filter(r -> r.get(1).equals("class")).forEach(r -> expected.add(Vocabulary.curie(r.get(2))));
      }
      assertThat(VOCABULARY.terms(kind)).extracting(Term::id).as(kind.name()).containsExactlyInAnyOrderElementsOf(expected);
    }
    // dpv:DataGovernance (a measure) has a purpose as its broader term; that purpose stays a purpose.
    assertThat(VOCABULARY.find(SECURITY_MEASURE, "dpv:DataGovernance").orElseThrow().parents()).containsExactly("dpv:OrganisationGovernance");
    assertThat(VOCABULARY.isKnown(SECURITY_MEASURE, "dpv:OrganisationGovernance")).isFalse();
    assertThat(VOCABULARY.isKnown(PURPOSE, "dpv:OrganisationGovernance")).isTrue();
    assertThat(VOCABULARY.find(DATA_SUBJECT, "dpv:LegalEntity"))
        .hasValue(new Term("dpv:LegalEntity", "https://w3id.org/dpv#LegalEntity", "Legal Entity", DATA_SUBJECT, List.of(), false));
  }

  @Test
  void topConceptsAreKnownAndEndTheWalks() {
    assertThat(VOCABULARY.isKnown(PURPOSE, "dpv:Purpose")).isTrue();
    assertThat(VOCABULARY.isKnown(PROCESSING, "dpv:Processing")).isTrue();
    assertThat(VOCABULARY.isKnown(PERSONAL_DATA, "dpv:PersonalData")).isTrue();
    assertThat(VOCABULARY.isKnown(DATA_SUBJECT, "dpv:DataSubject")).isTrue();
    assertThat(VOCABULARY.isKnown(LEGAL_BASIS, "dpv:LegalBasis")).isTrue();
    assertThat(VOCABULARY.isKnown(SECURITY_MEASURE, "dpv:TechnicalOrganisationalMeasure")).isTrue();
    assertThat(VOCABULARY.ancestors(PURPOSE, "dpv:PersonalisedAdvertising"))
        .containsExactly("dpv:PersonalisedAdvertising", "dpv:Advertising", "dpv:Personalisation", "dpv:Marketing", "dpv:Purpose");
    // DPV 2.3 puts Employee, Customer, ... under dpv:HumanSubject, beside dpv:DataSubject, not under it.
    assertThat(VOCABULARY.ancestors(DATA_SUBJECT, "dpv:Employee")).containsExactly("dpv:Employee", "dpv:HumanSubject", "dpv:LegalEntity");
    assertThat(VOCABULARY.isSubsumedBy(DATA_SUBJECT, "dpv:Employee", "dpv:DataSubject")).isFalse();
  }

  @Test
  void anEmailAddressIsContactData() {
    assertThat(VOCABULARY.ancestors(PERSONAL_DATA, "pd:EmailAddress"))
        .containsExactly("pd:EmailAddress", "pd:Contact", "pd:Tracking", "dpv:PersonalData", "dpv:Data");
    assertThat(VOCABULARY.isSubsumedBy(PERSONAL_DATA, "pd:EmailAddress", "pd:Contact")).isTrue();
    assertThat(VOCABULARY.isSubsumedBy(PERSONAL_DATA, "pd:EmailAddress", "pd:EmailAddress")).isTrue();
    assertThat(VOCABULARY.isSubsumedBy(PERSONAL_DATA, "pd:Contact", "pd:EmailAddress")).isFalse();
    assertThat(VOCABULARY.isSubsumedBy(PERSONAL_DATA, "pd:EmailAddress", "pd:Financial")).isFalse();
    assertThat(VOCABULARY.isSubsumedBy(PURPOSE, "pd:EmailAddress", "pd:Contact")).isFalse();
  }

  @Test
  void specialCategoriesAreTheThirtyThreeOfGdprArticle9() throws IOException {
    assertThat(VOCABULARY.isSpecialCategory("pd:HealthRecord")).isTrue();
    assertThat(VOCABULARY.isSpecialCategory("dpv:SpecialCategoryPersonalData")).isTrue();
    assertThat(VOCABULARY.isSpecialCategory("pd:EmailAddress")).isFalse();
    assertThat(VOCABULARY.isSpecialCategory("dpv:SensitivePersonalData")).isFalse();
    List<String> listed = csv("special-category-personal-data.csv").stream().skip(1).map(r -> Vocabulary.curie(r.get(1))).toList();
    assertThat(VOCABULARY.terms(PERSONAL_DATA)).filteredOn(Term::specialCategory).extracting(Term::id)
        .containsExactlyInAnyOrderElementsOf(listed)
        .hasSize(33);
  }

  @Test
  void marketingIsTheSubtreeOfDpvMarketing() {
    // PR-823-01 names these; DPV 2.3 also puts recruitment advertising under dpv:Advertising.
    for (String id : List.of("dpv:Marketing", "dpv:DirectMarketing", "dpv:Advertising", "dpv:PersonalisedAdvertising",
        "dpv:TargetedAdvertising", "dpv:SocialMediaMarketing", "dpv:PublicRelations", "dpv:PoliticalCampaign",
        "dpv:RecruitmentAdvertising")) {
      assertThat(VOCABULARY.isMarketing(id)).as(id).isTrue();
    }
    assertThat(VOCABULARY.isMarketing("dpv:ServiceProvision")).isFalse();
    assertThat(VOCABULARY.isMarketing("dpv:Purpose")).isFalse();
    assertThat(VOCABULARY.isMarketing("pd:EmailAddress")).isFalse();
  }

  @Test
  void article9ConditionsAreAToJOnly() {
    for (char c = 'a'; c <= 'j'; c++) {
      assertThat(VOCABULARY.isKnown(SPECIAL_CATEGORY_CONDITION, "eu-gdpr:A9-2-" + c)).as("A9-2-" + c).isTrue();
    }
    assertThat(VOCABULARY.terms(SPECIAL_CATEGORY_CONDITION)).hasSize(10);
    assertThat(VOCABULARY.isKnown(SPECIAL_CATEGORY_CONDITION, "eu-gdpr:A9-2-k")).isFalse();
    // Their broader terms are legal bases, not conditions: an Art. 6 basis must not pass as one.
    assertThat(VOCABULARY.find(SPECIAL_CATEGORY_CONDITION, "eu-gdpr:A9-2-a").orElseThrow().parents())
        .containsExactly("dpv:ExplicitlyExpressedConsent", "eu-gdpr:Consent");
    assertThat(VOCABULARY.ancestors(SPECIAL_CATEGORY_CONDITION, "eu-gdpr:A9-2-a")).containsExactly("eu-gdpr:A9-2-a");
    assertThat(VOCABULARY.isKnown(SPECIAL_CATEGORY_CONDITION, "eu-gdpr:Consent")).isFalse();
    assertThat(VOCABULARY.isKnown(SPECIAL_CATEGORY_CONDITION, "dpv:LegalBasis")).isFalse();
    assertThat(VOCABULARY.isKnown(LEGAL_BASIS, "eu-gdpr:A6-1-b")).isTrue();
  }

  @Test
  void suggestsTheClosestKnownId() {
    assertThat(VOCABULARY.suggest(PERSONAL_DATA, "pd:EmailAdress")).hasValue("pd:EmailAddress");
    assertThat(VOCABULARY.suggest(PERSONAL_DATA, "PD:EMAILADDRESS")).hasValue("pd:EmailAddress");
    assertThat(VOCABULARY.suggest(PERSONAL_DATA, "dpv:EmailAddress")).hasValue("pd:EmailAddress");
    assertThat(VOCABULARY.suggest(PURPOSE, "dpv:PersonelManagement")).hasValue("dpv:PersonnelManagement");
    assertThat(VOCABULARY.suggest(PURPOSE, "dpv:Xyzzy")).isEmpty();
  }

  @Test
  void unknownIdsGiveNothingAndNeverThrow() {
    for (TermKind kind : new TermKind[] {PURPOSE, PERSONAL_DATA, SECURITY_MEASURE, null}) {
      for (String id : new String[] {null, "", ":", "dpv:", "dpv:NoSuchTerm", "https://w3id.org/dpv#Marketing"}) {
        assertThat(VOCABULARY.find(kind, id)).isEmpty();
        assertThat(VOCABULARY.isKnown(kind, id)).isFalse();
        assertThat(VOCABULARY.ancestors(kind, id)).isEmpty();
        assertThat(VOCABULARY.isSubsumedBy(kind, id, "dpv:Purpose")).isFalse();
        assertThat(VOCABULARY.isSubsumedBy(kind, "dpv:Marketing", id)).isFalse();
        assertThat(VOCABULARY.suggest(kind, id)).isNotNull();
        assertThat(VOCABULARY.isSpecialCategory(id)).isFalse();
        assertThat(VOCABULARY.isMarketing(id)).isFalse();
      }
    }
    assertThat(VOCABULARY.isKnown(PROCESSING, "dpv:Marketing")).isFalse();
  }

  @Test
  void everyAncestorWalkIsAcyclicAndEndsAtARoot() {
    for (TermKind kind : TermKind.values()) {
      for (Term term : VOCABULARY.terms(kind)) {
        List<String> ancestors = VOCABULARY.ancestors(kind, term.id());
        assertThat(ancestors).first().isEqualTo(term.id());
        assertThat(ancestors).doesNotHaveDuplicates().allMatch(a -> VOCABULARY.isKnown(kind, a));
        assertThat(ancestors).as(term.id() + " reaches a root").anyMatch(a -> VOCABULARY.ancestors(kind, a).size() == 1);
        for (String a : ancestors.subList(1, ancestors.size())) {
          assertThat(VOCABULARY.isSubsumedBy(kind, a, term.id())).as(a + " is broader than " + term.id()).isFalse();
        }
      }
    }
  }

  @Test
  void loadingTheSharedFolderGivesTheBundledVocabulary() {
    Vocabulary fromFolder = Vocabulary.load(DPV_DIR);
    assertThat(Vocabulary.dpv()).isSameAs(VOCABULARY);
    assertThat(fromFolder.version()).isEqualTo(VOCABULARY.version()).isEqualTo("dpv-2.3");
    for (TermKind kind : TermKind.values()) {
      assertThat(fromFolder.terms(kind)).containsExactlyElementsOf(VOCABULARY.terms(kind));
    }
  }

  @Test
  void csvFollowsRfc4180() {
    assertThat(Csv.parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,\"\"\n\nlast"))
        .containsExactly(List.of("a", "b,c", "say \"hi\""), List.of("two\nlines", "", ""), List.of("last"));
  }

  static String readme() throws IOException {
    return Files.readString(DPV_DIR.resolve("README.md"));
  }

  static List<List<String>> csv(String file) throws IOException {
    return Csv.parse(Files.readString(DPV_DIR.resolve(file)));
  }
}
