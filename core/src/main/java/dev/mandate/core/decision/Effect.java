package dev.mandate.core.decision;

/** The outcome of a decision. There is no third value: anything not permitted is denied. */
public enum Effect {
  PERMIT,
  DENY
}
