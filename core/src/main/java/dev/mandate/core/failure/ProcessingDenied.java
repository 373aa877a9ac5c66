package dev.mandate.core.failure;

import dev.mandate.core.decision.Decision;

/** The decision point denied the processing; nothing was revealed or changed. HTTP 403. */
public final class ProcessingDenied extends MandateException {
  private final transient Decision decision;

  public ProcessingDenied(Decision decision) {
    super(ErrorCode.PROCESSING_DENIED, "The processing is not permitted: " + decision.summary());
    this.decision = decision;
  }

  public Decision decision() {
    return decision;
  }
}
