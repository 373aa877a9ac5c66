package dev.mandate.core.instruction;

import java.time.LocalDate;
import java.util.List;

/**
 * The analyser's answer for one instruction: outcome, findings, the rules that found nothing,
 * and a summary in plain language that never claims the instruction is lawful.
 */
public record Analysis(
    Outcome outcome, List<Finding> findings, List<String> jurisdictions, int rulesChecked,
    List<String> rulesWithNothingFound, String ruleBookVersion, LocalDate asOf, String summary) {
  public Analysis {
    findings = List.copyOf(findings);
    jurisdictions = List.copyOf(jurisdictions);
    rulesWithNothingFound = List.copyOf(rulesWithNothingFound);
  }
}
