package dev.mandate.core.vault;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.vault.VaultService.NewField;
import dev.mandate.core.vault.VaultService.NewRecord;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks vault input before anything is decided or stored; errors name fields, never values. */
public final class VaultInput {
  static final Pattern FIELD_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,63}");
  static final int MAX_FIELDS = 100;
  static final int MAX_VALUE_CHARS = 65_536;

  private final Vocabulary vocabulary;

  public VaultInput(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  void checkNew(NewRecord r) {
    List<FieldError> errors = new ArrayList<>();
    if (r.subjectId() == null || r.subjectId().isEmpty() || r.subjectId().length() > 500) {
      errors.add(new FieldError("subjectId", "REQUIRED", "subjectId (your reference for the person) is 1 to 500 characters."));
    }
    term(errors, "dataSubjectCategory", r.dataSubjectCategory(), DATA_SUBJECT);
    purpose(errors, "purpose", r.purpose());
    fields(errors, r.fields(), true);
    fail(errors, "The vault record is invalid.");
  }

  void checkChanges(String purpose, Map<String, NewField> changes) {
    List<FieldError> errors = new ArrayList<>();
    purpose(errors, "purpose", purpose);
    fields(errors, changes, false);
    fail(errors, "The vault change is invalid.");
  }

  void checkPurpose(String purpose) {
    List<FieldError> errors = new ArrayList<>();
    purpose(errors, "purpose", purpose);
    fail(errors, "The purpose is invalid.");
  }

  void checkSearch(String purpose, String field, String category, String value, String subjectCategory) {
    List<FieldError> errors = new ArrayList<>();
    purpose(errors, "purpose", purpose);
    if (field == null || !FIELD_NAME.matcher(field).matches()) {
      errors.add(new FieldError("field", "INVALID_FORMAT", "field is a field name such as email."));
    }
    term(errors, "category", category, PERSONAL_DATA);
    term(errors, "dataSubjectCategory", subjectCategory, DATA_SUBJECT);
    if (value == null || value.isEmpty() || value.length() > MAX_VALUE_CHARS) {
      errors.add(new FieldError("value", "REQUIRED", "value is 1 to " + MAX_VALUE_CHARS + " characters."));
    }
    fail(errors, "The search is invalid.");
  }

  private void fields(List<FieldError> errors, Map<String, NewField> fields, boolean needsPurposeOk) {
    if (fields == null || fields.isEmpty()) {
      errors.add(new FieldError("fields", "REQUIRED", "fields must hold at least one field."));
      return;
    }
    if (fields.size() > MAX_FIELDS) {
      errors.add(new FieldError("fields", "TOO_MANY", "At most " + MAX_FIELDS + " fields."));
      return;
    }
    fields.forEach((name, f) -> {
      String path = "fields." + name;
      if (!FIELD_NAME.matcher(name).matches()) {
        errors.add(new FieldError("fields", "INVALID_FIELD_NAME",
            "Field names are letters, digits and '_', starting with a letter, at most 64 characters."));
        return;
      }
      if (f == null) {
        errors.add(new FieldError(path, "REQUIRED", path + " needs a category and a value."));
        return;
      }
      term(errors, path + ".category", f.category(), PERSONAL_DATA);
      if (f.value() == null) {
        errors.add(new FieldError(path + ".value", "REQUIRED", path + ".value is required (a string)."));
      } else if (f.value().length() > MAX_VALUE_CHARS) {
        errors.add(new FieldError(path + ".value", "TOO_LONG", path + ".value is at most " + MAX_VALUE_CHARS + " characters."));
      }
      if (f.purpose() != null) {
        if (!needsPurposeOk) {
          errors.add(new FieldError(path + ".purpose", "NOT_APPLICABLE", "A change names one purpose for the whole request."));
        } else {
          purpose(errors, path + ".purpose", f.purpose());
        }
      }
    });
  }

  private void purpose(List<FieldError> errors, String field, String purpose) {
    if (purpose == null) {
      errors.add(new FieldError(field, "REQUIRED", field + " is required: every vault access names a purpose."));
    } else if (!vocabulary.isKnown(PURPOSE, purpose) && !CustomPurpose.isWellFormedId(purpose)) {
      errors.add(unknown(field, purpose, PURPOSE));
    }
  }

  private void term(List<FieldError> errors, String field, String value, TermKind kind) {
    if (value == null) {
      errors.add(new FieldError(field, "REQUIRED", field + " is required."));
    } else if (!vocabulary.isKnown(kind, value)) {
      errors.add(unknown(field, value, kind));
    }
  }

  private FieldError unknown(String field, String value, TermKind kind) {
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    String hint = vocabulary.suggest(kind, value).map(s -> " Did you mean " + s + "?").orElse("");
    return new FieldError(field, "UNKNOWN_TERM", "'" + shown + "' is not a known term." + hint);
  }

  private static void fail(List<FieldError> errors, String message) {
    if (!errors.isEmpty()) {
      throw new InvalidInput(ErrorCode.INVALID_REQUEST, message, errors);
    }
  }
}
