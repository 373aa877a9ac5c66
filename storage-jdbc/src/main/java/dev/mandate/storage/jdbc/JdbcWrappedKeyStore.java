package dev.mandate.storage.jdbc;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.KeyPurpose;
import dev.mandate.core.keys.WrappedKey;
import dev.mandate.core.keys.WrappedKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/** Wrapped data keys in PostgreSQL, one row per (customer, purpose, version). Never an unwrapped key. */
public final class JdbcWrappedKeyStore implements WrappedKeyStore {
  private static final String COLUMNS = "customer_id, purpose, version, master_key_version, wrapped, created_at";
  private static final String ORDER = " ORDER BY customer_id, purpose, version";

  private final DataSource dataSource;

  public JdbcWrappedKeyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<WrappedKey> keysOf(CustomerId customer) {
    return Sql.read(dataSource, "wrapped keys of customer", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM wrapped_keys WHERE customer_id = ?" + ORDER)) {
        ps.setString(1, customer.value());
        return keys(ps);
      }
    });
  }

  @Override
  public boolean insertIfAbsent(WrappedKey key) {
    return Sql.transaction(dataSource, "wrapped key insert", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO wrapped_keys (" + COLUMNS + ")"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, purpose, version) DO NOTHING")) {
        ps.setString(1, key.customer().value());
        ps.setString(2, key.purpose().name());
        ps.setInt(3, key.version());
        ps.setInt(4, key.masterKeyVersion());
        ps.setBytes(5, key.wrapped());
        ps.setObject(6, Sql.timestamp(key.createdAt()));
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<WrappedKey> wrappedUnder(int masterKeyVersion, int limit) {
    return Sql.read(dataSource, "wrapped keys under master key", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM wrapped_keys WHERE master_key_version = ?" + ORDER + " LIMIT ?")) {
        ps.setInt(1, masterKeyVersion);
        ps.setInt(2, limit);
        return keys(ps);
      }
    });
  }

  @Override
  public void replaceWrapping(WrappedKey rewrapped) {
    int updated = Sql.transaction(dataSource, "wrapped key rewrap", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE wrapped_keys SET master_key_version = ?, wrapped = ?
           WHERE customer_id = ? AND purpose = ? AND version = ?""")) {
        ps.setInt(1, rewrapped.masterKeyVersion());
        ps.setBytes(2, rewrapped.wrapped());
        ps.setString(3, rewrapped.customer().value());
        ps.setString(4, rewrapped.purpose().name());
        ps.setInt(5, rewrapped.version());
        return ps.executeUpdate();
      }
    });
    if (updated != 1) {
      throw new NoSuchElementException("no stored key " + rewrapped.purpose() + " v" + rewrapped.version()
          + " for customer " + rewrapped.customer().value());
    }
  }

  private static List<WrappedKey> keys(PreparedStatement ps) throws SQLException {
    List<WrappedKey> keys = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        keys.add(new WrappedKey(
            new CustomerId(rs.getString("customer_id")),
            KeyPurpose.valueOf(rs.getString("purpose")),
            rs.getInt("version"),
            rs.getInt("master_key_version"),
            rs.getBytes("wrapped"),
            Sql.instant(rs, "created_at")));
      }
    }
    return keys;
  }
}
