package dev.mandate.storage.jdbc.database;

/**
 * The database could not be reached, started or used, for a reason a person can act on. The
 * message is written for the operator (what happened and what to do) and never contains a
 * password; print it without the stack trace.
 */
public final class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message) {
    super(message);
  }

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
