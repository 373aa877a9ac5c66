package dev.mandate.storage.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * {@link Sql#read} against a real PostgreSQL, on a pool of one connection so that every call
 * borrows the same connection and sees what the previous call left behind.
 */
class SqlIT {
  private static PostgresDatabase database;

  @BeforeAll
  static void open() {
    database = new PostgresDatabase(TestDatabases.freshConfig().withPoolSize(1), new String[0]);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void readRunsInAutocommitWithoutOpeningATransaction() {
    TransactionState afterSelect = Sql.read(database.dataSource(), "probe", c -> {
      assertTrue(c.getAutoCommit());
      selectOne(c);
      return state(c);
    });
    // in a transaction pgjdbc would have sent BEGIN with the SELECT, leaving the transaction OPEN
    assertEquals(TransactionState.IDLE, afterSelect);
  }

  @Test
  void transactionStillOpensOne() {
    TransactionState afterSelect = Sql.transaction(database.dataSource(), "probe", c -> {
      selectOne(c);
      return state(c);
    });
    assertEquals(TransactionState.OPEN, afterSelect);
  }

  @Test
  void eachStatementOfAReadIsItsOwnTransaction() {
    // why read is for one statement only: a second one would not share the first one's transaction
    boolean sameTransaction = Sql.read(database.dataSource(), "probe", c -> {
      long first = transactionId(c);
      return first == transactionId(c);
    });
    assertFalse(sameTransaction);
    boolean sameInTransaction = Sql.transaction(database.dataSource(), "probe", c -> {
      long first = transactionId(c);
      return first == transactionId(c);
    });
    assertTrue(sameInTransaction);
  }

  @Test
  void aConnectionComesBackInAutocommitAfterATransaction() {
    Sql.transaction(database.dataSource(), "probe", c -> {
      assertFalse(c.getAutoCommit());
      return selectOne(c);
    });
    // pool of one: the same connection; the pool has reset it, so read need not touch it
    TransactionState afterSelect = Sql.read(database.dataSource(), "probe", c -> {
      assertTrue(c.getAutoCommit());
      selectOne(c);
      return state(c);
    });
    assertEquals(TransactionState.IDLE, afterSelect);
  }

  @Test
  void aConnectionComesBackInAutocommitAfterAFailedTransaction() {
    assertThrows(IllegalStateException.class, () -> Sql.transaction(database.dataSource(), "probe", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 / 0")) {
        return ps.executeQuery();
      }
    }));
    int one = Sql.read(database.dataSource(), "probe", c -> {
      assertTrue(c.getAutoCommit());
      return selectOne(c);
    });
    assertEquals(1, one);
  }

  @Test
  void readFailuresNameTheOperationButNoValueAndNoDriverMessage() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Sql.read(database.dataSource(), "secret probe", c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS INTEGER)")) {
            ps.setString(1, "jane.doe@example.com");
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        }));
    // PostgreSQL's own message quotes the value: invalid input syntax for type integer: "jane..."
    assertEquals("secret probe failed (PSQLException, SQLSTATE 22P02)", e.getMessage());
    assertNull(e.getCause());
  }

  @Test
  void aFailedReadLeavesTheConnectionUsable() {
    assertThrows(IllegalStateException.class, () -> Sql.read(database.dataSource(), "probe", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 / 0")) {
        return ps.executeQuery();
      }
    }));
    // no aborted transaction is left behind ("current transaction is aborted")
    int one = Sql.read(database.dataSource(), "probe", SqlIT::selectOne);
    assertEquals(1, one);
  }

  @Test
  void readSwitchesOnAutocommitWhenAConnectionArrivesWithoutIt() {
    DataSource withoutAutocommit = new DelegatingDataSource(database.dataSource()) {
      @Override
      public Connection getConnection() throws SQLException {
        Connection c = super.getConnection();
        c.setAutoCommit(false);
        return c;
      }
    };
    TransactionState afterSelect = Sql.read(withoutAutocommit, "probe", c -> {
      assertTrue(c.getAutoCommit());
      selectOne(c);
      return state(c);
    });
    assertEquals(TransactionState.IDLE, afterSelect);
  }

  private static int selectOne(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Assigns a transaction id if the current transaction has none, and returns it. */
  private static long transactionId(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_current_xact_id()::text::bigint");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static TransactionState state(Connection c) throws SQLException {
    return c.unwrap(BaseConnection.class).getTransactionState();
  }
}
