package dev.mandate.storage.jdbc;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.notice.NoticeOutbox;
import dev.mandate.core.notice.OutgoingNotice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * The notice outbox in PostgreSQL (V5, {@code notice_outbox}). Senders on several nodes claim
 * due rows with {@code SELECT ... FOR UPDATE SKIP LOCKED} inside one {@code UPDATE}: a row locked
 * by one claim is skipped by the others, and the claim moves its due time to the end of the
 * lease and counts the attempt in the same statement, so a sender that dies leaves its rows to be
 * claimed again once the lease ends, one attempt closer to being given up. State
 * changes touch only {@code PENDING} rows: a finished notice stays finished.
 */
public final class JdbcNoticeOutbox implements NoticeOutbox {
  private static final String COLUMNS = "id, customer_id, topic, reference, channel, address, subject_line, text_body,"
      + " json_payload, created_at, attempts, next_attempt_at, state, last_error, delivered_at";
  /** The order claimed notices are returned in, as {@code RETURNING} has none. */
  private static final Comparator<OutgoingNotice> CREATED = Comparator.comparing(OutgoingNotice::createdAt)
      .thenComparing(OutgoingNotice::id);

  private final DataSource dataSource;

  public JdbcNoticeOutbox(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void enqueue(List<OutgoingNotice> notices) {
    if (notices.isEmpty()) {
      return;
    }
    Sql.transaction(dataSource, "notice enqueue", c -> {
      insert(c, notices);
      return null;
    });
  }

  /**
   * Writes notices on the caller's connection, inside its transaction: stores that report a change
   * (an instruction held, a breach) write the notices with the change, so both commit or neither.
   */
  static void insert(Connection c, List<OutgoingNotice> notices) throws SQLException {
    if (notices.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO notice_outbox (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (OutgoingNotice n : notices) {
        ps.setString(1, n.id());
        ps.setString(2, n.customer().value());
        ps.setString(3, n.topic());
        ps.setString(4, n.reference());
        ps.setString(5, n.channel().name());
        ps.setString(6, n.address());
        ps.setString(7, n.subjectLine());
        ps.setString(8, n.textBody());
        ps.setString(9, n.jsonPayload());
        ps.setObject(10, Sql.timestamp(n.createdAt()));
        ps.setInt(11, n.attempts());
        ps.setObject(12, Sql.timestamp(n.nextAttemptAt()));
        ps.setString(13, n.state().name());
        ps.setString(14, n.lastError());
        ps.setObject(15, Sql.timestamp(n.deliveredAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (java.sql.BatchUpdateException e) {
      // the server's own error (with the constraint's name) is the next one in the chain
      throw e.getNextException() != null ? e.getNextException() : e;
    }
  }

  @Override
  public List<OutgoingNotice> claimDue(Instant now, int limit, Instant leaseUntil) {
    List<OutgoingNotice> claimed = Sql.transaction(dataSource, "notice claim", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE notice_outbox SET next_attempt_at = ?, attempts = attempts + 1
           WHERE id IN (SELECT id FROM notice_outbox
                         WHERE state = 'PENDING' AND next_attempt_at <= ?
                         ORDER BY next_attempt_at, created_at, id
                         LIMIT ? FOR UPDATE SKIP LOCKED)
          RETURNING """ + " " + COLUMNS)) {
        ps.setObject(1, Sql.timestamp(leaseUntil));
        ps.setObject(2, Sql.timestamp(now));
        ps.setInt(3, limit);
        return notices(ps);
      }
    });
    return claimed.stream().sorted(CREATED).toList();
  }

  @Override
  public void delivered(String id, Instant at, int attempts) {
    change("notice delivered", "state = 'DELIVERED', attempts = ?, next_attempt_at = ?, delivered_at = ?", id,
        ps -> {
          ps.setInt(1, attempts);
          ps.setObject(2, Sql.timestamp(at));
          ps.setObject(3, Sql.timestamp(at));
          return 4;
        });
  }

  @Override
  public void failed(String id, int attempts, String error, Instant nextAttemptAt) {
    change("notice failed", "attempts = ?, last_error = ?, next_attempt_at = ?", id, ps -> {
      ps.setInt(1, attempts);
      ps.setString(2, error);
      ps.setObject(3, Sql.timestamp(nextAttemptAt));
      return 4;
    });
  }

  @Override
  public void gaveUp(String id, int attempts, String error, Instant at) {
    change("notice gave up", "state = 'GAVE_UP', attempts = ?, last_error = ?, next_attempt_at = ?", id, ps -> {
      ps.setInt(1, attempts);
      ps.setString(2, error);
      ps.setObject(3, Sql.timestamp(at));
      return 4;
    });
  }

  @Override
  public List<OutgoingNotice> byReference(CustomerId customer, String reference) {
    return Sql.read(dataSource, "notices by reference", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notice_outbox"
          + " WHERE customer_id = ? AND reference = ? ORDER BY created_at, id")) {
        ps.setString(1, customer.value());
        ps.setString(2, reference);
        return notices(ps);
      }
    });
  }

  @Override
  public List<OutgoingNotice> recent(CustomerId customer, int limit) {
    return Sql.read(dataSource, "recent notices", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM notice_outbox"
          + " WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?")) {
        ps.setString(1, customer.value());
        ps.setInt(2, limit);
        return notices(ps);
      }
    });
  }

  @FunctionalInterface
  private interface Binder {
    /** Binds the SET parameters and returns the index of the id parameter. */
    int bind(PreparedStatement ps) throws SQLException;
  }

  /** One update of a pending row; a finished or unknown row is left alone. */
  private void change(String operation, String set, String id, Binder binder) {
    Sql.transaction(dataSource, operation, (Connection c) -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE notice_outbox SET " + set + " WHERE id = ? AND state = 'PENDING'")) {
        ps.setString(binder.bind(ps), id);
        return ps.executeUpdate();
      }
    });
  }

  private static List<OutgoingNotice> notices(PreparedStatement ps) throws SQLException {
    List<OutgoingNotice> notices = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        notices.add(notice(rs));
      }
    }
    return notices;
  }

  private static OutgoingNotice notice(ResultSet rs) throws SQLException {
    return new OutgoingNotice(
        rs.getString("id"),
        new CustomerId(rs.getString("customer_id")),
        rs.getString("topic"),
        rs.getString("reference"),
        NotificationEndpoint.Kind.valueOf(rs.getString("channel")),
        rs.getString("address"),
        rs.getString("subject_line"),
        rs.getString("text_body"),
        rs.getString("json_payload"),
        Sql.instant(rs, "created_at"),
        rs.getInt("attempts"),
        Sql.instant(rs, "next_attempt_at"),
        OutgoingNotice.State.valueOf(rs.getString("state")),
        rs.getString("last_error"),
        Sql.instant(rs, "delivered_at"));
  }
}
