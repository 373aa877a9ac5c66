package dev.mandate.logverify;

import static dev.mandate.logverify.NotesTest.elements;
import static dev.mandate.logverify.NotesTest.vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoteSignerTest {
  // golang.org/x/mod/sumdb/note documentation: PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 ‖
  // seed)>
  private static final String PETER_SKEY = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

  @Test
  void signsExactlyLikeGo() throws Exception {
    JsonNode vector =
        elements(vectors("signed-notes.json").get("cases"))
            .filter(c -> c.get("id").asText().equals("golang-note-sign-output"))
            .findFirst()
            .orElseThrow();
    byte[] skey = Base64.getDecoder().decode(PETER_SKEY);
    NoteSigner peter =
        NoteSigner.fromSeed("PeterNeumann", Arrays.copyOfRange(skey, 1, skey.length));

    assertThat(peter.vkey()).isEqualTo(vector.get("verifierKeys").get(0).asText());
    assertThat(peter.keyId()).isEqualTo(0xc74f20a3);
    assertThat(peter.sign(vector.get("expected").get("text").asText()))
        .isEqualTo(vector.get("note").asText());
  }

  @Test
  void generatedKeyComesBackFromItsSeed() throws Exception {
    NoteSigner signer = NoteSigner.generate("example.com/mandate/log");
    NoteSigner again = NoteSigner.fromSeed(signer.name(), signer.seed());

    assertThat(signer.seed()).hasSize(32);
    assertThat(again.vkey()).isEqualTo(signer.vkey());
    assertThat(again.verifier()).isEqualTo(signer.verifier());
    assertThat(NoteVerifier.fromVkey(signer.vkey())).isEqualTo(signer.verifier());
    assertThat(signer.keyId())
        .isEqualTo(NoteVerifier.keyId(signer.name(), signer.verifier().publicKey()));
    assertThat(again.sign("x\n")).isEqualTo(signer.sign("x\n"));
    assertThat(NoteSigner.generate(signer.name()).vkey()).isNotEqualTo(signer.vkey());
  }

  @Test
  void signatureVerifiesAndSeedIsCopiedAndHidden() {
    byte[] seed = new byte[32];
    seed[0] = 7;
    NoteSigner signer = NoteSigner.fromSeed("example.com/log", seed);
    seed[0] = 8;
    signer.seed()[0] = 9;

    assertThat(signer.seed()[0]).isEqualTo((byte) 7);
    assertThat(signer.verifier().verify("text\n", signer.signature("text\n"))).isTrue();
    assertThat(signer.toString())
        .isEqualTo("NoteSigner[" + signer.vkey() + "]")
        .doesNotContain(HexFormat.of().formatHex(signer.seed()))
        .doesNotContain(Base64.getEncoder().encodeToString(signer.seed()));
  }

  @Test
  void refusesBadNamesSeedsAndTexts() {
    NoteSigner signer = NoteSigner.generate("example.com/log");

    assertThatIllegalArgumentException().isThrownBy(() -> NoteSigner.generate("a b"));
    assertThatIllegalArgumentException().isThrownBy(() -> NoteSigner.generate("a+b"));
    assertThatIllegalArgumentException().isThrownBy(() -> NoteSigner.generate(""));
    assertThatIllegalArgumentException().isThrownBy(() -> NoteSigner.fromSeed("a", new byte[31]));
    assertThatIllegalArgumentException().isThrownBy(() -> signer.sign("no final newline"));
    assertThatIllegalArgumentException().isThrownBy(() -> signer.sign("tab\there\n"));
    assertThatIllegalArgumentException().isThrownBy(() -> signer.signature("\ud800"));
    assertThat(List.of(signer.sign("ok\n"))).singleElement().asString().endsWith("\n");
  }
}
