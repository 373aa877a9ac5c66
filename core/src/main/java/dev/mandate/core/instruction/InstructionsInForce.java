package dev.mandate.core.instruction;

import dev.mandate.core.customer.CustomerId;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the decision point needs to know about instructions, per customer, cached: which
 * standing clauses are on hold, and the state of each named instruction. A change made through
 * this process invalidates the entry at once; one made by another process is seen within {@code
 * ttl} (as for agreements).
 */
public final class InstructionsInForce {
  private final InstructionStore store;
  private final long ttlNanos;
  private final ConcurrentHashMap<CustomerId, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(List<Instruction> current, long loadedAtNanos) {}

  /** Where a named instruction stands: the version in force (if any) and the latest version. */
  public record Status(Optional<Instruction> inForce, Optional<Instruction> latest) {}

  public InstructionsInForce(InstructionStore store, Duration ttl) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
  }

  /**
   * A standing clause for {@code purpose} that is not in force because it is on hold or was
   * refused by the privacy officer (and no version of it is in force), if any.
   */
  public Optional<Instruction> heldStanding(CustomerId customer, int agreementVersion, String purpose) {
    List<Instruction> current = current(customer);
    for (Instruction i : current) {
      if (i.standing() && i.agreementVersion() == agreementVersion
          && (i.state().onHold() || i.state() == InstructionState.REFUSED)
          && purpose.equals(i.fields().purpose())
          && current.stream().noneMatch(o -> o.id().equals(i.id()) && o.state().inForce())) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  public Status status(CustomerId customer, InstructionId id) {
    List<Instruction> versions = current(customer).stream().filter(i -> i.id().equals(id)).toList();
    return new Status(versions.stream().filter(i -> i.state().inForce()).max(Comparator.comparingInt(Instruction::version)),
        versions.stream().max(Comparator.comparingInt(Instruction::version)));
  }

  public void invalidate(CustomerId customer) {
    cache.remove(customer);
  }

  private List<Instruction> current(CustomerId customer) {
    long now = System.nanoTime();
    Entry e = cache.get(customer);
    if (e == null || now - e.loadedAtNanos >= ttlNanos) {
      e = new Entry(store.current(customer), now);
      cache.put(customer, e);
    }
    return e.current;
  }
}
