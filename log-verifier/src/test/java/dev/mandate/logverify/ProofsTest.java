package dev.mandate.logverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProofsTest {
  static final JsonNode TREE = MerkleVectors.referenceTree();
  static final TestTree LEAVES = MerkleVectors.referenceLeaves();

  @Test
  void theTestNodeSourceHoldsTheReferenceNodeHashes() {
    JsonNode levels = TREE.get("nodeHashes").get("levels");
    for (int height = 0; height < levels.size(); height++) {
      for (int index = 0; index < levels.get(height).size(); index++) {
        assertThat(Hashes.hex(LEAVES.nodes(8).node(height, index))).as("node (%d, %d)", height, index)
            .isEqualTo(levels.get(height).get(index).asText());
      }
    }
  }

  @Test
  void rootsAreTheReferenceRoots() {
    for (int size = 0; size <= 8; size++) {
      assertThat(Hashes.hex(Proofs.root(size, LEAVES.nodes(size)))).as("size %d", size)
          .isEqualTo(TREE.get("rootHashesBySize").get(String.valueOf(size)).asText());
    }
  }

  @Test
  void inclusionProofsAreTheReferenceProofs() {
    int checked = 0;
    for (JsonNode p : TREE.get("inclusionProofs")) {
      if (!p.get("expectValid").asBoolean()) {
        continue;
      }
      long index = p.get("leafIndex").asLong();
      long size = p.get("treeSize").asLong();

      assertThat(MerkleVectors.hex(Proofs.inclusion(index, size, LEAVES.nodes(size))))
          .as("leaf %d in size %d", index, size).isEqualTo(MerkleVectors.hex(MerkleVectors.hashes(p.get("proof"))));
      checked++;
    }
    assertThat(checked).isEqualTo(5);
  }

  @Test
  void consistencyProofsAreTheReferenceProofs() {
    for (JsonNode p : TREE.get("consistencyProofs")) {
      long size1 = p.get("size1").asLong();
      long size2 = p.get("size2").asLong();

      assertThat(MerkleVectors.hex(Proofs.consistency(size1, size2, LEAVES.nodes(size2))))
          .as("%d to %d", size1, size2).isEqualTo(MerkleVectors.hex(MerkleVectors.hashes(p.get("proof"))));
    }
  }

  @Test
  void noConsistencyProofIsNeededFromTheEmptyTreeOrToTheSameSize() {
    assertThat(Proofs.consistency(0, 8, LEAVES.nodes(8))).isEmpty();
    assertThat(Proofs.consistency(0, 0, LEAVES.nodes(0))).isEmpty();
    assertThat(Proofs.consistency(5, 5, LEAVES.nodes(5))).isEmpty();
  }

  @Test
  void argumentsOutOfRangeAreRejected() {
    NodeSource nodes = LEAVES.nodes(8);

    assertThatThrownBy(() -> Proofs.root(-1, nodes)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.inclusion(0, 0, nodes)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.inclusion(8, 8, nodes)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaf index 8 is not in a tree of size 8");
    assertThatThrownBy(() -> Proofs.inclusion(-1, 8, nodes)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.consistency(5, 4, nodes)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.consistency(-1, 4, nodes)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNodeSourceReturningNoHashIsAnError() {
    NodeSource broken = (height, index) -> new byte[5];

    assertThatThrownBy(() -> Proofs.inclusion(0, 2, broken)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("(0, 1)");
  }

  @Test
  void exhaustiveForSmallTreesTheProofsAreTheRecursiveRfcDefinitions() {
    TestTree tree = TestTree.random(new Random(1), 70);
    for (int size = 1; size <= tree.size(); size++) {
      NodeSource nodes = tree.nodes(size);
      assertThat(Proofs.root(size, nodes)).as("root of %d", size).isEqualTo(tree.mth(0, size));
      for (int index = 0; index < size; index++) {
        assertThat(MerkleVectors.hex(Proofs.inclusion(index, size, nodes))).as("PATH(%d, D[%d])", index, size)
            .isEqualTo(MerkleVectors.hex(tree.path(index, 0, size)));
      }
      for (int size1 = 1; size1 < size; size1++) {
        assertThat(MerkleVectors.hex(Proofs.consistency(size1, size, nodes))).as("PROOF(%d, D[%d])", size1, size)
            .isEqualTo(MerkleVectors.hex(tree.proof(size1, size)));
      }
    }
  }
}
