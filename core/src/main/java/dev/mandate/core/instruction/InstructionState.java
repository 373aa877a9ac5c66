package dev.mandate.core.instruction;

/**
 * Where one version of an instruction stands (PR-824-02, PR-824-03). Only {@link #CLEARED} and
 * {@link #APPLIED} versions are in force; the decision point treats every other as not in force.
 *
 * <pre>
 *   analysed ─ nothing found ──────────────▶ CLEARED
 *      └─ possible infringement / review ─▶ HELD ─ customer confirms ─▶ CONFIRMED_BY_CUSTOMER
 *                                            │                             │
 *                                            ├─ officer (review only) ─────┼─▶ APPLIED | REFUSED
 *                                            ├─ customer amends ─▶ SUPERSEDED (a new version is analysed)
 *                                            └─ customer withdraws ─▶ WITHDRAWN
 * </pre>
 *
 * A cleared or applied version becomes SUPERSEDED when a later version takes effect, and
 * WITHDRAWN when the customer withdraws the instruction.
 */
public enum InstructionState {
  CLEARED,
  HELD,
  CONFIRMED_BY_CUSTOMER,
  APPLIED,
  REFUSED,
  WITHDRAWN,
  SUPERSEDED;

  public boolean inForce() {
    return this == CLEARED || this == APPLIED;
  }

  /** Held until someone acts: the customer (amend, withdraw, confirm) or the officer (decide). */
  public boolean onHold() {
    return this == HELD || this == CONFIRMED_BY_CUSTOMER;
  }

  public boolean isFinal() {
    return this == REFUSED || this == WITHDRAWN || this == SUPERSEDED;
  }
}
