package dev.mandate.core.consent;

import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.vocabulary.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
  /** Evidence values that would be PII are kept only as their SHA-256 (no PII in the ledger). */
  static final Set<String> HASHED_EVIDENCE = Set.of("ip", "ipaddress", "useragent", "email", "emailaddress", "phone",
      "name", "address", "deviceid", "cookie");
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
    if (s.subjectId() == null || s.subjectId().isEmpty()) {
      errors.add(new FieldError("subjectId", "REQUIRED", "subjectId is required: your own identifier of the person."));
    } else if (s.subjectId().length() > 500) {
      errors.add(new FieldError("subjectId", "INVALID_FORMAT", "subjectId is 1 to 500 characters."));
    }
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
    }
    return errors;
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

  private static void notice(Notice n, List<FieldError> errors) {
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

  /** Evidence as stored: PII-like values replaced by their SHA-256 under the key {@code <key>Sha256}. */
  static Map<String, String> safeEvidence(Map<String, String> evidence) {
    Map<String, String> safe = new TreeMap<>();
    if (evidence == null) {
      return safe;
    }
    evidence.forEach((k, v) -> {
      if (HASHED_EVIDENCE.contains(k.toLowerCase(Locale.ROOT))) {
        safe.put(k + "Sha256", sha256(v));
      } else {
        safe.put(k, v);
      }
    });
    return safe;
  }

  static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shorten(String s) {
    return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
