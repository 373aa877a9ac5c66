package dev.mandate.core.report;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The period a record covers: [{@code from}, {@code to}), at most {@link #MAX_DAYS} days. As text,
 * each end is an ISO 8601 instant ({@code 2026-01-01T00:00:00Z}) or a date ({@code 2026-01-01},
 * meaning 00:00 UTC that day), so a calendar year is {@code from=2026-01-01&to=2027-01-01}.
 * Problems are {@link InvalidInput} with one {@link FieldError} per problem, with these stable
 * codes: {@code REQUIRED}, {@code INVALID_FORMAT}, {@code OUT_OF_RANGE}, {@code NOT_AFTER_FROM},
 * {@code PERIOD_TOO_LONG}.
 */
record RecordPeriod(Instant from, Instant to) {
  /** A year, with room for a leap day. */
  static final int MAX_DAYS = 366;
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** Parses both ends; reports every problem at once. */
  static RecordPeriod parse(String from, String to) {
    List<FieldError> errors = new ArrayList<>();
    Instant f = instant("from", from, errors);
    Instant t = instant("to", to, errors);
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return of(f, t);
  }

  /** Checks a period given as instants. */
  static RecordPeriod of(Instant from, Instant to) {
    List<FieldError> errors = new ArrayList<>();
    range("from", from, errors);
    range("to", to, errors);
    if (errors.isEmpty()) {
      if (!to.isAfter(from)) {
        errors.add(new FieldError("to", "NOT_AFTER_FROM", "to must be later than from (the period is [from, to))."));
      } else if (Duration.between(from, to).compareTo(Duration.ofDays(MAX_DAYS)) > 0) {
        errors.add(new FieldError("to", "PERIOD_TOO_LONG",
            "The period is at most " + MAX_DAYS + " days; ask for one record per year."));
      }
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return new RecordPeriod(from, to);
  }

  private static Instant instant(String field, String text, List<FieldError> errors) {
    if (text == null || text.isBlank()) {
      errors.add(new FieldError(field, "REQUIRED",
          field + " is required: an ISO 8601 date (2026-01-01) or instant (2026-01-01T00:00:00Z)."));
      return null;
    }
    String s = text.strip();
    try {
      if (s.length() <= 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(s);
    } catch (DateTimeException e) {
      errors.add(new FieldError(field, "INVALID_FORMAT",
          field + " must be an ISO 8601 date (2026-01-01) or instant with an offset (2026-01-01T00:00:00Z)."));
      return null;
    }
  }

  private static void range(String field, Instant value, List<FieldError> errors) {
    if (value == null) {
      errors.add(new FieldError(field, "REQUIRED", field + " is required."));
    } else if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
      errors.add(new FieldError(field, "OUT_OF_RANGE", field + " must be between 1970-01-01 and 9999-12-31."));
    }
  }

  private static InvalidInput invalid(List<FieldError> errors) {
    return new InvalidInput(ErrorCode.INVALID_REQUEST, errors.size() == 1
        ? errors.getFirst().message()
        : "The period is invalid (" + errors.size() + " problems).", errors);
  }
}
