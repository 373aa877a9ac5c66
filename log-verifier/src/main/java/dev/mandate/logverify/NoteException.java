package dev.mandate.logverify;

import java.util.List;
import java.util.Objects;

/**
 * A signed note (https://c2sp.org/signed-note), tlog checkpoint (https://c2sp.org/tlog-checkpoint)
 * or verifier key that must not be trusted. {@link #reason()} is a stable code to branch on; the
 * message explains it for a person. Messages and {@link #keys()} name keys as {@code <name>+<8 hex
 * digit key id>}; they never contain signature bytes.
 */
public final class NoteException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a note, checkpoint or key was refused. The names are stable. */
  public enum Reason {
    /** The note breaks the signed-note format; Go's {@code note.Open} says "malformed note". */
    MALFORMED_NOTE,
    /** The note text is not a tlog-checkpoint body (origin, tree size, root hash, extensions). */
    MALFORMED_CHECKPOINT,
    /** A verifier key string ({@code <name>+<hex8 key id>+<base64(0x01 ‖ key)>}) is not usable. */
    BAD_VKEY,
    /**
     * A required key is not among the known keys. {@link Notes#open} never uses it: as the spec
     * demands it ignores unknown keys and reports {@link #NO_VERIFIED_SIGNATURE} when nothing else
     * is left. Reserved for callers that insist on one particular key.
     */
    UNKNOWN_KEY,
    /** Several different known verifiers share the key name and key id of a signature. */
    AMBIGUOUS_KEY,
    /** A signature by a known key (same name and key id) does not verify. */
    INVALID_SIGNATURE,
    /** No signature verifies with a known key; {@link #keys()} lists the unknown signers. */
    NO_VERIFIED_SIGNATURE
  }

  private final Reason reason;
  private final List<String> keys;

  public NoteException(Reason reason, String message) {
    this(reason, message, List.of());
  }

  public NoteException(Reason reason, String message, List<String> keys) {
    super(Objects.requireNonNull(message, "message"));
    this.reason = Objects.requireNonNull(reason, "reason");
    this.keys = List.copyOf(keys);
  }

  /** The stable code. */
  public Reason reason() {
    return reason;
  }

  /**
   * The keys concerned, as {@code <name>+<hex8 key id>}: the failing key for {@link
   * Reason#INVALID_SIGNATURE} and {@link Reason#AMBIGUOUS_KEY}, the unknown signers for {@link
   * Reason#NO_VERIFIED_SIGNATURE}, otherwise empty.
   */
  public List<String> keys() {
    return keys;
  }
}
