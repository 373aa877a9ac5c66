package dev.mandate.core.decision;

/**
 * Why: a code, the clause of the agreement that decided (e.g. {@code purposes[2]}) or null when
 * something was missing, and a sentence naming the terms involved (never personal data).
 */
public record Reason(ReasonCode code, String clause, String detail) {}
