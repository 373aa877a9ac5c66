package dev.mandate.core.failure;

import java.util.List;

/** The input is malformed or breaks a rule; nothing was changed. Maps to HTTP 400. */
public final class InvalidInput extends MandateException {
  private final List<FieldError> errors;

  public InvalidInput(ErrorCode code, String message, List<FieldError> errors) {
    super(code, message);
    this.errors = List.copyOf(errors);
  }

  public static InvalidInput field(String field, String code, String message) {
    return new InvalidInput(ErrorCode.INVALID_REQUEST, message, List.of(new FieldError(field, code, message)));
  }

  @Override
  public List<FieldError> errors() {
    return errors;
  }
}
