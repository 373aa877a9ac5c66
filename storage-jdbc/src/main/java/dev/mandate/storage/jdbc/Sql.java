package dev.mandate.storage.jdbc;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Unavailable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What every adapter here shares: one pooled connection per call, and SQL failures turned into
 * {@link IllegalStateException}s whose message names the operation, the SQLSTATE and the
 * constraint, never a value. PostgreSQL puts the offending values into its messages ("Detail:
 * Key (...)=(...)"), so driver messages are not passed on, not even as a cause.
 *
 * <p>Two ways to run a call:
 *
 * <ul>
 *   <li>{@link #read}: for work that executes <b>exactly one statement</b>, typically one {@code
 *       SELECT} (however many tables it joins). It runs in autocommit, so PostgreSQL runs the
 *       statement in an implicit transaction of its own: one network round trip and no {@code
 *       BEGIN}/{@code COMMIT}. A single statement always reads one snapshot, so a join (a record
 *       and its fields) is as consistent as in an explicit transaction. Measured with pgbench on a
 *       primary-key lookup: 60 µs of PostgreSQL CPU in autocommit against 112 µs in {@code
 *       BEGIN; SELECT; COMMIT}, and pgjdbc sends the {@code COMMIT} as a second round trip (see
 *       docs/performance.md).
 *       <p>A single writing statement is atomic in autocommit too, so one self-contained write
 *       that needs nothing else (e.g. an idempotent {@code INSERT ... ON CONFLICT DO NOTHING})
 *       may run here as well. The stores' ordinary inserts, updates and deletes use {@link
 *       #transaction}, so that a second statement added later cannot silently commit on its own.
 *   <li>{@link #transaction}: for everything else, above all work of several statements that must
 *       succeed or fail together or hold locks between them, e.g. a count followed by an insert,
 *       or a {@code SELECT ... FOR UPDATE} followed by a delete. Under PostgreSQL's default READ
 *       COMMITTED level each statement takes a new snapshot even inside a transaction: what the
 *       transaction adds is atomicity and the locks it holds until it ends, not one snapshot for
 *       several reads.
 * </ul>
 *
 * <p>When in doubt, use {@link #transaction}: a second statement in {@link #read} would commit
 * on its own, and a failure between the two would leave the first one's effect behind.
 */
final class Sql {
  /** SQLSTATE unique_violation. */
  static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work}, which executes exactly one statement (typically a {@code SELECT}), in
   * autocommit: no {@code BEGIN} and no {@code COMMIT}, so a lookup costs one round trip. Failures are mapped like those
   * of {@link #transaction}. See the class comment for when to use which.
   *
   * <p>Pooled connections come back in autocommit (HikariCP's default, and the pool resets a
   * connection that {@link #transaction} switched off). Autocommit is only switched on when a
   * connection arrives without it: checking first leaves a pooled connection's state untouched,
   * so the pool has nothing to reset on return.
   */
  static <T> T read(DataSource dataSource, String operation, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.getAutoCommit()) {
        // only from a pool configured otherwise; a fresh borrow has no transaction to commit
        connection.setAutoCommit(true);
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Runs {@code work} in one transaction and commits it. To give up without changing anything,
   * the work calls {@code connection.rollback()} and returns; the commit that follows is empty.
   */
  static <T> T transaction(DataSource dataSource, String operation, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      }
      // no setAutoCommit(true) here: the pool resets it on return, and a broken connection
      // would otherwise replace the real failure with its own
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the pool discards it and the transaction is gone anyway
    }
  }

  /** A failure that says what failed and why in general terms, with no value and no driver message. */
  /**
   * The failure to throw for {@code e}: {@link Unavailable} (HTTP 503, "try again") when the
   * database is unreachable, shutting down, out of resources or timed out, since nothing is wrong
   * with the request; otherwise {@link IllegalStateException} (a bug or a broken invariant, 500).
   * Either way the message names the operation and the SQLSTATE, never a value.
   */
  static RuntimeException failure(String operation, SQLException e) {
    IllegalStateException failure = describedFailure(operation, e);
    if (transientFailure(e)) {
      return new Unavailable(ErrorCode.SERVICE_UNAVAILABLE,
          "The database is not available right now; nothing was changed. Try again shortly.", failure);
    }
    return failure;
  }

  /** Connection lost or refused (08), too many connections or out of memory/disk (53), shutdown or cancelled (57). */
  static boolean transientFailure(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientException || e instanceof SQLRecoverableException
        || e instanceof SQLNonTransientConnectionException
        || (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")));
  }

  private static IllegalStateException describedFailure(String operation, SQLException e) {
    StringBuilder message = new StringBuilder(operation).append(" failed");
    String state = e.getSQLState();
    message.append(" (").append(e.getClass().getSimpleName());
    if (state != null) {
      message.append(", SQLSTATE ").append(state);
    }
    String constraint = constraint(e);
    if (constraint != null) {
      message.append(", constraint ").append(constraint);
    }
    message.append(')');
    IllegalStateException failure = new IllegalStateException(message.toString());
    failure.setStackTrace(e.getStackTrace());
    return failure;
  }

  /** The name of the violated constraint or index, if the server named one (names are schema, not data). */
  static String constraint(SQLException e) {
    if (e instanceof PSQLException p) {
      ServerErrorMessage server = p.getServerErrorMessage();
      if (server != null) {
        return server.getConstraint();
      }
    }
    return null;
  }

  static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  /**
   * PostgreSQL keeps microseconds; instants are cut to microseconds before they are written so
   * that what is read back is exactly what was written (PostgreSQL itself would round).
   */
  static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, java.sql.Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }
}
