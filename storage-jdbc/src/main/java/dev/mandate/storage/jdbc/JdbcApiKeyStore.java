package dev.mandate.storage.jdbc;

import dev.mandate.core.access.ApiKey;
import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.ApiKeyStore;
import dev.mandate.core.access.Role;
import dev.mandate.core.customer.CustomerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** API keys in PostgreSQL; only the SHA-256 of each secret is stored (BYTEA). */
public final class JdbcApiKeyStore implements ApiKeyStore {
  /**
   * Advisory lock key serialising the first-start check across processes ("MNDT" + 1). Any
   * process that creates the first key takes it, so two starting instances cannot both see an
   * empty table and both create an admin key.
   */
  static final long FIRST_KEY_LOCK = 0x4D4E_4454_0000_0001L;
  private static final String COLUMNS =
      "id, label, role, customers, purposes, secret_hash, created_at, created_by, revoked_at";

  private final DataSource dataSource;

  public JdbcApiKeyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void insert(ApiKey key) {
    Sql.transaction(dataSource, "api key insert", c -> {
      lock(c, "SELECT pg_advisory_xact_lock_shared(?)");
      return insert(c, key);
    });
  }

  @Override
  public boolean insertIfNoneExist(ApiKey key) {
    return Sql.transaction(dataSource, "api key first insert", c -> {
      lock(c, "SELECT pg_advisory_xact_lock(?)");
      try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM api_keys");
          ResultSet rs = count.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > 0) {
          return false;
        }
      }
      insert(c, key);
      return true;
    });
  }

  /** Plain inserts share the lock, so none can slip in between the first-start count and its insert. */
  private static void lock(Connection c, String sql) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement(sql)) {
      lock.setLong(1, FIRST_KEY_LOCK);
      lock.execute();
    }
  }

  private static Void insert(Connection c, ApiKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_keys (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, key.id().value());
      ps.setString(2, key.label());
      ps.setString(3, key.role().code());
      ps.setArray(4, c.createArrayOf("text", key.customers().stream().map(CustomerId::value).sorted().toArray()));
      ps.setArray(5, c.createArrayOf("text", key.purposes().stream().sorted().toArray()));
      ps.setBytes(6, key.secretHash());
      ps.setObject(7, Sql.timestamp(key.createdAt()));
      ps.setString(8, key.createdBy());
      ps.setObject(9, Sql.timestamp(key.revokedAt()));
      ps.executeUpdate();
      return null;
    }
  }

  @Override
  public Optional<ApiKey> find(ApiKeyId id) {
    return Sql.read(dataSource, "api key find", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?")) {
        ps.setString(1, id.value());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(key(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<ApiKey> list() {
    return Sql.read(dataSource, "api key list", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id");
          ResultSet rs = ps.executeQuery()) {
        List<ApiKey> keys = new ArrayList<>();
        while (rs.next()) {
          keys.add(key(rs));
        }
        return keys;
      }
    });
  }

  @Override
  public boolean revoke(ApiKeyId id, Instant at) {
    return Sql.transaction(dataSource, "api key revoke", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
        ps.setObject(1, Sql.timestamp(at));
        ps.setString(2, id.value());
        return ps.executeUpdate() == 1;
      }
    });
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    Set<CustomerId> customers = new HashSet<>();
    for (String c : (String[]) rs.getArray("customers").getArray()) {
      customers.add(new CustomerId(c));
    }
    Role role = Role.fromCode(rs.getString("role"))
        .orElseThrow(() -> new IllegalStateException("api_keys.role holds an unknown role"));
    return new ApiKey(
        new ApiKeyId(rs.getString("id")),
        rs.getString("label"),
        role,
        customers,
        Set.of((String[]) rs.getArray("purposes").getArray()),
        rs.getBytes("secret_hash"),
        Sql.instant(rs, "created_at"),
        rs.getString("created_by"),
        Sql.instant(rs, "revoked_at"));
  }
}
