package dev.mandate.core.failure;

/** The thing asked for existed but is no longer usable (e.g. an expired link). HTTP 410. */
public final class Gone extends MandateException {
  public Gone(ErrorCode code, String message) {
    super(code, message);
  }
}
