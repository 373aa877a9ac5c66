package dev.mandate.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Unavailable;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A database that is away is "try again" (503), not a bug (500); and no message carries a value. */
class SqlFailureTest {
  @ParameterizedTest(name = "SQLSTATE {0} -> unavailable: {1}")
  @CsvSource({
      "08006, true",  // connection failure
      "08001, true",  // cannot connect
      "53300, true",  // too many connections
      "57P01, true",  // admin shutdown
      "57014, true",  // statement timeout / cancelled
      "22P02, false", // bad text representation: a bug in the caller
      "23505, false", // unique violation: handled where it means something
      "MD010, false"  // the log's own compare-and-set
  })
  void transientStatesAreUnavailable(String state, boolean unavailable) {
    RuntimeException failure = Sql.failure("lookup", new SQLException("Key (email)=(jane@example.org) exists", state));

    if (unavailable) {
      assertThat(failure).isInstanceOf(Unavailable.class);
      assertThat(((Unavailable) failure).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
      assertThat(failure.getCause()).hasMessage("lookup failed (SQLException, SQLSTATE " + state + ")");
    } else {
      assertThat(failure).isInstanceOf(IllegalStateException.class)
          .hasMessage("lookup failed (SQLException, SQLSTATE " + state + ")");
    }
    assertThat(failure.toString()).doesNotContain("jane");
  }

  @ParameterizedTest(name = "pool timeout")
  @CsvSource("x")
  void aPoolTimeoutIsUnavailable(String ignored) {
    assertThat(Sql.failure("lookup", new SQLTransientConnectionException("pool exhausted"))).isInstanceOf(Unavailable.class);
  }
}
