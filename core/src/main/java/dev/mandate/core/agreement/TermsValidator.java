package dev.mandate.core.agreement;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.LEGAL_BASIS;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PROCESSING;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;
import static dev.mandate.core.vocabulary.TermKind.SECURITY_MEASURE;
import static dev.mandate.core.vocabulary.TermKind.SPECIAL_CATEGORY_CONDITION;

import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks agreement terms before they can be drafted: every vocabulary term must be known, and
 * the terms must not contradict themselves (PR-821-01). Returns one precise error per field;
 * validating is separate from deciding.
 */
public final class TermsValidator {
  static final int MAX_TEXT = 2000;
  static final int MAX_RETENTION_DAYS = 36_500;

  private final Vocabulary vocabulary;

  public TermsValidator(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  public List<FieldError> validate(AgreementTerms terms, Set<Jurisdiction> jurisdictions) {
    Errors e = new Errors();
    e.text("subjectMatter", terms.subjectMatter());
    e.text("natureOfProcessing", terms.natureOfProcessing());
    consentAsCondition("subjectMatter", terms.subjectMatter(), e);
    consentAsCondition("natureOfProcessing", terms.natureOfProcessing(), e);
    if (terms.startsOn() == null) {
      e.add("startsOn", "REQUIRED", "startsOn is required (the date the agreement takes effect).");
    } else if (terms.endsOn() != null && !terms.endsOn().isAfter(terms.startsOn())) {
      e.add("endsOn", "BEFORE_START", "endsOn must be after startsOn.");
    }
    e.terms("dataCategories", terms.dataCategories(), PERSONAL_DATA, true);
    Map<String, CustomPurpose> custom = customPurposes(terms, e);
    Set<String> purposeIds = purposes(terms, custom, e);
    locations(terms, jurisdictions, e);
    subProcessors(terms, purposeIds, e);
    if (terms.assistance() == null) {
      e.add("assistance", "REQUIRED", "assistance is required (data-subject request days, breach notice hours).");
    } else {
      e.range("assistance.dataSubjectRequestDays", terms.assistance().dataSubjectRequestDays(), 1, 30,
          "days to help with a data-subject request must be 1 to 30, so the customer can answer within a month");
      e.range("assistance.breachNotificationHours", terms.assistance().breachNotificationHours(), 1, 72,
          "hours to notify a breach must be 1 to 72, so the customer can notify the authority within 72 hours");
    }
    e.terms("securityMeasures", terms.securityMeasures(), SECURITY_MEASURE, true);
    if (terms.endOfContract() == null) {
      e.add("endOfContract", "REQUIRED", "endOfContract is required: RETURN, DELETE or RETURN_THEN_DELETE.");
    }
    return e.list;
  }

  /** Consent is never a condition of service (ISO 27701 8.2.3, PR-823-03). */
  private static void consentAsCondition(String field, String text, Errors e) {
    ConsentConditions.find(text).ifPresent(sentence ->
        e.add(field, "CONSENT_AS_CONDITION_OF_SERVICE", ConsentConditions.message(sentence)));
  }

  private Map<String, CustomPurpose> customPurposes(AgreementTerms terms, Errors e) {
    Map<String, CustomPurpose> custom = new HashMap<>();
    for (int i = 0; i < terms.customPurposes().size(); i++) {
      CustomPurpose p = terms.customPurposes().get(i);
      String f = "customPurposes[" + i + "]";
      if (!CustomPurpose.isWellFormedId(p.id())) {
        e.add(f + ".id", "INVALID_FORMAT", "A custom purpose id looks like custom:MonthlyPayroll.");
      } else if (custom.putIfAbsent(p.id(), p) != null) {
        e.add(f + ".id", "DUPLICATE", p.id() + " is declared twice.");
      }
      e.text(f + ".label", p.label());
      consentAsCondition(f + ".label", p.label(), e);
      e.term(f + ".parent", p.parent(), PURPOSE);
    }
    return custom;
  }

  private Set<String> purposes(AgreementTerms terms, Map<String, CustomPurpose> custom, Errors e) {
    Set<String> seen = new HashSet<>();
    if (terms.purposes().isEmpty()) {
      e.add("purposes", "REQUIRED", "At least one purpose is required.");
    }
    boolean marketingInstructed = terms.marketing() != null && terms.marketing().instructed();
    for (int i = 0; i < terms.purposes().size(); i++) {
      PurposeTerms p = terms.purposes().get(i);
      String f = "purposes[" + i + "]";
      String dpvPurpose = p.purpose();
      if (p.purpose() != null && custom.containsKey(p.purpose())) {
        dpvPurpose = custom.get(p.purpose()).parent();
      } else {
        e.term(f + ".purpose", p.purpose(), PURPOSE);
      }
      if (p.purpose() != null && !seen.add(p.purpose())) {
        e.add(f + ".purpose", "DUPLICATE", p.purpose() + " is listed twice; merge the two clauses.");
      }
      if (dpvPurpose != null && vocabulary.isMarketing(dpvPurpose) && !marketingInstructed) {
        e.add(f + ".purpose", "MARKETING_NOT_INSTRUCTED",
            p.purpose() + " is a marketing or advertising purpose but marketing.instructed is false.");
      }
      if (dpvPurpose != null && vocabulary.isMarketing(dpvPurpose) && p.processorOwnUse()) {
        e.add(f + ".processorOwnUse", "PROCESSOR_OWN_MARKETING", "The processor may never use the customer's PII for its"
            + " own marketing or advertising (ISO 27701 8.2.3); no agreement term can allow it. Set processorOwnUse to false.");
      }
      e.terms(f + ".dataCategories", p.dataCategories(), PERSONAL_DATA, true);
      categoriesWithinAgreement(terms, p, f, e);
      e.terms(f + ".operations", p.operations(), PROCESSING, true);
      e.terms(f + ".dataSubjects", p.dataSubjects(), DATA_SUBJECT, true);
      if (p.retentionDays() == null) {
        e.add(f + ".retentionDays", "REQUIRED", "retentionDays is required.");
      } else {
        e.range(f + ".retentionDays", p.retentionDays(), 1, MAX_RETENTION_DAYS,
            "retentionDays must be 1 to " + MAX_RETENTION_DAYS);
      }
      e.term(f + ".legalBasis", p.legalBasis(), LEGAL_BASIS);
      specialCategories(p, f, e);
    }
    return seen;
  }

  private void categoriesWithinAgreement(AgreementTerms terms, PurposeTerms p, String f, Errors e) {
    for (int j = 0; j < p.dataCategories().size(); j++) {
      String c = p.dataCategories().get(j);
      if (c == null || !vocabulary.isKnown(PERSONAL_DATA, c)) {
        continue;
      }
      boolean within = terms.dataCategories().stream().anyMatch(a -> vocabulary.isSubsumedBy(PERSONAL_DATA, c, a));
      if (!within) {
        e.add(f + ".dataCategories[" + j + "]", "CATEGORY_OUTSIDE_AGREEMENT",
            c + " is not within the agreement's dataCategories.");
      }
    }
  }

  private void specialCategories(PurposeTerms p, String f, Errors e) {
    SpecialCategories s = p.specialCategories() == null ? SpecialCategories.NONE : p.specialCategories();
    boolean listsSpecial = p.dataCategories().stream()
        .anyMatch(c -> c != null && vocabulary.isSpecialCategory(c));
    if (s.allowed()) {
      if (s.condition() == null) {
        e.add(f + ".specialCategories.condition", "REQUIRED",
            "Special categories need a GDPR Art. 9(2) condition, e.g. eu-gdpr:A9-2-b.");
      } else {
        e.term(f + ".specialCategories.condition", s.condition(), SPECIAL_CATEGORY_CONDITION);
      }
    } else if (listsSpecial) {
      for (int j = 0; j < p.dataCategories().size(); j++) {
        String c = p.dataCategories().get(j);
        if (c != null && vocabulary.isSpecialCategory(c)) {
          e.add(f + ".dataCategories[" + j + "]", "SPECIAL_CATEGORY_WITHOUT_CONDITION",
              c + " is a special category (GDPR Art. 9): set specialCategories.allowed and an Art. 9(2) condition.");
        }
      }
    } else if (s.condition() != null) {
      e.add(f + ".specialCategories.condition", "NOT_APPLICABLE", "A condition is given but allowed is false.");
    }
  }

  private void locations(AgreementTerms terms, Set<Jurisdiction> jurisdictions, Errors e) {
    if (terms.locations().isEmpty()) {
      e.add("locations", "REQUIRED", "At least one processing or storage location is required.");
    }
    boolean restricts = jurisdictions.stream().anyMatch(Jurisdiction::restrictsTransfers);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < terms.locations().size(); i++) {
      LocationTerms l = terms.locations().get(i);
      String f = "locations[" + i + "]";
      if (!TransferSafeguards.isCountry(l.country())) {
        e.add(f + ".country", "UNKNOWN_COUNTRY", "country must be an ISO 3166-1 alpha-2 code such as DE.");
        continue;
      }
      if (!seen.add(l.country())) {
        e.add(f + ".country", "DUPLICATE", l.country() + " is listed twice.");
      }
      if (l.uses().isEmpty()) {
        e.add(f + ".uses", "REQUIRED", "uses must name PROCESSING, STORAGE or both.");
      }
      if (l.transferSafeguard() != null && !TransferSafeguards.isKnown(l.transferSafeguard())) {
        e.add(f + ".transferSafeguard", "UNKNOWN_TERM",
            "transferSafeguard must be one of " + String.join(", ", new java.util.TreeSet<>(TransferSafeguards.LABELS.keySet())) + ".");
      } else if (l.transferSafeguard() == null && restricts && TransferSafeguards.needsSafeguard(l.country())) {
        e.add(f + ".transferSafeguard", "TRANSFER_SAFEGUARD_MISSING",
            l.country() + " is outside the EEA, UK and Switzerland: name the transfer safeguard.");
      }
    }
  }

