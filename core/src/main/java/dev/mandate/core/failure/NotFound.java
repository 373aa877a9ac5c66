package dev.mandate.core.failure;

/**
 * The thing does not exist, or the caller may not learn that it exists (tenant isolation:
 * both cases look the same). Maps to HTTP 404.
 */
public final class NotFound extends MandateException {
  public NotFound(ErrorCode code, String message) {
    super(code, message);
  }
}
