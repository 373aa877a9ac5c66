package dev.mandate.logverify;

import static dev.mandate.logverify.NotesTest.elements;
import static dev.mandate.logverify.NotesTest.failure;
import static dev.mandate.logverify.NotesTest.sha256;
import static dev.mandate.logverify.NotesTest.strings;
import static dev.mandate.logverify.NotesTest.vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {
  private static final String ROOT = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

  static Stream<Arguments> parseCases() throws IOException {
    return elements(vectors("checkpoint-parse-cases.json").get("cases"))
        .map(c -> argumentSet(c.get("id").asText(), c));
  }

  @ParameterizedTest
  @MethodSource("parseCases")
  void sigstoreCheckpointParsesOrFailsAsTheFileSays(JsonNode c) throws Exception {
    String text = c.get("checkpoint").asText();
    if (!c.get("expectedOutcome").asText().equals("parse")) {
      assertThat(failure(() -> Checkpoint.parse(SignedNote.parse(text).text())).reason())
          .isIn(NoteException.Reason.MALFORMED_NOTE, NoteException.Reason.MALFORMED_CHECKPOINT);
      return;
    }
    JsonNode expected = c.get("expected");
    SignedNote note = SignedNote.parse(text);
    Checkpoint checkpoint = Checkpoint.parse(note.text());

    assertThat(checkpoint.origin()).isEqualTo(expected.get("origin").asText());
    assertThat(checkpoint.size()).isEqualTo(expected.get("size").asLong());
    assertThat(checkpoint.rootHash()).isEqualTo(base64(expected.get("rootHashBase64").asText()));
    assertThat(checkpoint.extensions()).isEqualTo(strings(expected.get("extensionLines")));
    assertThat(checkpoint.body()).isEqualTo(note.text());
    List<NoteSignature> signatures = new ArrayList<>();
    for (JsonNode s : expected.get("signatures")) {
      int keyId = HexFormat.fromHexDigits(s.get("keyHintHex").asText());
      signatures.add(
          new NoteSignature(
              s.get("name").asText(), keyId, base64(s.get("signatureBase64").asText())));
    }
    assertThat(note.signatures()).isEqualTo(signatures);
    assertThat(note.format()).isEqualTo(text);
  }

  @Test
  void bodyIsTheSpecLayout() throws Exception {
    Checkpoint checkpoint =
        new Checkpoint("example.com/log", 20852163, base64(ROOT), List.of("x", "y z"));

    assertThat(checkpoint.body()).isEqualTo("example.com/log\n20852163\n" + ROOT + "\nx\ny z\n");
    assertThat(Checkpoint.parse(checkpoint.body())).isEqualTo(checkpoint);
    assertThat(Checkpoint.parse("o\n" + Long.MAX_VALUE + "\n" + ROOT + "\n").size())
        .isEqualTo(Long.MAX_VALUE);
  }

  static Stream<Arguments> malformedBodies() {
    return Stream.of(
        argumentSet("empty", ""),
        argumentSet("no final newline", "o\n0\n" + ROOT),
        argumentSet("two lines", "o\n0\n"),
        argumentSet("empty origin", "\n0\n" + ROOT + "\n"),
        argumentSet("empty size", "o\n\n" + ROOT + "\n"),
        argumentSet("leading zero", "o\n01\n" + ROOT + "\n"),
        argumentSet("plus sign", "o\n+1\n" + ROOT + "\n"),
        argumentSet("minus sign", "o\n-1\n" + ROOT + "\n"),
        argumentSet("space before size", "o\n 1\n" + ROOT + "\n"),
        argumentSet("space after size", "o\n1 \n" + ROOT + "\n"),
        argumentSet("hex size", "o\n0x10\n" + ROOT + "\n"),
        argumentSet("non-ASCII digit", "o\n\u0661\n" + ROOT + "\n"),
        argumentSet("size above 2^63-1", "o\n9223372036854775808\n" + ROOT + "\n"),
        argumentSet("uint64 max size", "o\n18446744073709551615\n" + ROOT + "\n"),
        argumentSet("root hash not base64", "o\n1\nnot base64!\n"),
        argumentSet("root hash without padding", "o\n1\n" + ROOT.replace("=", "") + "\n"),
        argumentSet("root hash of 31 bytes", "o\n1\n" + b64(new byte[31]) + "\n"),
        argumentSet("root hash of 33 bytes", "o\n1\n" + b64(new byte[33]) + "\n"),
        argumentSet("empty extension line", "o\n1\n" + ROOT + "\n\n"),
        argumentSet("empty line between extensions", "o\n1\n" + ROOT + "\na\n\nb\n"),
        argumentSet("carriage return", "o\r\n1\n" + ROOT + "\n"),
        argumentSet("unpaired surrogate", "o\ud800\n1\n" + ROOT + "\n"));
  }

  @ParameterizedTest
  @MethodSource("malformedBodies")
  void malformedBodyIsRefused(String body) {
    NoteException e = failure(() -> Checkpoint.parse(body));

    assertThat(e.reason()).isEqualTo(NoteException.Reason.MALFORMED_CHECKPOINT);
    assertThat(e.getMessage()).startsWith("malformed checkpoint: ");
  }

  @Test
  void isAValueWithCopiedRootHash() {
    byte[] root = sha256("x");
    Checkpoint checkpoint = new Checkpoint("o", 3, root);
    root[0] ^= 1;

    assertThat(checkpoint.rootHash()).isEqualTo(sha256("x"));
    checkpoint.rootHash()[0] ^= 1;
    assertThat(checkpoint.rootHash()).isEqualTo(sha256("x"));
    assertThat(checkpoint).isEqualTo(new Checkpoint("o", 3, sha256("x"), List.of()));
    assertThat(checkpoint).hasSameHashCodeAs(new Checkpoint("o", 3, sha256("x")));
    assertThat(checkpoint).isNotEqualTo(new Checkpoint("o", 3, sha256("y")));
    assertThat(checkpoint.toString()).contains(HexFormat.of().formatHex(sha256("x")));
  }

  @Test
  void constructorRefusesWhatCouldNotBeParsedBack() {
    byte[] root = sha256("x");

    assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("", 1, root));
    assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("a\nb", 1, root));
    assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("o", -1, root));
    assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("o", 1, new byte[31]));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Checkpoint("o", 1, root, List.of("")));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Checkpoint("o", 1, root, List.of("a\tb")));
  }

  private static byte[] base64(String s) {
    return Base64.getDecoder().decode(s);
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
