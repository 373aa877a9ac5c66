package dev.mandate.core.failure;

/** The request clashes with the current state (e.g. a version that is no longer a draft). HTTP 409. */
public final class Conflict extends MandateException {
  public Conflict(ErrorCode code, String message) {
    super(code, message);
  }
}
