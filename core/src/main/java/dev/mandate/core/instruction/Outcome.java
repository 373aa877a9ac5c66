package dev.mandate.core.instruction;

/**
 * The analyser's verdict on one instruction. It never says an instruction is lawful: only that
 * the rules checked found nothing (PR-824-01).
 */
public enum Outcome {
  /** No rule found anything: the instruction may take effect. */
  NO_INFRINGEMENT_FOUND,
  /** A rule found that the instruction may infringe the law: held, and the customer is told. */
  POSSIBLE_INFRINGEMENT,
  /** A rule asks for a person's judgement: held until the processor's privacy officer decides. */
  NEEDS_REVIEW;

  public boolean holds() {
    return this != NO_INFRINGEMENT_FOUND;
  }
}
