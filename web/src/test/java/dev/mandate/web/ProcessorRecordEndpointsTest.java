package dev.mandate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.web.ProcessorRecordEndpoints.Format;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which representation of the record of processing activities a request gets (PR-826-01). */
class ProcessorRecordEndpointsTest {

  @ParameterizedTest(name = "format={0}, Accept: {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // the parameter wins over Accept
      "csv  | application/json            | CSV",
      "html | text/csv                    | HTML",
      "json | text/html                   | JSON",
      // no parameter, no Accept: JSON
      "-    | -                           | JSON",
      "-    | ''                          | JSON",
      "-    | */*                         | JSON",
      "-    | application/json            | JSON",
      "-    | text/csv                    | CSV",
      "-    | TEXT/CSV; charset=utf-8     | CSV",
      // what a browser sends
      "-    | text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | HTML",
      "-    | text/*                      | HTML",
      "-    | text/*, text/csv;q=0.9      | HTML",
      "-    | text/*;q=0.5, text/csv      | CSV",
      "-    | application/json;q=0.2, text/csv;q=0.4 | CSV",
      "-    | */*;q=0.1, text/html;q=0     | JSON",
      // q=0 on the specific range excludes it even if a wildcard allows it
      "-    | text/*, text/html;q=0       | CSV",
      // malformed ranges are skipped
      "-    | nonsense, text/csv          | CSV",
      "-    | text/csv;q=2, text/html     | HTML",
  })
  void negotiates(String format, String accept, Format expected) {
    List<String> headers = accept == null ? List.of() : List.of(accept);
    assertThat(ProcessorRecordEndpoints.format(Optional.ofNullable(format), headers)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Accept: {0} -> 406")
  @CsvSource(delimiter = '|', value = {"application/pdf", "application/problem+json", "text/plain",
      "application/json;q=0, text/*;q=0"})
  void notAcceptable(String accept) {
    assertThatThrownBy(() -> ProcessorRecordEndpoints.format(Optional.empty(), List.of(accept)))
        .isInstanceOfSatisfying(HttpProblem.class, p -> {
          assertThat(p.status()).isEqualTo(406);
          assertThat(p.code()).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
        });
  }

  @ParameterizedTest(name = "format={0} -> 400")
  @CsvSource({"pdf", "JSON", "''"})
  void unknownFormat(String format) {
    assertThatThrownBy(() -> ProcessorRecordEndpoints.format(Optional.of(format), List.of()))
        .isInstanceOfSatisfying(HttpProblem.class, p -> {
          assertThat(p.status()).isEqualTo(400);
          assertThat(p.errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("UNKNOWN_FORMAT"));
        });
  }
}
