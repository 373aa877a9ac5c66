package dev.mandate.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The period of a record of processing (PR-826-01): what is accepted, and the stable codes of what is not. */
class RecordPeriodTest {

  @ParameterizedTest(name = "[{0}, {1}) is [{2}, {3})")
  @CsvSource({
      // a calendar year, as dates (00:00 UTC)
      "2026-01-01, 2027-01-01, 2026-01-01T00:00:00Z, 2027-01-01T00:00:00Z",
      // a leap year is 366 days: the longest period
      "2028-01-01, 2029-01-01, 2028-01-01T00:00:00Z, 2029-01-01T00:00:00Z",
      // instants, with an offset
      "2026-03-01T10:15:30Z, 2026-03-02T00:00:00+02:00, 2026-03-01T10:15:30Z, 2026-03-01T22:00:00Z",
      // fractions of a second
      "2026-03-01T00:00:00.5Z, 2026-03-01T00:00:01Z, 2026-03-01T00:00:00.5Z, 2026-03-01T00:00:01Z",
      // surrounding blanks are ignored
      "' 2026-01-01 ', 2026-02-01, 2026-01-01T00:00:00Z, 2026-02-01T00:00:00Z",
  })
  void accepts(String from, String to, Instant expectedFrom, Instant expectedTo) {
    RecordPeriod p = RecordPeriod.parse(from, to);
    assertThat(p.from()).isEqualTo(expectedFrom);
    assertThat(p.to()).isEqualTo(expectedTo);
  }

  @ParameterizedTest(name = "from={0} to={1}: {2} {3}")
  @CsvSource(nullValues = "null", value = {
      "null, 2026-01-01, from, REQUIRED",
      "2026-01-01, null, to, REQUIRED",
      "'', 2026-01-01, from, REQUIRED",
      "yesterday, 2026-01-01, from, INVALID_FORMAT",
      "2026-13-01, 2027-01-01, from, INVALID_FORMAT",
      "2026-01-01, 2026-02-30, to, INVALID_FORMAT",
      // a local time without offset is ambiguous
      "2026-01-01T00:00:00, 2026-02-01, from, INVALID_FORMAT",
      "1969-12-31, 1970-01-02, from, OUT_OF_RANGE",
      "9999-12-31, +10000-01-01T00:00:00Z, to, OUT_OF_RANGE",
      "2026-01-01, 2026-01-01, to, NOT_AFTER_FROM",
      "2026-02-01, 2026-01-01, to, NOT_AFTER_FROM",
      "2026-01-01T00:00:00Z, 2027-01-02T00:00:00.001Z, to, PERIOD_TOO_LONG",
      "2026-01-01, 2028-01-01, to, PERIOD_TOO_LONG",
  })
  void rejectsWithAStableCode(String from, String to, String field, String code) {
    assertThatThrownBy(() -> RecordPeriod.parse(from, to))
        .isInstanceOfSatisfying(InvalidInput.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
          assertThat(e.errors()).extracting(FieldError::field, FieldError::code)
              .containsExactly(org.assertj.core.groups.Tuple.tuple(field, code));
        });
  }

  @org.junit.jupiter.api.Test
  void messagesNeverEchoTheInput() {
    assertThatThrownBy(() -> RecordPeriod.parse("Jamie Rivera", "jamie@acme.example"))
        .isInstanceOfSatisfying(InvalidInput.class, e -> {
          assertThat(e.getMessage()).doesNotContain("Jamie").doesNotContain("jamie");
          assertThat(e.errors()).allSatisfy(f -> assertThat(f.message()).doesNotContain("Jamie").doesNotContain("jamie"));
        });
  }

  @org.junit.jupiter.api.Test
  void reportsBothEndsAtOnce() {
    assertThatThrownBy(() -> RecordPeriod.parse(null, "soon"))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors())
            .extracting(FieldError::field, FieldError::code)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("from", "REQUIRED"),
                org.assertj.core.groups.Tuple.tuple("to", "INVALID_FORMAT")));
  }
}
