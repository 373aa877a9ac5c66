package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.Fixtures.accepted;
import static dev.mandate.testkit.contract.Fixtures.customer;
import static dev.mandate.testkit.contract.Fixtures.draft;
import static dev.mandate.testkit.contract.Fixtures.offered;
import static dev.mandate.testkit.contract.Fixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.AgreementStoreContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcAgreementStoreIT extends AgreementStoreContract {
  private PostgresDatabase database;

  @Override
  protected AgreementStore newStore() {
    database = TestDatabases.fresh();
    return new JdbcAgreementStore(database.dataSource());
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
  void theStoredTermsAreTheTreeThatWasHashed() throws Exception {
    AgreementVersion v1 = draft(ACME, 1, terms("Payroll"));
    store.insertDraft(v1);

    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT terms::text, terms ->> 'subjectMatter' FROM agreement_versions")) {
      rs.next();
      assertThat(rs.getString(2)).isEqualTo("Payroll");
      assertThat(TermsDigest.sha256(JdbcAgreementStore.terms(rs.getString(1)))).isEqualTo(v1.termsHash());
    }
  }

  @Test
  void theSchemaAllowsOneOpenVersionPerCustomer() throws Exception {
    store.insertDraft(draft(ACME, 1, terms("First")));

    SQLException e = catchThrowableOfType(SQLException.class,
        () -> sql("INSERT INTO agreement_versions (customer_id, version, state, terms, terms_hash)"
            + " VALUES ('acme', 2, 'OFFERED', '{}', 'x')"));

    assertThat(e.getSQLState()).isEqualTo("23505");
    assertThat(e.getMessage()).contains("agreement_versions_one_open");
  }

  @Test
  void theSchemaAllowsOneAcceptedVersionPerCustomer() throws Exception {
    inForce(draft(ACME, 1, terms("First")));

    SQLException e = catchThrowableOfType(SQLException.class,
        () -> sql("INSERT INTO agreement_versions (customer_id, version, state, terms, terms_hash)"
            + " VALUES ('acme', 2, 'ACCEPTED', '{}', 'x')"));

    assertThat(e.getSQLState()).isEqualTo("23505");
    assertThat(e.getMessage()).contains("agreement_versions_one_accepted");
  }

  @Test
  void termsCannotChangeOnceOfferedNotEvenThroughSql() throws Exception {
    AgreementVersion v1 = draft(ACME, 1, terms("First"));
    store.insertDraft(v1);
    sql("UPDATE agreement_versions SET terms = jsonb_set(terms, '{subjectMatter}', '\"Still a draft\"')");
    store.transition(offered(v1), AgreementState.DRAFT);

    assertThatThrownBy(() -> sql("UPDATE agreement_versions SET terms = jsonb_set(terms, '{subjectMatter}', '\"Changed\"')"))
        .isInstanceOf(SQLException.class).hasMessageContaining("immutable once offered");
    assertThatThrownBy(() -> sql("UPDATE agreement_versions SET terms_hash = 'forged'"))
        .isInstanceOf(SQLException.class).hasMessageContaining("immutable once offered");
    assertThatThrownBy(() -> sql("DELETE FROM agreement_versions"))
        .isInstanceOf(SQLException.class).hasMessageContaining("cannot be deleted");
    assertThat(store.find(ACME, 1).orElseThrow().terms().subjectMatter()).isEqualTo("Still a draft");
  }

  @Test
  void aClosedVersionIsFinal() throws Exception {
    inForce(draft(ACME, 1, terms("First")));
    AgreementVersion v2 = draft(ACME, 2, terms("Second"));
    store.insertDraft(v2);
    store.transition(offered(v2), AgreementState.DRAFT);
    store.transition(accepted(offered(v2)), AgreementState.OFFERED);

    assertThatThrownBy(() -> sql("UPDATE agreement_versions SET state = 'ACCEPTED' WHERE version = 1"))
        .isInstanceOf(SQLException.class).hasMessageContaining("closed");
    assertThat(store.find(ACME, 1).orElseThrow().state()).isEqualTo(AgreementState.SUPERSEDED);
  }

  @Test
  void aFailureNamesTheConstraintButNoValue() {
    IllegalStateException failure = catchThrowableOfType(IllegalStateException.class,
        () -> store.insertDraft(draft(new CustomerId("secret-customer-4711"), 1, terms("x"))));

    assertThat(failure.getMessage()).contains("agreement draft insert", "23503", "agreement_versions_customer_id_fkey")
        .doesNotContain("secret-customer-4711");
    assertThat(failure.getCause()).isNull();
  }

  private void inForce(AgreementVersion draft) {
    store.insertDraft(draft);
    store.transition(offered(draft), AgreementState.DRAFT);
    store.transition(accepted(offered(draft)), AgreementState.OFFERED);
  }

  private void sql(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
