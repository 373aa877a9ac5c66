package dev.mandate.core.access;

import dev.mandate.core.customer.CustomerId;
import java.util.Set;

/**
 * The authenticated caller. {@code customers} limits which tenants it can see (empty means all,
 * allowed only for admins, privacy officers and unscoped auditors); {@code purposes} limits a service's purposes.
 */
public record Principal(ApiKeyId keyId, Role role, Set<CustomerId> customers, Set<String> purposes) {
  public Principal {
    customers = Set.copyOf(customers);
    purposes = Set.copyOf(purposes);
  }

  /** How the actor appears in processing records: key id and role, never a person's name. */
  public String actorRef() {
    return keyId.value() + "/" + role.code();
  }

  public boolean seesAllCustomers() {
    return customers.isEmpty() && (role == Role.PROCESSOR_ADMIN || role == Role.PRIVACY_OFFICER || role == Role.AUDITOR);
  }

  public boolean sees(CustomerId customer) {
    return seesAllCustomers() || customers.contains(customer);
  }
}
