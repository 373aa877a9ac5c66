package dev.mandate.testkit;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.notice.WebhookSecretStore;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Webhook secret generations in memory, for tests. */
public final class InMemoryWebhookSecretStore implements WebhookSecretStore {
  private final ConcurrentHashMap<CustomerId, Generation> generations = new ConcurrentHashMap<>();

  @Override
  public Generation current(CustomerId customer) {
    return generations.getOrDefault(customer, Generation.FIRST);
  }

  @Override
  public Generation rotate(CustomerId customer, Instant at, Instant previousUntil) {
    return generations.compute(customer, (c, g) ->
        new Generation((g == null ? 1 : g.generation()) + 1, at, previousUntil));
  }
}
