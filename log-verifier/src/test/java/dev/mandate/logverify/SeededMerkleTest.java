package dev.mandate.logverify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style tests over random trees of up to 2000 leaves, one case per seed so that a failure
 * names the seed that reproduces it. The recursive RFC 9162 definitions in {@link TestTree} are the
 * oracle.
 */
class SeededMerkleTest {
  static final int MAX_SIZE = 2000;
  static final int SAMPLES = 25;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 25);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void compactRangeRootIsTheMth(long seed) {
    Random random = new Random(seed);
    TestTree tree = TestTree.random(random, 1 + random.nextInt(MAX_SIZE));
    CompactRange range = new CompactRange();

    for (int size = 1; size <= tree.size(); size++) {
      range.appendLeafHash(tree.leafHash(size - 1));
      if (size <= 64 || random.nextInt(tree.size()) < SAMPLES || size == tree.size()) {
        assertThat(range.root()).as("size %d", size).isEqualTo(tree.mth(0, size));
        assertThat(range.peaks()).as("peaks of %d", size)
            .containsExactlyElementsOf(hashes(tree, CompactRange.peaksOf(size)));
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void appendingTheCoverOrThePeaksReproducesTheRoot(long seed) {
    Random random = new Random(seed);
    TestTree tree = TestTree.random(random, 1 + random.nextInt(MAX_SIZE));
    for (int i = 0; i < SAMPLES; i++) {
      int to = random.nextInt(tree.size() + 1);
      int from = random.nextInt(to + 1);
      CompactRange range = CompactRange.of(from, hashes(tree, CompactRange.peaksOf(from)));

      for (Subtree s : CompactRange.cover(from, to)) {
        range.appendSubtree(s.height(), tree.nodes(to).node(s.height(), s.index()));
      }

      assertThat(range.size()).isEqualTo(to);
      assertThat(range.root()).as("[0, %d) then [%d, %d)", from, from, to).isEqualTo(tree.mth(0, to));
      assertThat(CompactRange.of(to, hashes(tree, CompactRange.peaksOf(to))).root()).isEqualTo(tree.mth(0, to));
      assertContiguousAndMaximal(CompactRange.cover(from, to), from, to);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void inclusionProofsVerifyAndTamperingIsRejected(long seed) throws ProofException {
    Random random = new Random(seed);
    TestTree tree = TestTree.random(random, 1 + random.nextInt(MAX_SIZE));
    for (int i = 0; i < SAMPLES; i++) {
      int size = 1 + random.nextInt(tree.size());
      int index = random.nextInt(size);
      NodeSource nodes = tree.nodes(size);
      byte[] root = Proofs.root(size, nodes);
      byte[] leaf = tree.leafHash(index);

      List<byte[]> proof = Proofs.inclusion(index, size, nodes);

      assertThat(root).isEqualTo(tree.mth(0, size));
      assertThat(proof).containsExactlyElementsOf(tree.path(index, 0, size));
      ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
      for (int k = 0; k < proof.size(); k++) {
        List<byte[]> tampered = flipBit(proof, k, random);
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, size, leaf, tampered, root))
            .as("leaf %d of %d, bit flipped in proof hash %d", index, size, k).isInstanceOf(ProofException.class);
      }
      int wrongIndex = (index + 1 + random.nextInt(size)) % size;
      if (wrongIndex != index) {
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(wrongIndex, size, leaf, proof, root))
            .as("leaf %d of %d claimed as %d", index, size, wrongIndex).isInstanceOf(ProofException.class);
      }
      assertThatThrownBy(() -> ProofVerifier.verifyInclusion(size, size, leaf, proof, root))
          .isInstanceOf(ProofException.class);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void consistencyProofsVerifyAndTamperingIsRejected(long seed) throws ProofException {
    Random random = new Random(seed);
    TestTree tree = TestTree.random(random, 2 + random.nextInt(MAX_SIZE - 1));
    for (int i = 0; i < SAMPLES; i++) {
      int size2 = 2 + random.nextInt(tree.size() - 1);
      int size1 = 1 + random.nextInt(size2 - 1);
      byte[] root1 = Proofs.root(size1, tree.nodes(size1));
      byte[] root2 = Proofs.root(size2, tree.nodes(size2));

      List<byte[]> proof = Proofs.consistency(size1, size2, tree.nodes(size2));

      assertThat(proof).containsExactlyElementsOf(tree.proof(size1, size2));
      ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
      for (int k = 0; k < proof.size(); k++) {
        List<byte[]> tampered = flipBit(proof, k, random);
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, tampered, root1, root2))
            .as("%d to %d, bit flipped in proof hash %d", size1, size2, k).isInstanceOf(ProofException.class);
      }
      byte[] wrongRoot1 = flipBit(List.of(root1), 0, random).getFirst();
      assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, proof, wrongRoot1, root2))
          .isInstanceOf(ProofException.class);
      assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root2, root1))
          .isInstanceOf(ProofException.class);
    }
  }

  static List<byte[]> hashes(TestTree tree, List<Subtree> subtrees) {
    NodeSource nodes = tree.nodes(tree.size());
    return subtrees.stream().map(s -> nodes.node(s.height(), s.index())).toList();
  }

  static List<byte[]> flipBit(List<byte[]> hashes, int k, Random random) {
    List<byte[]> copy = new ArrayList<>(hashes);
    byte[] hash = copy.get(k).clone();
    int bit = random.nextInt(8 * hash.length);
    hash[bit / 8] ^= (byte) (1 << (bit % 8));
    copy.set(k, hash);
    return copy;
  }

  /** Each subtree starts where the one before ends, and no two neighbours could merge into a bigger aligned one. */
  static void assertContiguousAndMaximal(List<Subtree> cover, long from, long to) {
    long next = from;
    for (int i = 0; i < cover.size(); i++) {
      Subtree s = cover.get(i);
      assertThat(s.start()).isEqualTo(next);
      if (i > 0) {
        Subtree before = cover.get(i - 1);
        boolean mergeable = before.height() == s.height() && (before.index() & 1) == 0;
        assertThat(mergeable).as("%s and %s could merge", before, s).isFalse();
      }
      next = s.end();
    }
    assertThat(next).isEqualTo(to);
  }
}
