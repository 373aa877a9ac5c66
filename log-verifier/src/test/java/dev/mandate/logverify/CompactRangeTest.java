package dev.mandate.logverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
  static final JsonNode TREE = MerkleVectors.referenceTree();

  @Test
  void rootAfterEachAppendIsTheReferenceRoot() {
    TestTree leaves = MerkleVectors.referenceLeaves();
    CompactRange range = new CompactRange();
    List<String> roots = new ArrayList<>(List.of(Hashes.hex(range.root())));

    for (int i = 0; i < leaves.size(); i++) {
      range.appendLeafHash(leaves.leafHash(i));
      roots.add(Hashes.hex(range.root()));
    }

    List<String> want = new ArrayList<>();
    for (int size = 0; size <= 8; size++) {
      want.add(TREE.get("rootHashesBySize").get(String.valueOf(size)).asText());
    }
    assertThat(roots).isEqualTo(want);
  }

  @Test
  void peaksAreTheReferenceNodeHashesOfPeaksOf() {
    TestTree leaves = MerkleVectors.referenceLeaves();
    CompactRange range = new CompactRange();
    for (int size = 1; size <= 8; size++) {
      range.appendLeafHash(leaves.leafHash(size - 1));

      List<String> want = CompactRange.peaksOf(size).stream()
          .map(s -> TREE.get("nodeHashes").get("levels").get(s.height()).get((int) s.index()).asText())
          .toList();
      assertThat(MerkleVectors.hex(range.peaks())).as("size %d", size).isEqualTo(want);
    }
  }

  @Test
  void ofRebuildsARangeFromItsPeaks() {
    TestTree tree = MerkleVectors.referenceLeaves();
    CompactRange range = new CompactRange();
    for (int i = 0; i < 7; i++) {
      range.appendLeafHash(tree.leafHash(i));
    }

    CompactRange rebuilt = CompactRange.of(7, range.peaks());
    rebuilt.appendLeafHash(tree.leafHash(7));

    assertThat(Hashes.hex(rebuilt.root())).isEqualTo(TREE.get("rootHashesBySize").get("8").asText());
    assertThat(CompactRange.of(0, List.of()).root()).isEqualTo(Hashes.emptyRoot());
  }

  @Test
  void ofRejectsTheWrongNumberOfPeaksOrHashSize() {
    byte[] hash = Hashes.leafHash(new byte[0]);

    assertThatThrownBy(() -> CompactRange.of(3, List.of(hash))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2 peaks, got 1");
    assertThatThrownBy(() -> CompactRange.of(0, List.of(hash))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CompactRange.of(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CompactRange.of(1, List.of(new byte[31]))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appendSubtreeNeedsAnAlignedSubtreeAndLeavesTheRangeUnchangedOtherwise() {
    CompactRange range = new CompactRange();
    byte[] leaf = Hashes.leafHash(new byte[] {1});
    range.appendLeafHash(leaf);

    assertThatThrownBy(() -> range.appendSubtree(1, Hashes.nodeHash(leaf, leaf)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot follow size 1");
    assertThatThrownBy(() -> range.appendSubtree(-1, leaf)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> range.appendSubtree(63, leaf)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> range.appendLeafHash(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    assertThat(range.size()).isEqualTo(1);
    assertThat(range.root()).isEqualTo(leaf);

    range.appendLeafHash(leaf);
    range.appendSubtree(1, Hashes.nodeHash(leaf, leaf));
    assertThat(range.size()).isEqualTo(4);
    assertThat(range.peaks()).hasSize(1);
  }

  @Test
  void appendSubtreeRejectsOverflow() {
    byte[] hash = Hashes.emptyRoot();
    List<byte[]> peaks = CompactRange.peaksOf(Long.MAX_VALUE).stream().map(s -> hash).toList();
    CompactRange full = CompactRange.of(Long.MAX_VALUE, peaks);

    assertThat(peaks).hasSize(63);
    assertThatThrownBy(() -> full.appendLeafHash(hash)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copyIsIndependent() {
    CompactRange range = new CompactRange();
    range.appendLeafHash(Hashes.leafHash(new byte[] {1}));
    CompactRange copy = range.copy();

    copy.appendLeafHash(Hashes.leafHash(new byte[] {2}));

    assertThat(range.size()).isEqualTo(1);
    assertThat(range.peaks()).hasSize(1);
    assertThat(copy.size()).isEqualTo(2);
    assertThat(copy.root()).isNotEqualTo(range.root());
  }

  @Test
  void peaksAreReadOnly() {
    CompactRange range = new CompactRange();
    range.appendLeafHash(Hashes.leafHash(new byte[0]));

    assertThatThrownBy(() -> range.peaks().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void peaksOfDecomposesASizeLargestFirst() {
    assertThat(CompactRange.peaksOf(0)).isEmpty();
    assertThat(CompactRange.peaksOf(8)).containsExactly(new Subtree(3, 0));
    assertThat(CompactRange.peaksOf(13)).containsExactly(new Subtree(3, 0), new Subtree(2, 2), new Subtree(0, 12));
    assertThat(CompactRange.peaksOf(Long.MAX_VALUE)).hasSize(63).first().isEqualTo(new Subtree(62, 0));
    assertThatThrownBy(() -> CompactRange.peaksOf(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void coverGrowsThenShrinks() {
    assertThat(CompactRange.cover(5, 5)).isEmpty();
    assertThat(CompactRange.cover(5, 13)).containsExactly(new Subtree(0, 5), new Subtree(1, 3), new Subtree(2, 2),
        new Subtree(0, 12));
    assertThat(CompactRange.cover(8, 16)).containsExactly(new Subtree(3, 1));
    assertThat(CompactRange.cover(6, 7)).containsExactly(new Subtree(0, 6));
    assertThatThrownBy(() -> CompactRange.cover(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CompactRange.cover(-1, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subtreeCoversItsAlignedLeaves() {
    Subtree s = new Subtree(2, 3);

    assertThat(s.start()).isEqualTo(12);
    assertThat(s.end()).isEqualTo(16);
    assertThat(s.size()).isEqualTo(4);
    assertThat(new Subtree(62, 0).end()).isEqualTo(1L << 62);
    assertThatThrownBy(() -> new Subtree(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Subtree(63, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Subtree(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Subtree(62, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
