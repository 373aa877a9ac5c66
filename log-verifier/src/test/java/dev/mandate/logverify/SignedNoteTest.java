package dev.mandate.logverify;

import static dev.mandate.logverify.NotesTest.elements;
import static dev.mandate.logverify.NotesTest.failure;
import static dev.mandate.logverify.NotesTest.vectors;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignedNoteTest {
  private static final String TEXT = "If you think cryptography is the answer to your problem,\n";
  private static final String SIG =
      "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
  private static final String LINE = "— PeterNeumann " + SIG + "\n";

  static Stream<Arguments> wellFormedVectors() throws IOException {
    Stream<Arguments> notes =
        elements(vectors("signed-notes.json").get("cases"))
            .filter(c -> !c.get("expected").has("error"))
            .map(c -> argumentSet(c.get("id").asText(), c.get("note").asText()));
    Stream<Arguments> checkpoints =
        elements(vectors("checkpoints-tessera-testlog.json").get("checkpoints"))
            .map(c -> argumentSet("tessera " + c.get("treeSize"), c.get("checkpoint").asText()));
    return Stream.concat(notes, checkpoints);
  }

  @ParameterizedTest
  @MethodSource("wellFormedVectors")
  void formatGivesBackTheParsedNoteByteForByte(String note) throws Exception {
    SignedNote parsed = SignedNote.parse(note);

    assertThat(parsed.format()).isEqualTo(note);
    assertThat(SignedNote.parse(note.getBytes(UTF_8))).isEqualTo(parsed);
  }

  @Test
  void parsesNameKeyIdAndSignature() throws Exception {
    SignedNote note = SignedNote.parse(TEXT + "\n" + LINE);

    assertThat(note.text()).isEqualTo(TEXT);
    NoteSignature signature = note.signatures().getFirst();
    assertThat(signature.name()).isEqualTo("PeterNeumann");
    assertThat(signature.keyId()).isEqualTo(0xc74f20a3);
    assertThat(signature.keyLabel()).isEqualTo("PeterNeumann+c74f20a3");
    byte[] raw = Base64.getDecoder().decode(SIG);
    assertThat(signature.signature()).hasSize(64).containsExactly(tail(raw, 4));
  }

  @Test
  void textIsSplitAtTheLastBlankLine() throws Exception {
    String text =
        "Ognuno sta solo sul cuor della terra\n"
            + "trafitto da un raggio di sole:\n\n"
            + "ed è subito sera.\n";

    assertThat(SignedNote.parse(text + "\n" + LINE).text()).isEqualTo(text);
    assertThat(SignedNote.parse("\n\n" + LINE).text()).isEqualTo("\n");
    assertThat(SignedNote.parse("a\n\n\n" + LINE).text()).isEqualTo("a\n\n");
  }

  @Test
  void unicodeDeleteAndReplacementCharacterAreAllowed() throws Exception {
    String text = "del \u007f, replacement \ufffd, emoji \ud83d\ude00\n";

    assertThat(SignedNote.parse(text + "\n" + LINE).text()).isEqualTo(text);
  }

  static Stream<Arguments> malformedNotes() {
    return Stream.of(
        argumentSet("empty", ""),
        argumentSet("text only", TEXT),
        argumentSet("no signature after the blank line", TEXT + "\n"),
        argumentSet("missing final newline", TEXT + "\n" + LINE.strip()),
        argumentSet("text after the signatures", TEXT + "\n" + LINE + "more\n"),
        argumentSet("hyphen-minus instead of em dash", TEXT + "\n- PeterNeumann " + SIG + "\n"),
        argumentSet("en dash instead of em dash", TEXT + "\n– PeterNeumann " + SIG + "\n"),
        argumentSet("no space after the em dash", TEXT + "\n—PeterNeumann " + SIG + "\n"),
        argumentSet("empty key name", TEXT + "\n—  " + SIG + "\n"),
        argumentSet("key name with plus", TEXT + "\n— Peter+Neumann " + SIG + "\n"),
        argumentSet("key name with no-break space", TEXT + "\n— Peter\u00a0Neumann " + SIG + "\n"),
        argumentSet("key name with ideographic space", TEXT + "\n— Peter\u3000N " + SIG + "\n"),
        argumentSet("no signature after the name", TEXT + "\n— PeterNeumann\n"),
        argumentSet("empty signature", TEXT + "\n— PeterNeumann \n"),
        argumentSet("two spaces before the signature", TEXT + "\n— PeterNeumann  " + SIG + "\n"),
        argumentSet("signature with a trailing space", TEXT + "\n— PeterNeumann " + SIG + " \n"),
        argumentSet(
            "signature without padding", TEXT + "\n— PeterNeumann " + SIG.replace("=", "") + "\n"),
        argumentSet("url-safe base64", TEXT + "\n— PeterNeumann " + SIG.replace('/', '_') + "\n"),
        argumentSet("non-canonical base64 bits", TEXT + "\n— PeterNeumann AAAAAAB=\n"),
        argumentSet("signature of only a key id", TEXT + "\n— PeterNeumann AAAAAA==\n"),
        argumentSet("tab in the text", "a\tb\n\n" + LINE),
        argumentSet("carriage return", "a\r\n\n" + LINE),
        argumentSet("control character U+0001", "\u0001" + TEXT + "\n" + LINE),
        argumentSet("unpaired high surrogate", "a\ud800\n\n" + LINE),
        argumentSet("unpaired low surrogate", "a\udc00b\n\n" + LINE),
        argumentSet("101 signatures", TEXT + "\n" + LINE.repeat(101)));
  }

  @ParameterizedTest
  @MethodSource("malformedNotes")
  void malformedNoteIsRefused(String note) {
    NoteException e = failure(() -> SignedNote.parse(note));

    assertThat(e.reason()).isEqualTo(NoteException.Reason.MALFORMED_NOTE);
    assertThat(e.getMessage()).startsWith("malformed note: ").doesNotContain(SIG.substring(0, 12));
  }

  @Test
  void oneHundredSignaturesAreAccepted() throws Exception {
    assertThat(SignedNote.parse(TEXT + "\n" + LINE.repeat(100)).signatures()).hasSize(100);
  }

  static Stream<Arguments> invalidUtf8() {
    return Stream.of(
        argumentSet("byte 0xFF", "ff61"),
        argumentSet("lone continuation byte", "80"),
        argumentSet("overlong slash", "c0af"),
        argumentSet("encoded surrogate", "eda080"),
        argumentSet("truncated sequence", "e282"));
  }

  @ParameterizedTest
  @MethodSource("invalidUtf8")
  void noteBytesThatAreNotUtf8AreMalformed(String hex) {
    byte[] prefix = HexFormat.of().parseHex(hex);
    byte[] rest = (TEXT + "\n" + LINE).getBytes(UTF_8);
    byte[] note = new byte[prefix.length + rest.length];
    System.arraycopy(prefix, 0, note, 0, prefix.length);
    System.arraycopy(rest, 0, note, prefix.length, rest.length);

    assertThat(failure(() -> SignedNote.parse(note)).reason())
        .isEqualTo(NoteException.Reason.MALFORMED_NOTE);
  }

  @Test
  void constructorRefusesWhatCouldNotBeFormattedAndParsedBack() {
    NoteSignature s = new NoteSignature("a", 1, new byte[64]);

    assertThatIllegalArgumentException().isThrownBy(() -> new SignedNote("no newline", List.of(s)));
    assertThatIllegalArgumentException().isThrownBy(() -> new SignedNote("", List.of(s)));
    assertThatIllegalArgumentException().isThrownBy(() -> new SignedNote("a\u0000\n", List.of(s)));
    assertThatIllegalArgumentException().isThrownBy(() -> new SignedNote("a\n", List.of()));
    List<NoteSignature> many = IntStream.range(0, 101).mapToObj(i -> s).toList();
    assertThatIllegalArgumentException().isThrownBy(() -> new SignedNote("a\n", many));
  }

  @Test
  void noteSignatureIsAValueThatHidesItsBytes() {
    byte[] bytes = new byte[64];
    bytes[0] = 42;
    NoteSignature s = new NoteSignature("example.com/log", 0x0102abcd, bytes);
    bytes[0] = 0;

    assertThat(s.signature()[0]).isEqualTo((byte) 42);
    assertThat(s).isEqualTo(new NoteSignature("example.com/log", 0x0102abcd, s.signature()));
    assertThat(s)
        .hasSameHashCodeAs(new NoteSignature("example.com/log", 0x0102abcd, s.signature()));
    assertThat(s.toString())
        .isEqualTo("NoteSignature[example.com/log+0102abcd, 64 signature bytes]");
    assertThatIllegalArgumentException().isThrownBy(() -> new NoteSignature("a b", 1, bytes));
    assertThatIllegalArgumentException().isThrownBy(() -> new NoteSignature("a+b", 1, bytes));
    assertThatIllegalArgumentException().isThrownBy(() -> new NoteSignature("", 1, bytes));
    assertThatIllegalArgumentException().isThrownBy(() -> new NoteSignature("a", 1, new byte[0]));
  }

  private static byte[] tail(byte[] raw, int from) {
    byte[] out = new byte[raw.length - from];
    System.arraycopy(raw, from, out, 0, out.length);
    return out;
  }
}
