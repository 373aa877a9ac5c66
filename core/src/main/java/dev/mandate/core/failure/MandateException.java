package dev.mandate.core.failure;

import java.util.List;

/**
 * Root of the failures callers can catch by meaning. Messages never contain personal data:
 * they are shown to API clients and may be logged.
 */
public abstract sealed class MandateException extends RuntimeException
    permits InvalidInput, NotFound, Conflict, Forbidden, ProcessingDenied, Unavailable, Gone {
  private final ErrorCode code;

  protected MandateException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  protected MandateException(ErrorCode code, String message, Throwable cause) {
    super(message, cause, false, true);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** Field-level details, empty unless the input was invalid. */
  public List<FieldError> errors() {
    return List.of();
  }
}
