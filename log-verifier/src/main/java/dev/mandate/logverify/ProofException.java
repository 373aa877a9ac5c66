package dev.mandate.logverify;

/**
 * A Merkle proof did not verify (RFC 9162 sections 2.1.3.2 and 2.1.4.2): malformed arguments, a
 * proof of the wrong length, or hashes that do not lead to the expected root. Messages name sizes
 * and indexes only, never hashes or entry data.
 */
public final class ProofException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProofException(String message) {
    super(message);
  }
}
