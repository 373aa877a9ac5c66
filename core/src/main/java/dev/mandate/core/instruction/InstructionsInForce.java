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
  /** Bumped by every invalidation, so that a load that raced one is not cached. */
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

  private record Entry(List<Instruction> current, long loadedAtNanos) {}

  /** Where a named instruction stands: the version in force (if any) and the latest version. */
  public record Status(Optional<Instruction> inForce, Optional<Instruction> latest) {}

  public InstructionsInForce(InstructionStore store, Duration ttl) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
  }

  /** Where the standing instruction of one agreement clause stands. */
  public enum StandingState {
    IN_FORCE,
    ON_HOLD,
    /** Refused by the processor's privacy officer: the clause stays out of force. */
    REFUSED,
    /** Not analysed yet (the acceptance was stored, its standing instructions not yet): fail closed. */
    NOT_ANALYSED
  }

  /** The standing instruction of a clause and its state ({@code instruction} null when not analysed). */
  public record Standing(StandingState state, Instruction instruction) {}

  /** The standing instruction that governs the clause for {@code purpose} of the agreement version. */
  public Standing standing(CustomerId customer, int agreementVersion, String purpose) {
    Instruction held = null;
    Instruction refused = null;
    for (Instruction i : current(customer)) {
      if (!i.standing() || i.agreementVersion() != agreementVersion || !purpose.equals(i.fields().purpose())) {
        continue;
      }
      if (i.state().inForce()) {
        return new Standing(StandingState.IN_FORCE, i);
      }
      if (i.state().onHold()) {
        held = i;
      } else if (i.state() == InstructionState.REFUSED) {
        refused = i;
      }
    }
    if (held != null) {
      return new Standing(StandingState.ON_HOLD, held);
    }
    return refused != null ? new Standing(StandingState.REFUSED, refused) : new Standing(StandingState.NOT_ANALYSED, null);
  }

  public Status status(CustomerId customer, InstructionId id) {
    List<Instruction> versions = current(customer).stream().filter(i -> i.id().equals(id)).toList();
    return new Status(versions.stream().filter(i -> i.state().inForce()).max(Comparator.comparingInt(Instruction::version)),
        versions.stream().max(Comparator.comparingInt(Instruction::version)));
  }

  public void invalidate(CustomerId customer) {
    generation.incrementAndGet();
    cache.remove(customer);
  }

  private List<Instruction> current(CustomerId customer) {
    long now = System.nanoTime();
    Entry e = cache.get(customer);
    if (e == null || now - e.loadedAtNanos >= ttlNanos) {
      long before = generation.get();
      e = new Entry(store.current(customer), now);
      if (generation.get() == before) {
        cache.put(customer, e);
      }
    }
    return e.current;
  }
}
