package dev.mandate.core.instruction;

import java.util.List;

/**
 * What one rule found in an instruction: the rule, the law it cites, how serious, the
 * explanation for the customer, and the instruction fields that triggered it.
 */
public record Finding(
    String rule, String catalogue, String jurisdiction, String citation, Rule.Severity severity,
    String explanation, List<String> fields) {
  public Finding {
    fields = List.copyOf(fields);
  }
}
