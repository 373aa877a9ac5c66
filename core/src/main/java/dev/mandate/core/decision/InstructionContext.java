package dev.mandate.core.decision;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.instruction.InstructionsInForce;

/**
 * What the decision point needs to know about instructions (ISO 27701 8.2.4): where the standing
 * instruction of an agreement clause stands, and, when the request says it is carried out under a
 * named instruction, where that instruction stands. Only an instruction in force permits.
 */
public interface InstructionContext {

  /** The standing instruction of the clause for {@code purpose}, or null when instructions are not checked. */
  InstructionsInForce.Standing standing(int agreementVersion, String purpose);

  /** The named instruction's status, or null if the request names none. */
  InstructionsInForce.Status named();

  /**
   * The context for one customer from the cache; {@code named} is the status of the instruction the
   * request names (null if none). {@code instructions} null: standing clauses are not checked.
   */
  static InstructionContext of(InstructionsInForce instructions, CustomerId customer, InstructionsInForce.Status named) {
    return new InstructionContext() {
      @Override
      public InstructionsInForce.Standing standing(int agreementVersion, String purpose) {
        return instructions == null ? null : instructions.standing(customer, agreementVersion, purpose);
      }

      @Override
      public InstructionsInForce.Status named() {
        return named;
      }
    };
  }

  /** No instructions known (e.g. tests of other controls): only the agreement decides. */
  InstructionContext NONE = of(null, null, null);
}
