package dev.mandate.core.instruction;

import dev.mandate.core.customer.Jurisdiction;

/**
 * One analyser rule, read from the rule files (privacy-requirements §4): under {@code
 * jurisdiction}, an instruction for which {@code when} holds is a possible infringement of {@code
 * citation} ({@code severity} {@link Severity#INFRINGES}) or needs a person to look at it. {@code
 * catalogue} is the §4 rule it implements, e.g. {@code R-TRANSFER}; {@code explanation} is what
 * the customer reads.
 */
public record Rule(
    String id, String catalogue, Jurisdiction jurisdiction, String citation, Severity severity,
    Condition when, String explanation) {

  public enum Severity {
    INFRINGES,
    NEEDS_REVIEW
  }
}