  private void subProcessors(AgreementTerms terms, Set<String> purposeIds, Errors e) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < terms.subProcessors().size(); i++) {
      SubProcessorTerms s = terms.subProcessors().get(i);
      String f = "subProcessors[" + i + "]";
      e.text(f + ".name", s.name());
      if (s.name() != null && !names.add(s.name())) {
        e.add(f + ".name", "DUPLICATE", "This sub-processor is listed twice.");
      }
      if (!TransferSafeguards.isCountry(s.country())) {
        e.add(f + ".country", "UNKNOWN_COUNTRY", "country must be an ISO 3166-1 alpha-2 code such as DE.");
      }
      if (s.authorisation() == null) {
        e.add(f + ".authorisation", "REQUIRED", "authorisation is required: SPECIFIC or GENERAL.");
      }
      for (int j = 0; j < s.purposes().size(); j++) {
        if (!purposeIds.contains(s.purposes().get(j))) {
          e.add(f + ".purposes[" + j + "]", "PURPOSE_NOT_IN_AGREEMENT",
              s.purposes().get(j) + " is not one of this agreement's purposes.");
        }
      }
    }
  }

  /** Collects errors; knows how to check vocabulary terms. */
  private final class Errors {
    final List<FieldError> list = new ArrayList<>();

    void add(String field, String code, String message) {
      list.add(new FieldError(field, code, message));
    }

    void text(String field, String value) {
      if (value == null || value.isBlank()) {
        add(field, "REQUIRED", field + " is required.");
      } else if (value.length() > MAX_TEXT) {
        add(field, "TOO_LONG", field + " is at most " + MAX_TEXT + " characters.");
      }
    }

    void range(String field, Integer value, int min, int max, String message) {
      if (value == null) {
        add(field, "REQUIRED", field + " is required.");
      } else if (value < min || value > max) {
        add(field, "OUT_OF_RANGE", message + " (got " + value + ").");
      }
    }

    void term(String field, String id, TermKind kind) {
      if (id == null) {
        add(field, "REQUIRED", field + " is required.");
      } else if (!vocabulary.isKnown(kind, id)) {
        String hint = vocabulary.suggest(kind, id).map(s -> " Did you mean " + s + "?").orElse("");
        add(field, "UNKNOWN_TERM", "'" + shorten(id) + "' is not a known " + describe(kind) + " term." + hint);
      }
    }

    void terms(String field, List<String> ids, TermKind kind, boolean required) {
      if (required && ids.isEmpty()) {
        add(field, "REQUIRED", field + " must list at least one " + describe(kind) + " term.");
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < ids.size(); i++) {
        term(field + "[" + i + "]", ids.get(i), kind);
        if (ids.get(i) != null && !seen.add(ids.get(i))) {
          add(field + "[" + i + "]", "DUPLICATE", ids.get(i) + " is listed twice.");
        }
      }
    }
  }

  private static String shorten(String id) {
    return id.length() > 80 ? id.substring(0, 80) + "…" : id;
  }

  static String describe(TermKind kind) {
    return switch (kind) {
      case PURPOSE -> "DPV purpose";
      case PERSONAL_DATA -> "DPV personal-data category";
      case PROCESSING -> "DPV processing operation";
      case DATA_SUBJECT -> "DPV data-subject category";
      case LEGAL_BASIS -> "DPV or GDPR legal basis";
      case SPECIAL_CATEGORY_CONDITION -> "GDPR Art. 9(2) condition";
      case SECURITY_MEASURE -> "DPV security measure";
    };
  }
}
