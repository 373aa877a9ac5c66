package dev.mandate.core.failure;

/**
 * A dependency needed to act safely is unavailable, e.g. the processing record could not be
 * made durable. Processing fails closed. HTTP 503.
 */
public final class Unavailable extends MandateException {
  public Unavailable(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
