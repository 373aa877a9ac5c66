package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.Fixtures.customer;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.notice.NoticeOutbox;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.NoticeOutboxContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcNoticeOutboxIT extends NoticeOutboxContract {
  private PostgresDatabase database;

  @Override
  protected NoticeOutbox newOutbox() {
    database = TestDatabases.fresh();
    return new JdbcNoticeOutbox(database.dataSource());
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
  void aFailureNamesTheConstraintButNoValue() {
    CustomerId unknown = new CustomerId("initech");

    assertThatThrownBy(() -> outbox.enqueue(List.of(notice(unknown, "instruction:ins_secret/v1", 0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("notice enqueue failed")
        .hasMessageContaining("notice_outbox_customer_id_fkey")
        .hasMessageNotContaining("initech").hasMessageNotContaining("ins_secret");
  }
}
