package dev.mandate.core.decision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionFields;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.core.instruction.InstructionsInForce;
import dev.mandate.core.instruction.Outcome;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The instructions part of a decision case ({@code "instructions"}): {@code "standingHeld": true}
 * puts the agreement's clause for the requested purpose on hold; {@code "named": {"state": …,
 * "purpose": …, "dataCategories": […], "operations": […]}} is the instruction the request is
 * carried out under ({@code "state": "UNKNOWN"} for one that does not exist); {@code
 * "standingRefused": true}: the officer refused the clause's standing instruction.
 */
final class CaseInstructions {
  private CaseInstructions() {}

  static InstructionContext of(String file, JsonNode node, DecisionRequest request) {
    TermsJson.allowOnly(node, file + " instructions", Set.of("standingHeld", "standingRefused", "standingMissing", "named"));
    boolean standingHeld = node.path("standingHeld").asBoolean(false);
    boolean standingRefused = node.path("standingRefused").asBoolean(false);
    boolean standingMissing = node.path("standingMissing").asBoolean(false);
    JsonNode named = node.get("named");
    InstructionsInForce.Status status = null;
    if (named != null) {
      TermsJson.allowOnly(named, file + " instructions.named", Set.of("state", "purpose", "dataCategories", "operations"));
      String state = named.get("state").asText();
      if (state.equals("UNKNOWN")) {
        status = new InstructionsInForce.Status(Optional.empty(), Optional.empty());
      } else {
        InstructionFields f = fields(named.get("purpose").asText(), TermsJson.strings(named, "dataCategories"),
            TermsJson.strings(named, "operations"));
        Instruction i = instruction(InstructionState.valueOf(state), false, f);
        status = new InstructionsInForce.Status(i.state().inForce() ? Optional.of(i) : Optional.empty(), Optional.of(i));
      }
    }
    Instruction held = standingHeld || standingRefused
        ? instruction(standingHeld ? InstructionState.HELD : InstructionState.REFUSED, true,
            fields(request.purpose(), List.of(), List.of())) : null;
    InstructionsInForce.Status finalStatus = status;
    return new InstructionContext() {
      @Override
      public InstructionsInForce.Standing standing(int agreementVersion, String purpose) {
        if (standingMissing) {
          return new InstructionsInForce.Standing(InstructionsInForce.StandingState.NOT_ANALYSED, null);
        }
        if (held == null || !held.fields().purpose().equals(purpose)) {
          return null;
        }
        return new InstructionsInForce.Standing(held.state().onHold() ? InstructionsInForce.StandingState.ON_HOLD
            : InstructionsInForce.StandingState.REFUSED, held);
      }

      @Override
      public InstructionsInForce.Status named() {
        return finalStatus;
      }
    };
  }

  private static InstructionFields fields(String purpose, List<String> categories, List<String> operations) {
    return new InstructionFields(purpose, null, categories, List.of(), null, null, operations, List.of(), List.of(),
        List.of(), null, null, null, null, null, null, null, null, List.of(), List.of(), null, null, null, null, null, null);
  }

  private static Instruction instruction(InstructionState state, boolean standing, InstructionFields f) {
    Outcome outcome = state.onHold() ? Outcome.POSSIBLE_INFRINGEMENT : Outcome.NO_INFRINGEMENT_FOUND;
    Analysis a = new Analysis(outcome, List.of(), List.of("EU-GDPR"), 1, List.of(), "test", LocalDate.of(2026, 6, 1), "test");
    Instant at = Instant.parse("2026-06-01T00:00:00Z");
    return new Instruction(new dev.mandate.core.customer.CustomerId("acme"), new InstructionId("ins_aaaaaaaaaaaaaaaaaaaa"),
        1, state, standing, 1, "test", f, new Instruction.GivenBy(null, "customer-dpo", true), "k/customer-dpo", at, a,
        null, null, at);
  }
}
