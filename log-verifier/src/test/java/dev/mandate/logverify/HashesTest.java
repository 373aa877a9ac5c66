package dev.mandate.logverify;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HashesTest {

  @Test
  void matchesTheHasherVectors() {
    Map<String, String> want = new HashMap<>();
    for (JsonNode v : MerkleVectors.referenceTree().get("hasherVectors")) {
      want.put(v.get("desc").asText(), v.get("sha256Hex").asText());
    }

    assertThat(want).hasSize(4);
    assertThat(Hashes.hex(Hashes.emptyRoot())).isEqualTo(want.get("RFC6962 Empty"));
    assertThat(Hashes.hex(Hashes.leafHash(new byte[0]))).isEqualTo(want.get("RFC6962 Empty Leaf"));
    assertThat(Hashes.hex(Hashes.leafHash("L123456".getBytes(US_ASCII)))).isEqualTo(want.get("RFC6962 Leaf"));
    assertThat(Hashes.hex(Hashes.nodeHash("N123".getBytes(US_ASCII), "N456".getBytes(US_ASCII))))
        .isEqualTo(want.get("RFC6962 Node"));
  }

  @Test
  void leafHashOfASliceIsTheLeafHashOfThoseBytes() {
    byte[] buf = "xxL123456yy".getBytes(US_ASCII);

    assertThat(Hashes.leafHash(buf, 2, 7)).isEqualTo(Hashes.leafHash("L123456".getBytes(US_ASCII)));
    assertThat(Hashes.leafHash(buf, 0, 0)).isEqualTo(Hashes.leafHash(new byte[0]));
  }

  @Test
  void leafAndNodeHashesAreSha256WithTheirPrefixAtEverySize() throws Exception {
    Random random = new Random(7);
    for (int len : new int[] {0, 1, 31, 32, 33, 300, 1023, 1024, 1025, 5000}) {
      byte[] entry = new byte[len];
      random.nextBytes(entry);
      assertThat(Hashes.leafHash(entry)).as("leaf of %d bytes", len).isEqualTo(sha256((byte) 0, entry));
    }
    byte[] left = Hashes.leafHash(new byte[] {1});
    byte[] right = Hashes.leafHash(new byte[] {2});

    assertThat(Hashes.nodeHash(left, right)).isEqualTo(sha256((byte) 1, left, right));
    assertThat(Hashes.nodeHash(new byte[0], right)).isEqualTo(sha256((byte) 1, right));
  }

  @Test
  void aBadSliceLeavesTheThreadsDigestClean() {
    byte[] entry = new byte[2000];

    assertThatThrownBy(() -> Hashes.leafHash(entry, 1500, 1000)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Hashes.leafHash(entry, 0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(Hashes.hex(Hashes.leafHash(new byte[0])))
        .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  }

  static byte[] sha256(byte prefix, byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(prefix);
    for (byte[] part : parts) {
      md.update(part);
    }
    return md.digest();
  }

  @Test
  void aLeafAndANodeOverTheSameBytesHashDifferently() {
    byte[] left = Hashes.leafHash(new byte[] {1});
    byte[] right = Hashes.leafHash(new byte[] {2});
    byte[] concatenated = new byte[2 * Hashes.SIZE];
    System.arraycopy(left, 0, concatenated, 0, Hashes.SIZE);
    System.arraycopy(right, 0, concatenated, Hashes.SIZE, Hashes.SIZE);

    assertThat(Hashes.leafHash(concatenated)).isNotEqualTo(Hashes.nodeHash(left, right));
    assertThat(Hashes.nodeHash(left, right)).hasSize(Hashes.SIZE).isNotEqualTo(Hashes.nodeHash(right, left));
  }

  @Test
  void emptyRootIsAFreshCopy() {
    byte[] root = Hashes.emptyRoot();
    root[0] ^= 1;

    assertThat(Hashes.hex(Hashes.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void hexRoundTripsAndRejectsNonHex() {
    byte[] bytes = {0, 1, (byte) 0xab, (byte) 0xff};

    assertThat(Hashes.hex(bytes)).isEqualTo("0001abff");
    assertThat(Hashes.fromHex("0001ABff")).isEqualTo(bytes);
    assertThat(Hashes.fromHex("")).isEmpty();
    assertThatThrownBy(() -> Hashes.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Hashes.fromHex("zz")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void threadsHashIndependently() {
    List<byte[]> entries = IntStream.range(0, 10_000).mapToObj(i -> ("entry " + i).getBytes(US_ASCII)).toList();
    List<String> sequential = entries.stream().map(e -> Hashes.hex(Hashes.leafHash(e))).toList();

    List<String> parallel = entries.parallelStream().map(e -> Hashes.hex(Hashes.leafHash(e))).toList();

    assertThat(parallel).isEqualTo(sequential);
  }
}
