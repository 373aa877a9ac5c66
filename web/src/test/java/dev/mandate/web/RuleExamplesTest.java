package dev.mandate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Finding;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks every analyser rule's own examples (PR-824-01): each "trigger" example must make the rule
 * fire, each "pass" example must not. A rule without both kinds does not load.
 */
class RuleExamplesTest {
  private static final RuleFiles.Loaded LOADED = RuleFiles.load(Vocabulary.dpv());

  @TestFactory
  Stream<DynamicTest> everyRuleBehavesAsItsExamplesSay() {
    return LOADED.examples().stream().map(e -> DynamicTest.dynamicTest(
        e.rule() + (e.mustTrigger() ? " fires on: " : " stays quiet on: ") + e.title(), () -> {
          Analysis a = LOADED.analyser().analyse(e.check().input(LocalDate.of(2026, 11, 1)));
          List<String> fired = a.findings().stream().map(Finding::rule).toList();
          assertEquals(e.mustTrigger(), fired.contains(e.rule()), () -> "findings: " + a.findings());
          if (e.mustTrigger()) {
            Finding f = a.findings().stream().filter(x -> x.rule().equals(e.rule())).findFirst().orElseThrow();
            assertTrue(!f.fields().isEmpty(), "a finding names the fields that triggered it");
          }
        }));
  }

  @Test
  void everyRuleHasExamplesOfBothKinds() {
    for (var rule : LOADED.analyser().rules().rules()) {
      assertTrue(LOADED.examples().stream().anyMatch(e -> e.rule().equals(rule.id()) && e.mustTrigger()), rule.id());
      assertTrue(LOADED.examples().stream().anyMatch(e -> e.rule().equals(rule.id()) && !e.mustTrigger()), rule.id());
    }
  }
}
