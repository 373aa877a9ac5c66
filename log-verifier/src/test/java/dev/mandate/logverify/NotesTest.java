package dev.mandate.logverify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NotesTest {
  private static final Path MERKLE =
      Path.of(System.getProperty("mandate.sharedTestdata", "../../shared/testdata"), "merkle");

  // --- signed-notes.json ------------------------------------------------------------------------

  static Stream<Arguments> signedNotes() throws IOException {
    return elements(vectors("signed-notes.json").get("cases"))
        .map(c -> argumentSet(c.get("id").asText(), c));
  }

  @ParameterizedTest
  @MethodSource("signedNotes")
  void signedNoteVectorsBehaveAsTheFileSays(JsonNode c) throws Exception {
    List<NoteVerifier> known = verifiers(c.get("verifierKeys"));
    byte[] note = noteBytes(c);
    JsonNode expected = c.get("expected");
    if (expected.has("verifiedBy")) {
      SignedNote opened = Notes.open(note, known);
      assertThat(opened.text()).isEqualTo(expected.get("text").asText());
      assertThat(opened.signatures())
          .extracting(NoteSignature::name)
          .containsExactlyElementsOf(strings(expected.get("verifiedBy")));
      assertThat(Notes.open(c.get("note").asText(), known)).isEqualTo(opened);
      List<String> everyone = new ArrayList<>(strings(expected.get("verifiedBy")));
      everyone.addAll(strings(expected.get("unverified")));
      assertThat(SignedNote.parse(note).signatures())
          .extracting(NoteSignature::name)
          .containsExactlyInAnyOrderElementsOf(everyone);
    } else if (expected.has("error")) {
      String error = expected.get("error").asText();
      NoteException e = failure(() -> Notes.open(note, known));
      assertThat(e.reason()).isEqualTo(reasonFor(error));
      assertThat(e.getMessage()).startsWith(error);
      if (expected.has("unverified")) {
        assertThat(e.keys())
            .extracting(key -> key.substring(0, key.indexOf('+')))
            .containsExactlyElementsOf(strings(expected.get("unverified")));
      }
      if (!c.has("noteEncoding")) {
        assertThat(failure(() -> Notes.open(c.get("note").asText(), known)).reason())
            .isEqualTo(e.reason());
      }
    } else {
      // The spec's checkpoint example: no key is published, so it parses but cannot be opened.
      Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(note).text());
      assertThat(checkpoint.origin()).isEqualTo(expected.get("origin").asText());
      assertThat(checkpoint.size()).isEqualTo(expected.get("size").asLong());
      assertThat(checkpoint.rootHash())
          .isEqualTo(Base64.getDecoder().decode(expected.get("rootHashBase64").asText()));
      assertThat(failure(() -> Notes.openCheckpoint(note, known)).reason())
          .isEqualTo(NoteException.Reason.NO_VERIFIED_SIGNATURE);
    }
  }

  private static NoteException.Reason reasonFor(String goError) {
    if (goError.startsWith("malformed note")) {
      return NoteException.Reason.MALFORMED_NOTE;
    } else if (goError.startsWith("invalid signature")) {
      return NoteException.Reason.INVALID_SIGNATURE;
    } else if (goError.startsWith("note has no verifiable signatures")) {
      return NoteException.Reason.NO_VERIFIED_SIGNATURE;
    }
    throw new IllegalArgumentException("unknown expected error " + goError);
  }

  /** The note's bytes; a note with a noteEncoding stands for the raw byte 0xFF by U+00FF. */
  private static byte[] noteBytes(JsonNode c) {
    String note = c.get("note").asText();
    if (!c.has("noteEncoding")) {
      return note.getBytes(UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    note.codePoints()
        .forEach(
            cp -> {
              if (cp == 0xFF) {
                out.write(0xFF);
              } else {
                out.writeBytes(Character.toString(cp).getBytes(UTF_8));
              }
            });
    return out.toByteArray();
  }

  // --- checkpoints-tessera-testlog.json ---------------------------------------------------------

  static Stream<Arguments> tesseraCheckpoints() throws IOException {
    return elements(vectors("checkpoints-tessera-testlog.json").get("checkpoints"))
        .map(c -> argumentSet("checkpoint." + c.get("treeSize").asInt(), c));
  }

  @ParameterizedTest
  @MethodSource("tesseraCheckpoints")
  void tesseraCheckpointOpensAndCommitsToTheFirstNLeaves(JsonNode c) throws Exception {
    JsonNode log = vectors("checkpoints-tessera-testlog.json");
    int n = c.get("treeSize").asInt();
    String note = c.get("checkpoint").asText();

    Checkpoint checkpoint = Notes.openCheckpoint(note, List.of(tesseraVerifier(log)));

    assertThat(checkpoint.origin()).isEqualTo(log.get("origin").asText());
    assertThat(checkpoint.size()).isEqualTo(n);
    assertThat(checkpoint.extensions()).isEmpty();
    List<byte[]> leaves =
        strings(log.get("leafData").get("words")).subList(0, n).stream()
            .map(word -> word.getBytes(UTF_8))
            .toList();
    assertThat(checkpoint.rootHash())
        .isEqualTo(rfc6962Root(leaves))
        .isEqualTo(HexFormat.of().parseHex(c.get("expected").get("rootHashHex").asText()));
    assertThat(checkpoint.body()).isEqualTo(SignedNote.parse(note).text());
  }

  @ParameterizedTest
  @MethodSource("tesseraCheckpoints")
  void tesseraCheckpointWithAnyBodyCharacterChangedIsRejected(JsonNode c) throws Exception {
    List<NoteVerifier> known =
        List.of(tesseraVerifier(vectors("checkpoints-tessera-testlog.json")));
    String note = c.get("checkpoint").asText();
    int bodyLength = SignedNote.parse(note).text().length();
    for (int i = 0; i < bodyLength; i++) {
      char original = note.charAt(i);
      if (original == '\n') {
        continue;
      }
      String changed = note.substring(0, i) + (original == 'X' ? 'Y' : 'X') + note.substring(i + 1);
      assertThat(failure(() -> Notes.open(changed, known)).reason())
          .as("character %d changed", i)
          .isEqualTo(NoteException.Reason.INVALID_SIGNATURE);
    }
    byte[] invalidUtf8 = note.getBytes(UTF_8);
    invalidUtf8[0] = (byte) 0xFF;
    assertThat(failure(() -> Notes.open(invalidUtf8, known)).reason())
        .isEqualTo(NoteException.Reason.MALFORMED_NOTE);
  }

  @ParameterizedTest
  @MethodSource("tesseraCheckpoints")
  void tesseraCheckpointWithAnySignatureByteChangedIsRejected(JsonNode c) throws Exception {
    List<NoteVerifier> known =
        List.of(tesseraVerifier(vectors("checkpoints-tessera-testlog.json")));
    SignedNote note = SignedNote.parse(c.get("checkpoint").asText());
    NoteSignature signature = note.signatures().getFirst();
    for (int i = 0; i < 4 + 64; i++) {
      int mask = 1 << (i % 8); // one bit in each byte of key id ‖ signature
      int keyId = signature.keyId();
      byte[] sig = signature.signature();
      if (i < 4) {
        keyId ^= mask << (8 * (3 - i));
      } else {
        sig[i - 4] ^= (byte) mask;
      }
      String changed =
          new SignedNote(note.text(), List.of(new NoteSignature(signature.name(), keyId, sig)))
              .format();
      assertThat(failure(() -> Notes.openCheckpoint(changed, known)).reason())
          .as("byte %d changed", i)
          .isEqualTo(
              i < 4
                  ? NoteException.Reason.NO_VERIFIED_SIGNATURE
                  : NoteException.Reason.INVALID_SIGNATURE);
    }
  }

  // --- round trips and Go's Open semantics -------------------------------------------------------

  @Test
  void signedCheckpointOpensToTheSameCheckpoint() throws Exception {
    NoteSigner signer = NoteSigner.generate("example.com/mandate/log");
    Checkpoint checkpoint = new Checkpoint(signer.name(), 42, sha256("root"));
    Checkpoint extended =
        new Checkpoint(signer.name(), 0, sha256("r"), List.of("Timestamp: 1697034484441201852"));

    assertThat(Notes.openCheckpoint(signer.sign(checkpoint.body()), List.of(signer.verifier())))
        .isEqualTo(checkpoint);
    assertThat(Notes.openCheckpoint(signer.sign(extended.body()), List.of(signer.verifier())))
        .isEqualTo(extended);
  }

  @Test
  void keyWithTheSameNameButAnotherKeyIsRejected() {
    NoteSigner signer = NoteSigner.generate("example.com/mandate/log");
    NoteSigner impostor = NoteSigner.generate("example.com/mandate/log");
    String note = signer.sign(new Checkpoint(signer.name(), 1, sha256("a")).body());

    NoteException e = failure(() -> Notes.openCheckpoint(note, List.of(impostor.verifier())));

    assertThat(e.reason()).isEqualTo(NoteException.Reason.NO_VERIFIED_SIGNATURE);
    assertThat(e.keys()).containsExactly(label(signer));
    assertThat(e.getMessage()).contains(label(signer));
  }

  @Test
  void signatureClaimingAKnownKeyIdThatDoesNotVerifyIsInvalid() {
    NoteSigner signer = NoteSigner.generate("example.com/mandate/log");
    NoteSigner forger = NoteSigner.generate("example.com/mandate/log");
    String text = new Checkpoint(signer.name(), 7, sha256("b")).body();
    byte[] forged = forger.signature(text);
    String note =
        new SignedNote(text, List.of(new NoteSignature(signer.name(), signer.keyId(), forged)))
            .format();

    NoteException e = failure(() -> Notes.openCheckpoint(note, List.of(signer.verifier())));

    assertThat(e.reason()).isEqualTo(NoteException.Reason.INVALID_SIGNATURE);
    assertThat(e.getMessage()).isEqualTo("invalid signature for key " + label(signer));
    assertThat(e.getMessage()).doesNotContain(Base64.getEncoder().encodeToString(forged));
  }

  @Test
  void oneBadKnownSignatureRejectsTheNoteEvenIfAnotherVerifies() {
    NoteSigner log = NoteSigner.generate("example.com/log");
    NoteSigner witness = NoteSigner.generate("example.com/witness");
    String text = "hello\n";
    String note =
        new SignedNote(
                text,
                List.of(
                    new NoteSignature(log.name(), log.keyId(), log.signature(text)),
                    new NoteSignature(witness.name(), witness.keyId(), log.signature(text))))
            .format();

    assertThat(failure(() -> Notes.open(note, List.of(log.verifier(), witness.verifier()))).keys())
        .containsExactly(label(witness));
  }

  @Test
  void keyRotationKeepsOldNotesOpenWhileBothKeysAreKnown() throws Exception {
    NoteSigner old = NoteSigner.generate("example.com/mandate/log");
    NoteSigner current = NoteSigner.generate("example.com/mandate/log");
    Checkpoint before = new Checkpoint(old.name(), 10, sha256("10"));
    Checkpoint after = new Checkpoint(old.name(), 11, sha256("11"));
    String oldNote = old.sign(before.body());
    String newNote = current.sign(after.body());
    String transition = cosign(after.body(), old, current);
    List<NoteVerifier> both = List.of(current.verifier(), old.verifier());

    assertThat(Notes.openCheckpoint(oldNote, both)).isEqualTo(before);
    assertThat(Notes.openCheckpoint(newNote, both)).isEqualTo(after);
    assertThat(Notes.open(transition, both).signatures())
        .extracting(NoteSignature::keyId)
        .containsExactly(old.keyId(), current.keyId());
    assertThat(Notes.open(transition, List.of(current.verifier())).signatures())
        .extracting(NoteSignature::keyId)
        .containsExactly(current.keyId());
    assertThat(failure(() -> Notes.open(oldNote, List.of(current.verifier()))).reason())
        .isEqualTo(NoteException.Reason.NO_VERIFIED_SIGNATURE);
  }

  @Test
  void openedNoteListsOnlyVerifiedSignaturesOnce() throws Exception {
    NoteSigner log = NoteSigner.generate("example.com/log");
    NoteSigner witness = NoteSigner.generate("example.com/witness");
    String text = "some text\n\nwith a blank line\n";
    String note = cosign(text, witness, log, log, witness);

    SignedNote opened = Notes.open(note, List.of(log.verifier()));

    assertThat(opened.text()).isEqualTo(text);
    assertThat(opened.signatures()).extracting(NoteSignature::name).containsExactly(log.name());
    assertThat(SignedNote.parse(note).signatures()).hasSize(4);
    assertThat(Notes.open(note, List.of(log.verifier(), witness.verifier())).signatures())
        .extracting(NoteSignature::name)
        .containsExactly(witness.name(), log.name());
  }

  @Test
  void duplicateVerifiersAreHarmlessButTwoKeysWithOneNameAndIdAreAmbiguous() throws Exception {
    // Found by a birthday search: two different keys named "collide" with key id a4a624d3.
    NoteVerifier first =
        NoteVerifier.fromVkey("collide+a4a624d3+AZgHSPlFTbys//FDppyclzmwDuciM2TmiNpY5vYSsAly");
    NoteVerifier second =
        NoteVerifier.fromVkey("collide+a4a624d3+ASfyqlOydeGHyU9mRIvF9/PinIhupi7pkl7mXvrZTLcm");
    NoteSigner signer = NoteSigner.fromSeed("collide", seed(74721));
    assertThat(signer.verifier()).isEqualTo(first).isNotEqualTo(second);
    String note = signer.sign("text\n");

    assertThat(Notes.open(note, List.of(first, first)).signatures()).hasSize(1);
    NoteException e = failure(() -> Notes.open(note, List.of(first, second)));
    assertThat(e.reason()).isEqualTo(NoteException.Reason.AMBIGUOUS_KEY);
    assertThat(e.keys()).containsExactly("collide+a4a624d3");
  }

  @Test
  void signedTextThatIsNoCheckpointIsAMalformedCheckpoint() {
    NoteSigner signer = NoteSigner.generate("example.com/log");

    NoteException e =
        failure(
            () ->
                Notes.openCheckpoint(
                    signer.sign("not a checkpoint\n"), List.of(signer.verifier())));

    assertThat(e.reason()).isEqualTo(NoteException.Reason.MALFORMED_CHECKPOINT);
  }

  @Test
  void noKnownKeysMeansNoVerifiedSignature() {
    NoteSigner signer = NoteSigner.generate("example.com/log");

    assertThat(failure(() -> Notes.open(signer.sign("x\n"), List.of())).reason())
        .isEqualTo(NoteException.Reason.NO_VERIFIED_SIGNATURE);
  }

  // --- helpers -----------------------------------------------------------------------------------

  static JsonNode vectors(String file) throws IOException {
    return new ObjectMapper().readTree(MERKLE.resolve(file).toFile());
  }

  static Stream<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  static List<String> strings(JsonNode array) {
    return elements(array).map(JsonNode::asText).toList();
  }

  static NoteException failure(ThrowingCallable call) {
    NoteException e = catchThrowableOfType(NoteException.class, call);
    assertThat(e).as("expected a NoteException").isNotNull();
    return e;
  }

  private static List<NoteVerifier> verifiers(JsonNode vkeys) throws NoteException {
    List<NoteVerifier> out = new ArrayList<>();
    for (String vkey : strings(vkeys)) {
      out.add(NoteVerifier.fromVkey(vkey));
    }
    return out;
  }

  private static NoteVerifier tesseraVerifier(JsonNode log) throws NoteException {
    return NoteVerifier.fromVkey(log.get("verifierKey").asText());
  }

  private static String cosign(String text, NoteSigner... signers) {
    List<NoteSignature> signatures = new ArrayList<>();
    for (NoteSigner s : signers) {
      signatures.add(new NoteSignature(s.name(), s.keyId(), s.signature(text)));
    }
    return new SignedNote(text, signatures).format();
  }

  private static String label(NoteSigner signer) {
    return signer.name() + "+" + String.format("%08x", signer.keyId());
  }

  private static byte[] seed(int n) {
    byte[] seed = new byte[32];
    for (int i = 0; i < 4; i++) {
      seed[31 - i] = (byte) (n >>> (8 * i));
    }
    return seed;
  }

  static byte[] sha256(String s) {
    return digest(s.getBytes(UTF_8));
  }

  /** A naive RFC 6962 section 2.1 Merkle tree hash, independent of {@code Hashes}. */
  private static byte[] rfc6962Root(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return digest();
    }
    if (leaves.size() == 1) {
      return digest(new byte[] {0}, leaves.getFirst());
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return digest(
        new byte[] {1},
        rfc6962Root(leaves.subList(0, k)),
        rfc6962Root(leaves.subList(k, leaves.size())));
  }

  private static byte[] digest(byte[]... parts) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        sha256.update(part);
      }
      return sha256.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
