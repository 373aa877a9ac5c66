package dev.mandate.core.customer;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: where customers are kept. Each method is one atomic change. */
public interface CustomerStore {
  /** Inserts the customer; false if one with that id exists. */
  boolean insert(Customer customer);

  /** Replaces the details of an existing customer; false if there is none. */
  boolean update(Customer customer);

  Optional<Customer> find(CustomerId id);

  /** Customers in id order, after {@code afterId} (null for the first page), only those in {@code only} if non-null. */
  List<Customer> list(String afterId, int limit, Collection<CustomerId> only);
}
