package dev.mandate.testkit;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.core.instruction.InstructionStore;
import dev.mandate.core.notice.NoticeOutbox;
import dev.mandate.core.notice.OutgoingNotice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instructions in memory, for tests. Notices go to the given outbox under the same lock, so a
 * version and its notices appear together, as in the JDBC store's single transaction.
 */
public final class InMemoryInstructionStore implements InstructionStore {
  private static final EnumSet<InstructionState> CURRENT = EnumSet.of(InstructionState.CLEARED,
      InstructionState.APPLIED, InstructionState.HELD, InstructionState.CONFIRMED_BY_CUSTOMER);
  private final Map<String, Instruction> rows = new LinkedHashMap<>();
  private final NoticeOutbox outbox;

  public InMemoryInstructionStore(NoticeOutbox outbox) {
    this.outbox = outbox;
  }

  private static String key(CustomerId c, InstructionId id, int version) {
    return c.value() + "|" + id.value() + "|" + version;
  }

  @Override
  public synchronized boolean insert(Instruction i, List<OutgoingNotice> notices) {
    String key = key(i.customer(), i.id(), i.version());
    if (rows.containsKey(key)) {
      return false;
    }
    outbox.enqueue(notices);
    rows.put(key, i);
    return true;
  }

  @Override
  public synchronized boolean transition(Instruction to, InstructionState from, List<OutgoingNotice> notices) {
    String key = key(to.customer(), to.id(), to.version());
    Instruction now = rows.get(key);
    if (now == null || now.state() != from) {
      return false;
    }
    outbox.enqueue(notices);
    rows.put(key, now.with(to.state(), to.customerResponse(), to.officerDecision(), to.updatedAt()));
    return true;
  }

  @Override
  public synchronized Optional<Instruction> find(CustomerId customer, InstructionId id, int version) {
    return Optional.ofNullable(rows.get(key(customer, id, version)));
  }

  @Override
  public synchronized List<Instruction> versions(CustomerId customer, InstructionId id) {
    return rows.values().stream().filter(i -> i.customer().equals(customer) && i.id().equals(id))
        .sorted(Comparator.comparingInt(Instruction::version)).toList();
  }

  @Override
  public synchronized List<Instruction> latest(CustomerId customer, InstructionState state, int limit) {
    Map<InstructionId, Instruction> latest = new LinkedHashMap<>();
    for (Instruction i : rows.values()) {
      if (i.customer().equals(customer)) {
        latest.merge(i.id(), i, (a, b) -> a.version() >= b.version() ? a : b);
      }
    }
    List<Instruction> out = new ArrayList<>(latest.values().stream().filter(i -> state == null || i.state() == state).toList());
    out.sort(Comparator.comparing(Instruction::submittedAt).reversed().thenComparing(i -> i.id().value()));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
  }

  @Override
  public synchronized List<Instruction> onHold(int limit) {
    return rows.values().stream().filter(i -> i.state().onHold())
        .sorted(Comparator.comparing(Instruction::submittedAt).thenComparing(i -> i.customer().value())
            .thenComparing(i -> i.id().value()))
        .limit(limit).toList();
  }

  @Override
  public synchronized List<Instruction> current(CustomerId customer) {
    return rows.values().stream().filter(i -> i.customer().equals(customer)
            && (CURRENT.contains(i.state()) || (i.standing() && i.state() == InstructionState.REFUSED)))
        .sorted(Comparator.comparing((Instruction i) -> i.id().value()).thenComparingInt(Instruction::version)).toList();
  }
}
