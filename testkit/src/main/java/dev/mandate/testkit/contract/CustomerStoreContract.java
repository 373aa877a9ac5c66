package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.at;
import static dev.mandate.testkit.contract.Fixtures.customer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerStore;
import dev.mandate.core.customer.Jurisdiction;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CustomerStore} must do. Subclasses give a new, empty store per test. */
public abstract class CustomerStoreContract {
  protected CustomerStore store;

  protected abstract CustomerStore newStore();

  @BeforeEach
  void newStoreForEachTest() {
    store = newStore();
  }

  @Test
  void aCustomerReadsBackAsInserted() {
    Customer acme = customer("acme");

    assertThat(store.insert(acme)).isTrue();

    assertThat(store.find(new CustomerId("acme"))).contains(acme);
    assertThat(store.find(new CustomerId("nobody"))).isEmpty();
  }

  @Test
  void aSecondInsertWithTheSameIdIsRefusedAndChangesNothing() {
    Customer acme = customer("acme");
    store.insert(acme);
    Customer impostor = new Customer(acme.id(), "Other name", Set.of(Jurisdiction.BR_LGPD), acme.dpo(), List.of(),
        at(5), at(5));

    assertThat(store.insert(impostor)).isFalse();

    assertThat(store.find(acme.id())).contains(acme);
  }

  @Test
  void updateReplacesTheDetailsOfAnExistingCustomerOnly() {
    Customer acme = customer("acme");
    store.insert(acme);
    Customer changed = new Customer(acme.id(), "ACME Payroll Ltd", Set.of(Jurisdiction.UK_GDPR),
        new Contact("New DPO", "new-dpo@acme.example", "+44 20 7946 0000"), List.of(), acme.createdAt(), at(60));

    assertThat(store.update(changed)).isTrue();
    assertThat(store.update(customer("ghost"))).isFalse();

    assertThat(store.find(acme.id())).contains(changed);
    assertThat(store.find(new CustomerId("ghost"))).isEmpty();
  }

  @Test
  void listPagesInIdOrder() {
    for (String id : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
      store.insert(customer(id));
    }

    assertThat(ids(store.list(null, 2, null))).containsExactly("alpha", "bravo");
    assertThat(ids(store.list("bravo", 2, null))).containsExactly("charlie", "delta");
    assertThat(ids(store.list("delta", 2, null))).containsExactly("echo");
    assertThat(store.list("echo", 2, null)).isEmpty();
  }

  @Test
  void listKeepsToTheCustomersACallerMaySee() {
    for (String id : List.of("alpha", "bravo", "charlie", "delta")) {
      store.insert(customer(id));
    }
    List<CustomerId> only = List.of(new CustomerId("delta"), new CustomerId("bravo"), new CustomerId("zulu"));

    assertThat(ids(store.list(null, 10, only))).containsExactly("bravo", "delta");
    assertThat(ids(store.list("bravo", 10, only))).containsExactly("delta");
    assertThat(store.list(null, 10, List.of())).isEmpty();
  }

  private static List<String> ids(List<Customer> customers) {
    return customers.stream().map(c -> c.id().value()).toList();
  }
}
