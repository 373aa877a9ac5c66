package dev.mandate.logverify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Opens signed notes (https://c2sp.org/signed-note) and checkpoints
 * (https://c2sp.org/tlog-checkpoint) against known verifiers, with the semantics of Go's {@code
 * golang.org/x/mod/sumdb/note.Open}:
 *
 * <ul>
 *   <li>a signature whose key name and key id match a known verifier must verify, otherwise the
 *       whole note is refused ({@link NoteException.Reason#INVALID_SIGNATURE});
 *   <li>signatures by unknown keys (name or id differ) are ignored, which allows key rotation and
 *       witness cosignatures;
 *   <li>at least one signature must verify ({@link NoteException.Reason#NO_VERIFIED_SIGNATURE},
 *       naming the unknown keys);
 *   <li>repeated signatures by one key count once.
 * </ul>
 *
 * <p>The returned {@link SignedNote} lists <em>only the verified signatures</em>, in note order and
 * without repeats, so callers can check who vouched for the text (for example a log key and a
 * quorum of witnesses). To see every signature, including unknown ones, use {@link
 * SignedNote#parse}. Opening a checkpoint does not compare its origin with the log you expect:
 * callers should.
 */
public final class Notes {
  private Notes() {}

  /** Opens a note; see the class comment. */
  public static SignedNote open(String note, Collection<NoteVerifier> known) throws NoteException {
    return verify(SignedNote.parse(note), known);
  }

  /** Opens a note given as bytes; bytes that are not valid UTF-8 make it malformed. */
  public static SignedNote open(byte[] note, Collection<NoteVerifier> known) throws NoteException {
    return verify(SignedNote.parse(note), known);
  }

  /** Opens a note and parses its text as a checkpoint. */
  public static Checkpoint openCheckpoint(String note, Collection<NoteVerifier> known)
      throws NoteException {
    return Checkpoint.parse(open(note, known).text());
  }

  /** Opens a note given as bytes and parses its text as a checkpoint. */
  public static Checkpoint openCheckpoint(byte[] note, Collection<NoteVerifier> known)
      throws NoteException {
    return Checkpoint.parse(open(note, known).text());
  }

  private static SignedNote verify(SignedNote note, Collection<NoteVerifier> known)
      throws NoteException {
    Map<KeyRef, Set<NoteVerifier>> byKey = new HashMap<>();
    for (NoteVerifier v : Objects.requireNonNull(known, "known")) {
      byKey.computeIfAbsent(new KeyRef(v.name(), v.keyId()), k -> new HashSet<>()).add(v);
    }
    Set<KeyRef> seen = new HashSet<>();
    Set<String> unknown = new LinkedHashSet<>();
    List<NoteSignature> verified = new ArrayList<>();
    for (NoteSignature signature : note.signatures()) {
      KeyRef ref = new KeyRef(signature.name(), signature.keyId());
      Set<NoteVerifier> candidates = byKey.get(ref);
      if (candidates == null) {
        unknown.add(signature.keyLabel());
        continue;
      }
      if (candidates.size() > 1) {
        throw new NoteException(
            NoteException.Reason.AMBIGUOUS_KEY,
            "ambiguous key " + signature.keyLabel() + ": several known keys have this name and id",
            List.of(signature.keyLabel()));
      }
      if (!seen.add(ref)) {
        continue;
      }
      if (!candidates.iterator().next().verify(note.text(), signature.signature())) {
        throw new NoteException(
            NoteException.Reason.INVALID_SIGNATURE,
            "invalid signature for key " + signature.keyLabel(),
            List.of(signature.keyLabel()));
      }
      verified.add(signature);
    }
    if (verified.isEmpty()) {
      throw new NoteException(
          NoteException.Reason.NO_VERIFIED_SIGNATURE,
          "note has no verifiable signatures; it is signed only by unknown keys "
              + String.join(", ", unknown),
          List.copyOf(unknown));
    }
    return new SignedNote(note.text(), verified);
  }

  private record KeyRef(String name, int keyId) {}
}
