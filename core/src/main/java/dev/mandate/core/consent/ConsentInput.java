package dev.mandate.core.consent;

import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Checks consent submissions field by field; every problem is reported at once and nothing is written. */
final class ConsentInput {
  static final Pattern SUBMISSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");
  static final Pattern EVIDENCE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");
  /**
   * Evidence keys whose values may be PII (addresses, agents, names, contacts, devices): kept only
   * as a keyed hash (no PII in the ledger; unkeyed SHA-256 of an IPv4 address is easy to reverse).
   */
  static final Pattern PII_EVIDENCE = Pattern.compile(
      "(?i).*(ip|addr|e-?mail|mail|phone|tel|user.?agent|name|device|cookie|forwarded|client|account|login|user).*");
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  static final int MAX_PURPOSES = 50;

  private final Vocabulary vocabulary;

  ConsentInput(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /** Errors common to every submission. */
  List<FieldError> common(ConsentSubmission s, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    if (s.submissionId() == null) {
      errors.add(new FieldError("submissionId", "REQUIRED", "submissionId is required: your own id for this submission, so a retry is recognised."));
    } else if (!SUBMISSION_ID.matcher(s.submissionId()).matches()) {
      errors.add(new FieldError("submissionId", "INVALID_FORMAT", "submissionId is 1 to 100 letters, digits, '.', '_', ':' or '-'."));
    }
    subjectId(s.subjectId(), errors);
    if (s.jurisdiction() != null && Jurisdiction.fromCode(s.jurisdiction()).isEmpty()) {
      errors.add(new FieldError("jurisdiction", "UNKNOWN_JURISDICTION", "jurisdiction must be one of EU-GDPR, UK-GDPR, US-CA-CPRA, BR-LGPD, CA-PIPEDA, CH-FADP."));
    }
    if (s.notice() != null) {
      notice(s.notice(), errors);
    }
    if (s.evidence() != null) {
      if (s.evidence().size() > 20) {
        errors.add(new FieldError("evidence", "TOO_MANY", "At most 20 evidence entries."));
      }
      s.evidence().forEach((k, v) -> {
        if (k == null || !EVIDENCE_KEY.matcher(k).matches()) {
          errors.add(new FieldError("evidence", "INVALID_KEY", "Evidence keys are 1 to 40 letters, digits, '_' or '-', starting with a letter."));
        } else if (v == null || v.length() > 2_000) {
          errors.add(new FieldError("evidence." + k, "INVALID_FORMAT", "Evidence values are strings of at most 2,000 characters."));
        }
      });
    }
    if (s.validUntil() != null && !s.validUntil().isAfter(now)) {
      errors.add(new FieldError("validUntil", "NOT_IN_FUTURE", "validUntil must be after now: the consent would already have expired."));
    } else if (s.validUntil() != null && s.validUntil().isAfter(LATEST)) {
      errors.add(new FieldError("validUntil", "OUT_OF_RANGE", "validUntil must be before the year 10000."));
    }
    if (s.expressedAt() != null && s.expressedAt().isBefore(EARLIEST)) {
      errors.add(new FieldError("expressedAt", "OUT_OF_RANGE", "expressedAt must be after 1970-01-01."));
    }
    return errors;
  }

  /**
   * A person's identifier as the customer writes it, in normal form (NFKC, no surrounding spaces):
   * the same person must have one pseudonym in the ledger and one blind index in the vault.
   */
  static void subjectId(String subjectId, List<FieldError> errors) {
    if (subjectId == null || subjectId.isEmpty()) {
      errors.add(new FieldError("subjectId", "REQUIRED", "subjectId is required: your own identifier of the person."));
    } else if (subjectId.length() > 500) {
      errors.add(new FieldError("subjectId", "INVALID_FORMAT", "subjectId is 1 to 500 characters."));
    } else if (!dev.mandate.core.keys.ValueNormaliser.normalise("subject", subjectId).equals(subjectId)) {
      errors.add(new FieldError("subjectId", "NOT_NORMALISED",
          "subjectId must be in normal form: no spaces around it, Unicode NFKC (send it as your vault records have it)."));
    }
  }

  /** Errors of a choice the application states itself (source data-subject-form or customer-asserted). */
  void stated(ConsentSubmission s, ConsentSource source, Instant now, List<FieldError> errors) {
    if (s.tcString() != null) {
      errors.add(new FieldError("tcString", "NOT_APPLICABLE", "tcString goes with source tcf-string."));
    }
    purposes(s.purposes(), errors);
    ConsentChange change = s.change() == null ? null : ConsentChange.fromCode(s.change()).orElse(null);
    if (s.change() == null) {
      errors.add(new FieldError("change", "REQUIRED", "change is required: granted, refused, withdrawn or expired."));
    } else if (change == null) {
      errors.add(new FieldError("change", "UNKNOWN_CHANGE", "change must be granted, refused, withdrawn or expired."));
    }
    if (s.expressedAt() == null) {
      errors.add(new FieldError("expressedAt", "REQUIRED", "expressedAt is required: when the person made the choice."));
    } else if (s.expressedAt().isAfter(now)) {
      errors.add(new FieldError("expressedAt", "IN_FUTURE", "expressedAt is in the future (server time is " + now + "); a choice cannot be recorded before it is made."));
    }
    if (s.validUntil() != null && change != ConsentChange.GRANTED) {
      errors.add(new FieldError("validUntil", "NOT_APPLICABLE", "validUntil goes with change granted."));
    }
    if (change == ConsentChange.GRANTED && source == ConsentSource.DATA_SUBJECT_FORM && s.notice() == null) {
      errors.add(new FieldError("notice", "REQUIRED", "A grant needs the notice the person saw (version, textSha256, language; ISO/IEC TS 27560)."));
    }
    if (change == ConsentChange.GRANTED && s.conditionOfService() == null) {
      errors.add(new FieldError("conditionOfService", "REQUIRED", "Say whether the service was conditional on this consent"
          + " (PR-823-03): true or false. A grant that was a condition of the service is recorded but never counts."));
    }
  }

  void purposes(List<String> purposes, List<FieldError> errors) {
    if (purposes == null || purposes.isEmpty()) {
      errors.add(new FieldError("purposes", "REQUIRED", "purposes must name at least one purpose."));
      return;
    }
    if (purposes.size() > MAX_PURPOSES) {
      errors.add(new FieldError("purposes", "TOO_MANY", "At most " + MAX_PURPOSES + " purposes."));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < purposes.size(); i++) {
      String p = purposes.get(i);
      if (p == null || !(vocabulary.isKnown(PURPOSE, p) || CustomPurpose.isWellFormedId(p))) {
        String hint = p == null ? "" : vocabulary.suggest(PURPOSE, p).map(x -> " Did you mean " + x + "?").orElse("");
        errors.add(new FieldError("purposes[" + i + "]", "UNKNOWN_TERM", "'" + shorten(p) + "' is not a known purpose." + hint));
      } else if (!seen.add(p)) {
        errors.add(new FieldError("purposes[" + i + "]", "DUPLICATE", p + " is listed twice."));
      }
    }
  }

  static void notice(Notice n, List<FieldError> errors) {
    if (n.version() == null || n.version().isBlank() || n.version().length() > 100) {
      errors.add(new FieldError("notice.version", "INVALID_FORMAT", "notice.version is 1 to 100 characters."));
    }
    if (n.textSha256() == null || !SHA256_HEX.matcher(n.textSha256()).matches()) {
      errors.add(new FieldError("notice.textSha256", "INVALID_FORMAT", "notice.textSha256 is the SHA-256 of the notice text, 64 lower-case hex digits."));
    }
    if (n.language() == null || !LANGUAGE.matcher(n.language()).matches()) {
      errors.add(new FieldError("notice.language", "INVALID_FORMAT", "notice.language is a language tag such as en or pt-BR."));
    }
  }

  static void throwIfAny(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new InvalidInput(ErrorCode.INVALID_REQUEST, "The consent submission is invalid; nothing was recorded.", errors);
    }
  }

  /** Evidence as stored: values under PII-like keys replaced by {@code keyed(key, value)} under {@code <key>Hmac}. */
  static Map<String, String> safeEvidence(Map<String, String> evidence, java.util.function.BinaryOperator<String> keyed) {
    Map<String, String> safe = new TreeMap<>();
    if (evidence == null) {
      return safe;
    }
    evidence.forEach((k, v) -> {
      if (PII_EVIDENCE.matcher(k).matches()) {
        safe.put(k + "Hmac", keyed.apply(k, v));
      } else {
        safe.put(k, v);
      }
    });
    return safe;
  }



  private static String shorten(String s) {
    return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
