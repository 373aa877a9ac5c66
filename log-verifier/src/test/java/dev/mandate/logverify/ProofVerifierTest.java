package dev.mandate.logverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verification against the reference tree and every shared probe. The probes keep upstream's
 * {@code wantErr}; where this verifier is deliberately stricter, {@link #STRICTER} says why.
 */
class ProofVerifierTest {
  static final JsonNode TREE = MerkleVectors.referenceTree();

  /** Probes that upstream accepts and this verifier rejects, with the reason. */
  static final Map<String, String> STRICTER = Map.of(
      "testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
      "the roots are 12-byte placeholders; hashes that are not 32 bytes are rejected (testdata README)");

  static Stream<Arguments> inclusionProbes() {
    return probes("inclusion-probes.json", 66);
  }

  static Stream<Arguments> consistencyProbes() {
    return probes("consistency-probes.json", 67);
  }

  static Stream<Arguments> probes(String file, int count) {
    List<JsonNode> probes = StreamSupport.stream(MerkleVectors.read(file).get("probes").spliterator(), false).toList();
    assertThat(probes).as(file).hasSize(count);
    return probes.stream().map(p -> Arguments.of(p.get("file").asText(), p));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionProbes")
  void inclusionProbe(String file, JsonNode p) {
    boolean wantErr = p.get("wantErr").asBoolean() || STRICTER.containsKey(file);

    Throwable thrown = catchProofException(() -> ProofVerifier.verifyInclusion(MerkleVectors.u64(p.get("leafIdx")),
        MerkleVectors.u64(p.get("treeSize")), MerkleVectors.bytes(p.get("leafHashHex")),
        MerkleVectors.hashes(p.get("proofHex")), MerkleVectors.bytes(p.get("rootHex"))));

    assertOutcome(file + ": " + p.get("desc").asText(), thrown, wantErr);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyProbes")
  void consistencyProbe(String file, JsonNode p) {
    boolean wantErr = p.get("wantErr").asBoolean() || STRICTER.containsKey(file);

    Throwable thrown = catchProofException(() -> ProofVerifier.verifyConsistency(MerkleVectors.u64(p.get("size1")),
        MerkleVectors.u64(p.get("size2")), MerkleVectors.hashes(p.get("proofHex")),
        MerkleVectors.bytes(p.get("root1Hex")), MerkleVectors.bytes(p.get("root2Hex"))));

    assertOutcome(file + ": " + p.get("desc").asText(), thrown, wantErr);
  }

  @Test
  void everyStricterProbeExistsAndUpstreamAcceptsIt() {
    List<JsonNode> all = new ArrayList<>();
    MerkleVectors.read("inclusion-probes.json").get("probes").forEach(all::add);
    MerkleVectors.read("consistency-probes.json").get("probes").forEach(all::add);

    for (String file : STRICTER.keySet()) {
      assertThat(all).as(file).filteredOn(p -> p.get("file").asText().equals(file)).singleElement()
          .satisfies(p -> assertThat(p.get("wantErr").asBoolean()).isFalse());
    }
  }

  @Test
  void referenceInclusionProofsVerify() throws ProofException {
    for (JsonNode p : TREE.get("inclusionProofs")) {
      long index = p.get("leafIndex").asLong();
      long size = p.get("treeSize").asLong();
      byte[] leafHash = MerkleVectors.bytes(p.get("leafHash"));
      List<byte[]> proof = MerkleVectors.hashes(p.get("proof"));
      byte[] root = MerkleVectors.bytes(p.get("root"));

      if (p.get("expectValid").asBoolean()) {
        ProofVerifier.verifyInclusion(index, size, leafHash, proof, root);
        assertThat(ProofVerifier.rootFromInclusion(index, size, leafHash, proof)).isEqualTo(root);
      } else {
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, size, leafHash, proof, Hashes.emptyRoot()))
            .isInstanceOf(ProofException.class).hasMessage("leaf index 0 is not in a tree of size 0");
      }
    }
  }

  @Test
  void referenceConsistencyProofsVerify() throws ProofException {
    for (JsonNode p : TREE.get("consistencyProofs")) {
      ProofVerifier.verifyConsistency(p.get("size1").asLong(), p.get("size2").asLong(),
          MerkleVectors.hashes(p.get("proof")), MerkleVectors.bytes(p.get("root1")),
          MerkleVectors.bytes(p.get("root2")));
    }
  }

  @Test
  void theEmptyTreeIsConsistentWithEveryTreeButOnlyUnderTheEmptyRoot() {
    byte[] root8 = Hashes.fromHex(TREE.get("rootHashesBySize").get("8").asText());

    assertThatCode(() -> ProofVerifier.verifyConsistency(0, 8, List.of(), Hashes.emptyRoot(), root8))
        .doesNotThrowAnyException();
    assertThatCode(() -> ProofVerifier.verifyConsistency(0, 0, List.of(), Hashes.emptyRoot(), Hashes.emptyRoot()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 8, List.of(), root8, root8))
        .isInstanceOf(ProofException.class).hasMessage("the first root is not the root of the empty tree");
  }

  @Test
  void messagesNameSizesAndIndexesButNoHashes() {
    byte[] leaf = Hashes.leafHash(new byte[0]);
    byte[] root = Hashes.emptyRoot();

    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(1, 5, leaf, List.of(leaf), root))
        .hasMessage("an inclusion proof of leaf 1 in tree size 5 has 3 hashes, got 1");
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), root))
        .hasMessage("the inclusion proof of leaf 0 does not lead to the root of tree size 1");
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, new byte[3], List.of(), root))
        .hasMessage("the leaf hash has 3 bytes, want 32");
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 2, leaf, List.of(new byte[0]), root))
        .hasMessage("proof hash 0 has 0 bytes, want 32");
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), null))
        .hasMessage("the root is missing");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(3, 2, List.of(), root, root))
        .hasMessage("tree sizes 3 and 2 are not 0 <= size1 <= size2");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(6, 8, List.of(leaf, leaf), root, root))
        .hasMessage("a consistency proof from tree size 6 to 8 has 3 hashes, got 2");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(6, 8, List.of(leaf, leaf, leaf), root, root))
        .hasMessage("the consistency proof from tree size 6 to 8 does not lead to the first root");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(4, 4, List.of(), root, leaf))
        .hasMessage("the roots of tree size 4 differ");
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(4, 4, List.of(leaf), root, root))
        .hasMessage("a consistency proof from tree size 4 to 4 is empty, got 1 hashes");
  }

  interface Verification {
    void run() throws ProofException;
  }

  static Throwable catchProofException(Verification v) {
    try {
      v.run();
      return null;
    } catch (ProofException e) {
      return e;
    }
  }

  static void assertOutcome(String probe, Throwable thrown, boolean wantErr) {
    if (wantErr) {
      assertThat(thrown).as("%s: want an error", probe).isInstanceOf(ProofException.class);
      assertThat(thrown.getMessage()).as("%s: message", probe).doesNotContainPattern("[0-9a-f]{16}");
    } else {
      assertThat(thrown).as("%s: want no error", probe).isNull();
    }
  }
}
