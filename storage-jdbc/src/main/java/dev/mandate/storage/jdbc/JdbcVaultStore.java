package dev.mandate.storage.jdbc;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.vault.ExpiredField;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.StoredField;
import dev.mandate.core.vault.VaultRecord;
import dev.mandate.core.vault.VaultStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Vault records in PostgreSQL: {@code vault_records} holds the subject's sealed identifier and
 * its blind index, {@code vault_fields} one sealed value and blind index per field. No column
 * holds a value in plaintext. {@link #replace} is optimistic on {@code updated_at}.
 */
public final class JdbcVaultStore implements VaultStore {
  /** The columns of {@code vault_records r} that {@link RecordRows} reads. */
  static final String RECORD_COLUMNS = "r.id, r.subject_index, r.subject_key_version, r.subject_ciphertext,"
      + " r.data_subject_category, r.created_at, r.updated_at";

  /** The columns of {@code vault_fields f} (left-joined: null when the record has no field) that {@link RecordRows} reads. */
  static final String FIELD_COLUMNS = "f.name, f.category, f.purpose, f.collected_at, f.expires_at, f.key_version,"
      + " f.ciphertext, f.blind_index";

  private static final String FIND = """
      SELECT %s,
             %s
        FROM vault_records r LEFT JOIN vault_fields f ON f.record_id = r.id
       WHERE r.id = ? AND r.customer_id = ?
       ORDER BY f.position""".formatted(RECORD_COLUMNS, FIELD_COLUMNS);

  private final DataSource dataSource;

  public JdbcVaultStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void insert(VaultRecord record) {
    Sql.transaction(dataSource, "vault record insert", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO vault_records (id, customer_id, subject_index, subject_key_version, subject_ciphertext,
                                     data_subject_category, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
        ps.setObject(1, record.id().value());
        ps.setString(2, record.customer().value());
        ps.setBytes(3, record.subjectIndex());
        ps.setInt(4, record.subject().keyVersion());
        ps.setBytes(5, record.subject().ciphertext());
        ps.setString(6, record.dataSubjectCategory());
        ps.setObject(7, Sql.timestamp(record.createdAt()));
        ps.setObject(8, Sql.timestamp(record.updatedAt()));
        ps.executeUpdate();
      }
      insertFields(c, record);
      return null;
    });
  }

  @Override
  public Optional<VaultRecord> find(CustomerId customer, RecordId id) {
    // One statement, so the record and its fields come from one snapshot even under a concurrent replace,
    // without an explicit transaction (which would add BEGIN/COMMIT and a round trip).
    return Sql.read(dataSource, "vault record find", c -> {
      try (PreparedStatement ps = c.prepareStatement(FIND)) {
        ps.setObject(1, id.value());
        ps.setString(2, customer.value());
        try (ResultSet rs = ps.executeQuery()) {
          RecordRows rows = new RecordRows(rs, customer);
          return rows.hasNext() ? Optional.of(rows.next()) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean replace(VaultRecord record, Instant expectedUpdatedAt) {
    return Sql.transaction(dataSource, "vault record replace", c -> {
      // The row lock taken here also holds off a concurrent replace or purge until we commit.
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE vault_records
             SET subject_index = ?, subject_key_version = ?, subject_ciphertext = ?, data_subject_category = ?,
                 updated_at = ?
           WHERE id = ? AND customer_id = ? AND updated_at = ?""")) {
        ps.setBytes(1, record.subjectIndex());
        ps.setInt(2, record.subject().keyVersion());
        ps.setBytes(3, record.subject().ciphertext());
        ps.setString(4, record.dataSubjectCategory());
        ps.setObject(5, Sql.timestamp(record.updatedAt()));
        ps.setObject(6, record.id().value());
        ps.setString(7, record.customer().value());
        ps.setObject(8, Sql.timestamp(expectedUpdatedAt));
        if (ps.executeUpdate() != 1) {
          return false;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM vault_fields WHERE record_id = ?")) {
        ps.setObject(1, record.id().value());
        ps.executeUpdate();
      }
      insertFields(c, record);
      return true;
    });
  }

  @Override
  public boolean delete(CustomerId customer, RecordId id) {
    return Sql.transaction(dataSource, "vault record delete", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM vault_records WHERE id = ? AND customer_id = ?")) {
        ps.setObject(1, id.value());
        ps.setString(2, customer.value());
        return ps.executeUpdate() == 1; // fields go with it (ON DELETE CASCADE)
      }
    });
  }

  @Override
  public List<RecordId> findByField(CustomerId customer, String field, byte[] blindIndex, int limit) {
    return Sql.read(dataSource, "vault find by field", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT record_id FROM vault_fields
           WHERE customer_id = ? AND name = ? AND blind_index = ?
           ORDER BY record_id LIMIT ?""")) {
        ps.setString(1, customer.value());
        ps.setString(2, field);
        ps.setBytes(3, blindIndex);
        ps.setInt(4, limit);
        return ids(ps);
      }
    });
  }

  @Override
  public List<RecordId> findBySubject(CustomerId customer, byte[] subjectIndex, int limit) {
    return Sql.read(dataSource, "vault find by subject", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT id FROM vault_records WHERE customer_id = ? AND subject_index = ? ORDER BY id LIMIT ?""")) {
        ps.setString(1, customer.value());
        ps.setBytes(2, subjectIndex);
        ps.setInt(3, limit);
        return ids(ps);
      }
    });
  }

  @Override
  public List<ExpiredField> expired(Instant now, int limit) {
    return Sql.read(dataSource, "vault expired fields", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT f.customer_id, f.record_id, f.name, f.category, f.purpose, r.data_subject_category, f.expires_at
            FROM vault_fields f JOIN vault_records r ON r.id = f.record_id
           WHERE f.expires_at < ?
           ORDER BY f.expires_at, f.record_id, f.name LIMIT ?""")) {
        ps.setObject(1, Sql.timestamp(now));
        ps.setInt(2, limit);
        List<ExpiredField> expired = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            expired.add(new ExpiredField(new CustomerId(rs.getString("customer_id")),
                new RecordId(rs.getObject("record_id", UUID.class)), rs.getString("name"), rs.getString("category"),
                rs.getString("purpose"), rs.getString("data_subject_category"), Sql.instant(rs, "expires_at")));
          }
        }
        return expired;
      }
    });
  }

  /**
   * Deletes the field if it still expires when the purge job saw it, and the record with it when
   * no field is left. The record's {@code updated_at} moves on (by at least a microsecond), so a
   * concurrent {@link #replace} based on a copy read before the purge fails instead of putting
   * the purged value back.
   */
  @Override
  public boolean deleteExpiredField(ExpiredField field) {
    return Sql.transaction(dataSource, "vault expired field delete", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT 1 FROM vault_records WHERE id = ? AND customer_id = ? FOR UPDATE")) {
        ps.setObject(1, field.record().value());
        ps.setString(2, field.customer().value());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM vault_fields WHERE record_id = ? AND name = ? AND expires_at = ?")) {
        ps.setObject(1, field.record().value());
        ps.setString(2, field.field());
        ps.setObject(3, Sql.timestamp(field.expiresAt()));
        if (ps.executeUpdate() != 1) {
          return false;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("""
          DELETE FROM vault_records r
           WHERE r.id = ? AND NOT EXISTS (SELECT 1 FROM vault_fields f WHERE f.record_id = r.id)""")) {
        ps.setObject(1, field.record().value());
        if (ps.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE vault_records SET updated_at = GREATEST(updated_at + INTERVAL '1 microsecond', ?) WHERE id = ?""")) {
        ps.setObject(1, Sql.timestamp(field.expiresAt()));
        ps.setObject(2, field.record().value());
        ps.executeUpdate();
      }
      return true;
    });
  }

  private static void insertFields(Connection c, VaultRecord record) throws SQLException {
    if (record.fields().isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO vault_fields (record_id, customer_id, position, name, category, purpose, collected_at, expires_at,
                                  key_version, ciphertext, blind_index)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      int position = 0;
      for (StoredField f : record.fields()) {
        ps.setObject(1, record.id().value());
        ps.setString(2, record.customer().value());
        ps.setInt(3, position++);
        ps.setString(4, f.name());
        ps.setString(5, f.category());
        ps.setString(6, f.purpose());
        ps.setObject(7, Sql.timestamp(f.collectedAt()));
        ps.setObject(8, Sql.timestamp(f.expiresAt()));
        ps.setInt(9, f.value().keyVersion());
        ps.setBytes(10, f.value().ciphertext());
        ps.setBytes(11, f.blindIndex());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Maps rows of {@link #RECORD_COLUMNS} and {@link #FIELD_COLUMNS} (one row per field, a
   * record's rows next to each other and in field order) to records, one record at a time. Before
   * {@link #next}, the result set stands on the first row of the next record, so a caller can read
   * other columns of that row.
   */
  static final class RecordRows {
    private final ResultSet rs;
    private final CustomerId customer;
    private boolean onRow;

    RecordRows(ResultSet rs, CustomerId customer) throws SQLException {
      this.rs = rs;
      this.customer = customer;
      this.onRow = rs.next();
    }

    boolean hasNext() {
      return onRow;
    }

    /** Reads the record on the current row and its fields on the rows after it, and moves past them. */
    VaultRecord next() throws SQLException {
      UUID id = rs.getObject("id", UUID.class);
      byte[] subjectIndex = rs.getBytes("subject_index");
      SealedValue subject = new SealedValue(rs.getInt("subject_key_version"), rs.getBytes("subject_ciphertext"));
      String subjectCategory = rs.getString("data_subject_category");
      Instant createdAt = Sql.instant(rs, "created_at");
      Instant updatedAt = Sql.instant(rs, "updated_at");
      List<StoredField> fields = new ArrayList<>();
      do {
        if (rs.getString("name") != null) {
          fields.add(new StoredField(rs.getString("name"), rs.getString("category"), rs.getString("purpose"),
              Sql.instant(rs, "collected_at"), Sql.instant(rs, "expires_at"),
              new SealedValue(rs.getInt("key_version"), rs.getBytes("ciphertext")), rs.getBytes("blind_index")));
        }
      } while ((onRow = rs.next()) && id.equals(rs.getObject("id", UUID.class)));
      return new VaultRecord(new RecordId(id), customer, subjectIndex, subject, subjectCategory, createdAt, updatedAt,
          fields);
    }
  }

  private static List<RecordId> ids(PreparedStatement ps) throws SQLException {
    List<RecordId> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(new RecordId(rs.getObject(1, UUID.class)));
      }
    }
    return ids;
  }
}
