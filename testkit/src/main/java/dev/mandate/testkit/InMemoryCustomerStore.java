package dev.mandate.testkit;

import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Customers in memory, for tests. */
public final class InMemoryCustomerStore implements CustomerStore {
  private final ConcurrentSkipListMap<String, Customer> customers = new ConcurrentSkipListMap<>();

  @Override
  public boolean insert(Customer customer) {
    return customers.putIfAbsent(customer.id().value(), customer) == null;
  }

  @Override
  public boolean update(Customer customer) {
    return customers.replace(customer.id().value(), customer) != null;
  }

  @Override
  public Optional<Customer> find(CustomerId id) {
    return Optional.ofNullable(customers.get(id.value()));
  }

  @Override
  public List<Customer> list(String afterId, int limit, Collection<CustomerId> only) {
    return (afterId == null ? customers : customers.tailMap(afterId, false)).values().stream()
        .filter(c -> only == null || only.contains(c.id()))
        .limit(limit)
        .toList();
  }
}
