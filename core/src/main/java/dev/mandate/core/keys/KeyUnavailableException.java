package dev.mandate.core.keys;

/**
 * A key needed to read or write PII is missing or cannot be unwrapped (master key version absent,
 * key file unreadable, wrapping moved to another customer). Messages name versions and purposes,
 * never key material or PII.
 */
public final class KeyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyUnavailableException(String message) {
    super(message);
  }

  public KeyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
