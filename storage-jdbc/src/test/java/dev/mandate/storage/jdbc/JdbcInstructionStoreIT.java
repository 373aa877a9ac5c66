package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.Fixtures.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.InstructionStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcInstructionStoreIT extends InstructionStoreContract {
  private PostgresDatabase database;

  @Override
  protected Backend newBackend() {
    database = TestDatabases.fresh();
    return new Backend(new JdbcInstructionStore(database.dataSource()), new JdbcNoticeOutbox(database.dataSource()));
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
  void whatWasAnalysedCannotBeChangedNotEvenThroughSql() throws Exception {
    Instruction v1 = instruction(ACME, id("sql"), 1, InstructionState.HELD, 0);
    store.insert(v1, List.of());

    for (String set : List.of("text = 'other words'", "fields = '{\"purpose\":\"dpv:Marketing\"}'::jsonb",
        "analysis = analysis || '{\"outcome\":\"NO_INFRINGEMENT_FOUND\"}'::jsonb", "outcome = 'NO_INFRINGEMENT_FOUND'",
        "given_by = '{\"name\":null,\"role\":\"x\",\"authorised\":true}'::jsonb", "submitted_at = now()",
        "submitted_by = 'key_x/x'", "standing = true", "agreement_version = 9")) {
      assertThatThrownBy(() -> sql("UPDATE instructions SET " + set)).as(set)
          .isInstanceOf(SQLException.class).hasMessageContaining("never change");
    }
    assertThatThrownBy(() -> sql("DELETE FROM instructions"))
        .isInstanceOf(SQLException.class).hasMessageContaining("instructions are kept");

    assertThat(store.find(ACME, v1.id(), 1)).contains(v1);
    sql("UPDATE instructions SET state = 'WITHDRAWN'");
    assertThat(store.find(ACME, v1.id(), 1).orElseThrow().state()).as("the state still moves")
        .isEqualTo(InstructionState.WITHDRAWN);
  }

  @Test
  void aFailureNamesTheConstraintButNoValue() {
    CustomerId unknown = new CustomerId("initech");
    Instruction v1 = instruction(unknown, id("secret"), 1, InstructionState.HELD, 0);

    assertThatThrownBy(() -> store.insert(v1, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("instruction insert failed")
        .hasMessageContaining("instructions_customer_id_fkey")
        .hasMessageNotContaining("initech").hasMessageNotContaining("ins_secret");
  }

  @Test
  void aNoticeFailureNamesTheConstraintButNoValue() {
    Instruction v1 = instruction(ACME, id("notice"), 1, InstructionState.HELD, 0);
    store.insert(v1, List.of());
    Instruction withdrawn = v1.with(InstructionState.WITHDRAWN, null, null, v1.updatedAt());
    var taken = notice(v1, Kind.WEBHOOK);
    outbox.enqueue(List.of(taken));

    assertThatThrownBy(() -> store.transition(withdrawn, InstructionState.HELD, List.of(taken)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("instruction transition failed")
        .hasMessageNotContaining(taken.id()).hasMessageNotContaining("ins_notice");
    assertThat(store.find(ACME, v1.id(), 1)).contains(v1);
  }

  private void sql(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
