package dev.mandate.core.decision;

import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.core.customer.CustomerId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled accepted agreement of each customer, cached. A change made through this process
 * invalidates the entry at once; a change made by another process is seen within {@code ttl}.
 */
public final class InForceAgreements {
  private final AgreementStore store;
  private final DecisionPoint decisionPoint;
  private final long ttlNanos;
  private final ConcurrentHashMap<CustomerId, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(Optional<CompiledAgreement> agreement, long loadedAtNanos) {}

  public InForceAgreements(AgreementStore store, DecisionPoint decisionPoint, Duration ttl) {
    this.store = store;
    this.decisionPoint = decisionPoint;
    this.ttlNanos = ttl.toNanos();
  }

  public Optional<CompiledAgreement> get(CustomerId customer) {
    long now = System.nanoTime();
    Entry e = cache.get(customer);
    if (e == null || now - e.loadedAtNanos >= ttlNanos) {
      e = new Entry(store.inForce(customer).map(decisionPoint::compile), now);
      cache.put(customer, e);
    }
    return e.agreement;
  }

  public void invalidate(CustomerId customer) {
    cache.remove(customer);
  }
}
