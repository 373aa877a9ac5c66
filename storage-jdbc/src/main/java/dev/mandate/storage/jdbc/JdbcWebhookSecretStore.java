package dev.mandate.storage.jdbc;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.notice.WebhookSecretStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import javax.sql.DataSource;

/** Webhook secret generations in PostgreSQL (V7, {@code webhook_secrets}); a rotation is one upsert. */
public final class JdbcWebhookSecretStore implements WebhookSecretStore {
  private final DataSource dataSource;

  public JdbcWebhookSecretStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Generation current(CustomerId customer) {
    return Sql.read(dataSource, "webhook secret read", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT generation, rotated_at, previous_until FROM webhook_secrets WHERE customer_id = ?")) {
        ps.setString(1, customer.value());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Generation(rs.getInt(1), Sql.instant(rs, "rotated_at"), Sql.instant(rs, "previous_until"))
              : Generation.FIRST;
        }
      }
    });
  }

  @Override
  public Generation rotate(CustomerId customer, Instant at, Instant previousUntil) {
    return Sql.transaction(dataSource, "webhook secret rotation", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO webhook_secrets (customer_id, generation, rotated_at, previous_until) VALUES (?, 2, ?, ?)
          ON CONFLICT (customer_id) DO UPDATE
             SET generation = webhook_secrets.generation + 1, rotated_at = EXCLUDED.rotated_at,
                 previous_until = EXCLUDED.previous_until
          RETURNING generation, rotated_at, previous_until""")) {
        ps.setString(1, customer.value());
        ps.setObject(2, Sql.timestamp(at));
        ps.setObject(3, Sql.timestamp(previousUntil));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Generation(rs.getInt(1), Sql.instant(rs, "rotated_at"), Sql.instant(rs, "previous_until"));
        }
      }
    });
  }
}
