package dev.mandate.core.decision;

import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionsInForce;
import java.util.Optional;

/**
 * What the decision point needs to know about instructions (ISO 27701 8.2.4): whether the
 * agreement's standing clause for a purpose is on hold, and, when the request says it is carried
 * out under a named instruction, where that instruction stands. A held instruction is not in force.
 */
public interface InstructionContext {

  /** The standing clause of the agreement version for {@code purpose} if it is held or refused. */
  Optional<Instruction> heldStanding(int agreementVersion, String purpose);

  /** The named instruction's status, or null if the request names none. */
  InstructionsInForce.Status named();

  /**
   * The context for one customer from the cache; {@code named} is the status of the instruction the
   * request names (null if none). {@code instructions} null: nothing is ever on hold.
   */
  static InstructionContext of(InstructionsInForce instructions, dev.mandate.core.customer.CustomerId customer,
      InstructionsInForce.Status named) {
    return new InstructionContext() {
      @Override
      public Optional<Instruction> heldStanding(int agreementVersion, String purpose) {
        return instructions == null ? Optional.empty() : instructions.heldStanding(customer, agreementVersion, purpose);
      }

      @Override
      public InstructionsInForce.Status named() {
        return named;
      }
    };
  }

  /** No instructions known (e.g. tests of other controls): only the agreement decides. */
  InstructionContext NONE = new InstructionContext() {
    @Override
    public Optional<Instruction> heldStanding(int agreementVersion, String purpose) {
      return Optional.empty();
    }

    @Override
    public InstructionsInForce.Status named() {
      return null;
    }
  };
}
