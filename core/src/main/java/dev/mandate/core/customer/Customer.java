package dev.mandate.core.customer;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A customer of the processor: the controller on whose behalf PII is processed; one tenant. */
public record Customer(
    CustomerId id,
    String name,
    Set<Jurisdiction> jurisdictions,
    Contact dpo,
    List<NotificationEndpoint> notificationEndpoints,
    Instant createdAt,
    Instant updatedAt) {
  public Customer {
    jurisdictions = Set.copyOf(jurisdictions);
    notificationEndpoints = List.copyOf(notificationEndpoints);
  }
}
