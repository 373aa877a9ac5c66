package dev.mandate.storage.jdbc;

import dev.mandate.core.idempotency.IdempotencyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Idempotency keys in PostgreSQL, one row per (principal, key); the primary key arbitrates races. */
public final class JdbcIdempotencyStore implements IdempotencyStore {
  private final DataSource dataSource;

  public JdbcIdempotencyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Optional<Entry> reserve(String principal, String key, String fingerprint, Instant now) {
    // A reservation released between our conflicting insert and our select is simply retried.
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Optional<Entry>> outcome = Sql.transaction(dataSource, "idempotency reserve", c -> {
        try (PreparedStatement ps = c.prepareStatement("""
            INSERT INTO idempotency_keys (principal, key, fingerprint, status, created_at)
            VALUES (?, ?, ?, 0, ?)
            ON CONFLICT (principal, key) DO NOTHING""")) {
          ps.setString(1, principal);
          ps.setString(2, key);
          ps.setString(3, fingerprint);
          ps.setObject(4, Sql.timestamp(now));
          if (ps.executeUpdate() == 1) {
            return Optional.of(Optional.<Entry>empty());
          }
        }
        try (PreparedStatement ps = c.prepareStatement("""
            SELECT fingerprint, status, content_type, body, created_at
              FROM idempotency_keys WHERE principal = ? AND key = ?""")) {
          ps.setString(1, principal);
          ps.setString(2, key);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              return Optional.<Optional<Entry>>empty();
            }
            return Optional.of(Optional.of(new Entry(rs.getString("fingerprint"), rs.getInt("status"),
                rs.getString("content_type"), rs.getBytes("body"), Sql.instant(rs, "created_at"))));
          }
        }
      });
      if (outcome.isPresent()) {
        return outcome.get();
      }
    }
    throw new IllegalStateException("idempotency reserve failed: the key kept changing");
  }

  @Override
  public void complete(String principal, String key, int status, String contentType, byte[] body) {
    Sql.transaction(dataSource, "idempotency complete", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE idempotency_keys SET status = ?, content_type = ?, body = ?
           WHERE principal = ? AND key = ?""")) {
        ps.setInt(1, status);
        ps.setString(2, contentType);
        ps.setBytes(3, body);
        ps.setString(4, principal);
        ps.setString(5, key);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void release(String principal, String key) {
    Sql.transaction(dataSource, "idempotency release", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM idempotency_keys WHERE principal = ? AND key = ?")) {
        ps.setString(1, principal);
        ps.setString(2, key);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int expire(Instant before) {
    return Sql.transaction(dataSource, "idempotency expire", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
        ps.setObject(1, Sql.timestamp(before));
        return ps.executeUpdate();
      }
    });
  }
}
