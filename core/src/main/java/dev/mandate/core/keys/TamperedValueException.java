package dev.mandate.core.keys;

/**
 * A sealed value failed authentication: its bytes, its key version or its associated data
 * (customer, record, field) are not what they were when it was sealed. The message never
 * contains the value.
 */
public final class TamperedValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TamperedValueException(String message) {
    super(message);
  }

  public TamperedValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
