package dev.mandate.core.instruction;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.notice.OutgoingNotice;
import java.util.List;
import java.util.Optional;

/**
 * Port: customer instructions, every version kept. Writes that tell the customer something take
 * the notices with them, so the instruction and its notices commit together (a transactional
 * outbox: a restart loses no notice, and no notice goes out for an instruction that was not kept).
 */
public interface InstructionStore {

  /**
   * Stores a new version (version 1 of a new instruction, or the next one) with its notices;
   * false (and nothing written) if that version number is already taken.
   */
  boolean insert(Instruction instruction, List<OutgoingNotice> notices);

  /**
   * Moves a version from {@code from} to {@code to.state()} with its responses, and stores the
   * notices, atomically; false (and nothing written) if the version is no longer in {@code from}.
   */
  boolean transition(Instruction to, InstructionState from, List<OutgoingNotice> notices);

  Optional<Instruction> find(CustomerId customer, InstructionId id, int version);

  /** Every version of one instruction, oldest first. */
  List<Instruction> versions(CustomerId customer, InstructionId id);

  /** The latest version of each of the customer's instructions, newest first, optionally in one state. */
  List<Instruction> latest(CustomerId customer, InstructionState state, int limit);

  /**
   * Versions waiting for someone, across all customers, oldest first: held (the customer or the
   * officer may act) or confirmed by the customer (the officer must decide). The officer's queue.
   */
  List<Instruction> onHold(int limit);

  /**
   * The versions that decide what is in force: every version in force or on hold, and standing
   * versions the privacy officer refused (their agreement clause stays out of force). Read by the
   * decision point.
   */
  List<Instruction> current(CustomerId customer);
}
