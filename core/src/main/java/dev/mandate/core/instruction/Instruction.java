package dev.mandate.core.instruction;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;

/**
 * One version of a documented processing instruction (GDPR Art. 28(3)(a), ISO 27701 8.2.4): the
 * customer's own words, the structured fields, the agreement version it was given under, what the
 * analyser found, and every response since. {@code standing} marks the instruction an accepted
 * agreement gives for one of its purposes. Actors are API key references, never names.
 */
public record Instruction(
    CustomerId customer,
    InstructionId id,
    int version,
    InstructionState state,
    boolean standing,
    int agreementVersion,
    String text,
    InstructionFields fields,
    GivenBy givenBy,
    String submittedBy,
    Instant submittedAt,
    Analysis analysis,
    Step customerResponse,
    Step officerDecision,
    Instant updatedAt) {

  /**
   * Who at the customer gave the instruction, as the submitter stated it, and whether that person
   * is one the customer authorised to give instructions (GDPR Art. 29, PR-824-04).
   */
  public record GivenBy(String name, String role, boolean authorised) {}

  /** A response or decision: who, when, and the written justification or note. */
  public record Step(String actor, Instant at, String note) {}

  public String ref() {
    return "instruction:" + id.value() + "/v" + version;
  }

  public Instruction with(InstructionState newState, Step response, Step decision, Instant at) {
    return new Instruction(customer, id, version, newState, standing, agreementVersion, text, fields, givenBy,
        submittedBy, submittedAt, analysis, response, decision, at);
  }
}
