package dev.mandate.core.instruction;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PROCESSING;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.TransferSafeguards;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks an instruction's fields before analysis (validating is separate from analysing): known
 * vocabulary terms, ISO country codes, sensible numbers and lengths. Every problem is reported at
 * once with its field path; values are never echoed (they may be personal data).
 */
public final class InstructionValidator {
  static final int MAX_TEXT = 20_000;
  private static final int MAX_LIST = 100;
  private static final int MAX_NAME = 200;
  private final Vocabulary vocabulary;

  public InstructionValidator(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  public void validate(String text, InstructionFields f) {
    List<FieldError> errors = new ArrayList<>();
    if (text == null || text.isBlank()) {
      errors.add(new FieldError("text", "REQUIRED", "text is the instruction in the customer's own words."));
    } else if (text.length() > MAX_TEXT) {
      errors.add(new FieldError("text", "TOO_LONG", "text is at most " + MAX_TEXT + " characters."));
    } else if (hasControl(text, true)) {
      errors.add(new FieldError("text", "CONTROL_CHARACTER", "text may hold line breaks and tabs but no other control characters."));
    }
    if (f == null) {
      errors.add(new FieldError("fields", "REQUIRED", "fields is required."));
      throw invalid(errors);
    }
    if (f.purpose() == null) {
      errors.add(new FieldError("fields.purpose", "REQUIRED", "fields.purpose is required."));
    } else {
      purpose("fields.purpose", f.purpose(), errors);
    }
    if (f.collectedFor() != null) {
      purpose("fields.collectedFor", f.collectedFor(), errors);
    }
    terms("fields.dataCategories", f.dataCategories(), PERSONAL_DATA, errors);
    terms("fields.specialCategories", f.specialCategories(), PERSONAL_DATA, errors);
    terms("fields.operations", f.operations(), PROCESSING, errors);
    terms("fields.dataSubjects", f.dataSubjects(), DATA_SUBJECT, errors);
    for (int i = 0; i < f.recipients().size(); i++) {
      var r = f.recipients().get(i);
      name("fields.recipients[" + i + "].name", r.name(), errors);
      if (r.role() == null) {
        errors.add(new FieldError("fields.recipients[" + i + "].role", "REQUIRED", "a recipient's role is required."));
      }
      country("fields.recipients[" + i + "].country", r.country(), errors);
    }
    for (int i = 0; i < f.transfers().size(); i++) {
      var t = f.transfers().get(i);
      String at = "fields.transfers[" + i + "]";
      if (t.country() == null) {
        errors.add(new FieldError(at + ".country", "REQUIRED", "a transfer names its country."));
      }
      country(at + ".country", t.country(), errors);
      text(at + ".recipient", t.recipient(), errors);
      text(at + ".safeguard", t.safeguard(), errors);
      text(at + ".derogation", t.derogation(), errors);
    }
    for (int i = 0; i < f.subProcessors().size(); i++) {
      var s = f.subProcessors().get(i);
      name("fields.subProcessors[" + i + "].name", s.name(), errors);
      country("fields.subProcessors[" + i + "].country", s.country(), errors);
    }
    days("fields.retentionDays", f.retentionDays(), 365 * 200, errors);
    if (f.retentionDays() != null && Boolean.TRUE.equals(f.retentionIndefinite())) {
      errors.add(new FieldError("fields.retentionIndefinite", "CONFLICT", "Give retentionDays or retentionIndefinite, not both."));
    }
    text("fields.retentionLegalReason", f.retentionLegalReason(), errors);
    text("fields.legalBasis", f.legalBasis(), errors);
    text("fields.specialCategoryCondition", f.specialCategoryCondition(), errors);
    text("fields.criminalDataAuthority", f.criminalDataAuthority(), errors);
    if (f.securityChanges().size() > MAX_LIST) {
      errors.add(new FieldError("fields.securityChanges", "TOO_MANY", "At most " + MAX_LIST + " security changes."));
    }
    for (int i = 0; i < f.securityChanges().size() && i < MAX_LIST; i++) {
      String c = f.securityChanges().get(i);
      if (c == null || !c.matches("[A-Z][A-Z_]{2,63}")) {
        errors.add(new FieldError("fields.securityChanges[" + i + "]", "INVALID_FORMAT",
            "a security change is a word such as DISABLE_MFA or ENABLE_ENCRYPTION."));
      }
    }
    if (f.minors() != null && f.minors().youngestAge() != null && (f.minors().youngestAge() < 0 || f.minors().youngestAge() > 17)) {
      errors.add(new FieldError("fields.minors.youngestAge", "OUT_OF_RANGE", "youngestAge is 0 to 17."));
    }
    if (f.dataSubjectRights() != null) {
      days("fields.dataSubjectRights.responseDays", f.dataSubjectRights().responseDays(), 3650, errors);
    }
    if (f.breaches() != null) {
      days("fields.breaches.noticeDelayHours", f.breaches().noticeDelayHours(), 24 * 3650, errors);
    }
    if (f.automatedDecision() != null) {
      String g = f.automatedDecision().ground();
      if (g != null && !List.of("CONTRACT", "LAW", "EXPLICIT_CONSENT").contains(g)) {
        errors.add(new FieldError("fields.automatedDecision.ground", "UNKNOWN_VALUE", "ground is CONTRACT, LAW or EXPLICIT_CONSENT."));
      }
    }
    if (f.disclosure() != null) {
      text("fields.disclosure.authority", f.disclosure().authority(), errors);
      country("fields.disclosure.country", f.disclosure().country(), errors);
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
  }

  private static InvalidInput invalid(List<FieldError> errors) {
    return new InvalidInput(ErrorCode.INVALID_REQUEST, "The instruction is invalid (" + errors.size() + " problems).", errors);
  }

  private void purpose(String field, String id, List<FieldError> errors) {
    if (!vocabulary.isKnown(PURPOSE, id) && !CustomPurpose.isWellFormedId(id)) {
      errors.add(unknown(field, id, PURPOSE));
    }
  }

  private void terms(String field, List<String> values, TermKind kind, List<FieldError> errors) {
    if (values.size() > MAX_LIST) {
      errors.add(new FieldError(field, "TOO_MANY", "At most " + MAX_LIST + " entries."));
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || !vocabulary.isKnown(kind, v)) {
        errors.add(unknown(field + "[" + i + "]", v, kind));
      }
    }
  }

  private FieldError unknown(String field, String value, TermKind kind) {
    String what = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    String hint = value == null ? "" : vocabulary.suggest(kind, value).map(s -> " Did you mean " + s + "?").orElse("");
    return new FieldError(field, "UNKNOWN_TERM", field + " is not a known " + what + " term." + hint);
  }

  private static void country(String field, String code, List<FieldError> errors) {
    if (code != null && !TransferSafeguards.isCountry(code)) {
      errors.add(new FieldError(field, "UNKNOWN_COUNTRY", field + " must be an ISO 3166-1 alpha-2 code such as DE."));
    }
  }

  private static void name(String field, String value, List<FieldError> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldError(field, "REQUIRED", field + " is required."));
    } else {
      text(field, value, errors);
    }
  }

  private static void text(String field, String value, List<FieldError> errors) {
    if (value != null && (value.isBlank() || value.length() > MAX_NAME || hasControl(value, false))) {
      errors.add(new FieldError(field, "INVALID_FORMAT", field + " is 1 to " + MAX_NAME
          + " characters, without control characters."));
    }
  }

  /**
   * Whether {@code s} holds a control character (C0, DEL, C1) or an unpaired surrogate, which no
   * instruction needs and PostgreSQL's text may refuse (NUL); {@code lines} allows tab and line breaks.
   */
  public static boolean hasControl(String s, boolean lines) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (lines && (c == '\t' || c == '\n' || c == '\r')) {
        continue;
      }
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return true;
      }
      if (Character.isHighSurrogate(c) ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(++i))
          : Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static void days(String field, Integer value, int max, List<FieldError> errors) {
    if (value != null && (value < 0 || value > max)) {
      errors.add(new FieldError(field, "OUT_OF_RANGE", field + " is 0 to " + max + "."));
    }
  }
}
