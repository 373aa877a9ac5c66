package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.Fixtures.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.consent.ConsentEventStore;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.ConsentEventStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcConsentEventStoreIT extends ConsentEventStoreContract {
  private PostgresDatabase database;

  @Override
  protected ConsentEventStore newStore() {
    database = TestDatabases.fresh();
    return new JdbcConsentEventStore(database.dataSource());
  }

  @Override
  protected void customerExists(CustomerId customer) {
    new JdbcCustomerStore(database.dataSource()).insert(customer(customer.value()));
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void theLedgerCannotBeChangedOrRemovedNotEvenThroughSql() throws Exception {
    store.append(List.of(event(ACME, "P1", MARKETING).at(10).submission("s-1").build()));

    for (String table : List.of("consent_events", "consent_submissions")) {
      assertThatThrownBy(() -> sql("UPDATE " + table + " SET submission_id = 's-2'")).as(table)
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only").hasMessageContaining("UPDATE");
      assertThatThrownBy(() -> sql("DELETE FROM " + table)).as(table)
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only").hasMessageContaining("DELETE");
      assertThatThrownBy(() -> sql("TRUNCATE " + table + " CASCADE")).as(table)
          .isInstanceOf(SQLException.class).hasMessageContaining("append-only").hasMessageContaining("TRUNCATE");
    }
    assertThat(store.history(ACME, pseudonym("P1"))).singleElement()
        .satisfies(e -> assertThat(e.submissionId()).isEqualTo("s-1"));
    assertThat(store.hasSubmission(ACME, "s-1")).isTrue();
  }

  @Test
  void aFailureNamesTheConstraintButNoValue() {
    CustomerId unknown = new CustomerId("initech");

    assertThatThrownBy(() -> store.append(List.of(event(unknown, "P1", MARKETING).at(10).submission("s-secret")
        .build())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("consent append failed")
        .hasMessageContaining("consent_submissions_customer_id_fkey")
        .hasMessageNotContaining("s-secret").hasMessageNotContaining("initech").hasMessageNotContaining("psn_P1");
  }

  private void sql(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
