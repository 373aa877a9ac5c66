package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.Fixtures.T0;
import static dev.mandate.testkit.contract.Fixtures.at;
import static dev.mandate.testkit.contract.Fixtures.customer;
import static dev.mandate.testkit.contract.Fixtures.field;
import static dev.mandate.testkit.contract.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.vault.ExpiredField;
import dev.mandate.core.vault.VaultRecord;
import dev.mandate.core.vault.VaultStore;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.VaultStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcVaultStoreIT extends VaultStoreContract {
  private PostgresDatabase database;

  @Override
  protected VaultStore newStore() {
    database = TestDatabases.fresh();
    return new JdbcVaultStore(database.dataSource());
  }

  @Override
  protected void customerExists(CustomerId customer) {
    new JdbcCustomerStore(database.dataSource()).insert(customer(customer.value()));
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  /**
   * Pins the vault's columns: a new column fails this test, so whoever adds one has to say here
   * that it holds no plaintext.
   */
  @Test
  void theVaultHasNoPlaintextColumn() throws Exception {
    Map<String, String> columns = new LinkedHashMap<>();
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("""
            SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
             WHERE table_name IN ('vault_records', 'vault_fields') ORDER BY table_name, ordinal_position""")) {
      while (rs.next()) {
        columns.put(rs.getString(1), rs.getString(2));
      }
    }

    assertThat(columns).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("vault_records.id", "uuid"),
        Map.entry("vault_records.customer_id", "text"),
        Map.entry("vault_records.subject_index", "bytea"),
        Map.entry("vault_records.subject_key_version", "integer"),
        Map.entry("vault_records.subject_ciphertext", "bytea"),
        Map.entry("vault_records.data_subject_category", "text"),
        Map.entry("vault_records.created_at", "timestamp with time zone"),
        Map.entry("vault_records.updated_at", "timestamp with time zone"),
        Map.entry("vault_fields.record_id", "uuid"),
        Map.entry("vault_fields.customer_id", "text"),
        Map.entry("vault_fields.name", "text"),
        Map.entry("vault_fields.position", "integer"),
        Map.entry("vault_fields.category", "text"),
        Map.entry("vault_fields.purpose", "text"),
        Map.entry("vault_fields.collected_at", "timestamp with time zone"),
        Map.entry("vault_fields.expires_at", "timestamp with time zone"),
        Map.entry("vault_fields.key_version", "integer"),
        Map.entry("vault_fields.ciphertext", "bytea"),
        Map.entry("vault_fields.blind_index", "bytea")));
  }

  @Test
  void theStoredBytesAreTheSealedBytes() throws Exception {
    VaultRecord record = twoFieldRecord(ACME, "E-1001");
    store.insert(record);

    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT ciphertext, blind_index FROM vault_fields WHERE record_id = ? AND name = 'email'")) {
      ps.setObject(1, record.id().value());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getBytes(1)).isEqualTo(record.field("email").orElseThrow().value().ciphertext());
        assertThat(rs.getBytes(2)).isEqualTo(record.field("email").orElseThrow().blindIndex());
      }
    }
  }

  @Test
  void aReplaceBasedOnACopyReadBeforeAPurgeFails() {
    VaultRecord record = record(ACME, "E-1", List.of(
        field("email", "dpv-pd:EmailAddress", "dpv:ServiceProvision", T0, at(10), "a"),
        field("salary", "dpv-pd:Salary", "custom:MonthlyPayroll", T0, at(5000), "a")));
    store.insert(record);
    VaultRecord readBeforePurge = store.find(ACME, record.id()).orElseThrow();
    ExpiredField email = store.expired(at(100), 10).getFirst();

    assertThat(store.deleteExpiredField(email)).isTrue();

    VaultRecord stale = withFields(readBeforePurge, ACME, at(200), readBeforePurge.fields());
    assertThat(store.replace(stale, readBeforePurge.updatedAt())).as("would put the purged value back").isFalse();
    VaultRecord now = store.find(ACME, record.id()).orElseThrow();
    assertThat(now.field("email")).isEmpty();
    assertThat(now.updatedAt()).isAfter(readBeforePurge.updatedAt());
  }
}
