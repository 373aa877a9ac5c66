package dev.mandate.logverify;

import static dev.mandate.logverify.NotesTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NoteVerifierTest {
  // golang.org/x/mod/sumdb/note note_test.go
  private static final String PETER =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  private static final String SIG =
      "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";

  @Test
  void readsAVerifierKey() throws Exception {
    NoteVerifier v = NoteVerifier.fromVkey(PETER);

    assertThat(v.name()).isEqualTo("PeterNeumann");
    assertThat(v.keyId()).isEqualTo(0xc74f20a3);
    assertThat(v.vkey()).isEqualTo(PETER);
    assertThat(v.toString()).isEqualTo(PETER);
    assertThat(v.publicKey()).hasSize(32);
    assertThat(NoteVerifier.keyId("PeterNeumann", v.publicKey())).isEqualTo(0xc74f20a3);
    assertThat(NoteVerifier.fromVkey(PETER.replace("c74f20a3", "C74F20A3"))).isEqualTo(v);
  }

  @Test
  void keyIdIsTheFirstFourBytesOfTheSpecHash() throws Exception {
    byte[] key = NoteVerifier.fromVkey(PETER).publicKey();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("PeterNeumann\n".getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0x01);
    byte[] hash = sha256.digest(key);

    assertThat(NoteVerifier.keyId("PeterNeumann", key))
        .isEqualTo(
            ((hash[0] & 0xff) << 24)
                | ((hash[1] & 0xff) << 16)
                | ((hash[2] & 0xff) << 8)
                | (hash[3] & 0xff));
  }

  @Test
  void verifiesSignaturesOverTheText() throws Exception {
    NoteVerifier v = NoteVerifier.fromVkey(PETER);
    byte[] raw = Base64.getDecoder().decode(SIG);
    byte[] sig = Arrays.copyOfRange(raw, 4, raw.length);

    assertThat(v.verify(TEXT, sig)).isTrue();
    assertThat(v.verify(TEXT + "x", sig)).isFalse();
    assertThat(v.verify(TEXT, Arrays.copyOf(sig, 63))).isFalse();
    assertThat(v.verify(TEXT, raw)).isFalse();
    assertThat(v.verify(TEXT + "\ud800", sig)).isFalse();
    sig[10] ^= 1;
    assertThat(v.verify(TEXT, sig)).isFalse();
  }

  static Stream<Arguments> badVkeys() {
    return Stream.of(
        argumentSet("empty", ""),
        argumentSet("name only", "PeterNeumann"),
        argumentSet("no key", "PeterNeumann+c74f20a3"),
        argumentSet("empty key", "PeterNeumann+c74f20a3+"),
        argumentSet("empty name", "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        argumentSet(
            "name with space",
            "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        argumentSet(
            "short key id", "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        argumentSet(
            "non-hex key id", "PeterNeumann+c74f20ag+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        argumentSet(
            "wrong key id", "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        argumentSet(
            "other name", "PeterNeumanm+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        argumentSet(
            "not base64", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T!"),
        // Go's TestNewVerifier: bad length key and unknown algorithm, each with adjusted key hash
        argumentSet(
            "bad length key",
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="),
        argumentSet(
            "unknown algorithm",
            "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  }

  @ParameterizedTest
  @MethodSource("badVkeys")
  void badVerifierKeyIsRefused(String vkey) {
    NoteException e = failure(() -> NoteVerifier.fromVkey(vkey));

    assertThat(e.reason()).isEqualTo(NoteException.Reason.BAD_VKEY);
    assertThat(e.getMessage()).startsWith("bad verifier key: ");
  }

  @Test
  void everyDeletionFromAVerifierKeyIsRefused() {
    // Go's TestNewVerifier: all manglings by removing a substring are rejected.
    for (int i = 0; i <= PETER.length(); i++) {
      for (int j = i + 1; j <= PETER.length(); j++) {
        if (i == 0 && j == PETER.length()) {
          continue;
        }
        String mangled = PETER.substring(0, i) + PETER.substring(j);
        assertThat(failure(() -> NoteVerifier.fromVkey(mangled)).reason())
            .as(mangled)
            .isEqualTo(NoteException.Reason.BAD_VKEY);
      }
    }
  }
}
