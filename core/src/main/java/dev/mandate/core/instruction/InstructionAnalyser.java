package dev.mandate.core.instruction;

import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Analyses a customer instruction against the rule catalogue of every law the customer is under
 * (ISO 27701 8.2.4, PR-824-01). Any {@code INFRINGES} finding makes the outcome {@link
 * Outcome#POSSIBLE_INFRINGEMENT}; otherwise any {@code NEEDS_REVIEW} finding makes it {@link
 * Outcome#NEEDS_REVIEW}. Pure and thread-safe: rules are data, evaluated over one facts tree.
 */
public final class InstructionAnalyser {
  private final RuleBook rules;
  private final Map<Jurisdiction, List<Rule>> byJurisdiction;
  private final Vocabulary vocabulary;

  public InstructionAnalyser(RuleBook rules, Vocabulary vocabulary) {
    this.rules = rules;
    this.byJurisdiction = rules.byJurisdiction();
    this.vocabulary = vocabulary;
  }

  public RuleBook rules() {
    return rules;
  }

  public Analysis analyse(AnalysisInput in) {
    Facts facts = InstructionFacts.of(in, vocabulary);
    List<Finding> findings = new ArrayList<>();
    List<String> clear = new ArrayList<>();
    List<Jurisdiction> laws = in.jurisdictions().stream().sorted(Comparator.comparing(Jurisdiction::code)).toList();
    int checked = 0;
    for (Jurisdiction j : laws) {
      for (Rule rule : byJurisdiction.get(j)) {
        checked++;
        Condition.Trace trace = new Condition.Trace();
        if (rule.when().test(facts, null, trace, false)) {
          findings.add(new Finding(rule.id(), rule.catalogue(), j.code(), rule.citation(), rule.severity(),
              rule.explanation(), trace.fields()));
        } else {
          clear.add(rule.id());
        }
      }
    }
    Outcome outcome = findings.stream().anyMatch(f -> f.severity() == Rule.Severity.INFRINGES) ? Outcome.POSSIBLE_INFRINGEMENT
        : findings.isEmpty() ? Outcome.NO_INFRINGEMENT_FOUND : Outcome.NEEDS_REVIEW;
    List<String> codes = laws.stream().map(Jurisdiction::code).toList();
    return new Analysis(outcome, findings, codes, checked, clear, rules.version(), in.asOf(),
        summary(outcome, findings, checked, codes));
  }

  private static String summary(Outcome outcome, List<Finding> findings, int checked, List<String> laws) {
    String under = laws.isEmpty() ? "no law (the customer names none)" : String.join(", ", laws);
    return switch (outcome) {
      case NO_INFRINGEMENT_FOUND -> "None of the " + checked + " rules checked under " + under
          + " found a possible infringement. This is not a statement that the instruction is lawful:"
          + " only that these rules found nothing.";
      case POSSIBLE_INFRINGEMENT -> findings.size() + " of the " + checked + " rules checked under " + under
          + " found that this instruction may infringe the law.";
      case NEEDS_REVIEW -> findings.size() + " of the " + checked + " rules checked under " + under
          + " need a person's judgement.";
    };
  }
}
