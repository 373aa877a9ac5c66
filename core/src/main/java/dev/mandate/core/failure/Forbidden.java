package dev.mandate.core.failure;

/** The caller is known but its role does not allow the action. HTTP 403. */
public final class Forbidden extends MandateException {
  public Forbidden(String message) {
    super(ErrorCode.FORBIDDEN_FOR_ROLE, message);
  }
}
