package dev.mandate.core.instruction;

import dev.mandate.core.customer.Jurisdiction;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The loaded rules, grouped by jurisdiction, and a version (a digest of the rule files). */
public record RuleBook(List<Rule> rules, String version) {
  public RuleBook {
    rules = List.copyOf(rules);
  }

  public Map<Jurisdiction, List<Rule>> byJurisdiction() {
    Map<Jurisdiction, List<Rule>> map = new EnumMap<>(Jurisdiction.class);
    for (Jurisdiction j : Jurisdiction.values()) {
      map.put(j, rules.stream().filter(r -> r.jurisdiction() == j).toList());
    }
    return map;
  }
}
