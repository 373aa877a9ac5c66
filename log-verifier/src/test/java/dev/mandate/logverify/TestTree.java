package dev.mandate.logverify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A Merkle tree held in memory for tests, with the RFC 9162 definitions written out as literally as
 * possible: MTH (section 2.1.1), PATH (2.1.3.1) and PROOF/SUBPROOF (2.1.4.1) as recursions, to
 * compare the iterative code against.
 */
final class TestTree {
  private final List<byte[]> leafHashes;
  private final List<List<byte[]>> levels = new ArrayList<>();

  private TestTree(List<byte[]> leafHashes) {
    this.leafHashes = List.copyOf(leafHashes);
    levels.add(this.leafHashes);
    for (List<byte[]> below = this.leafHashes; below.size() > 1; ) {
      List<byte[]> level = new ArrayList<>();
      for (int i = 0; i + 1 < below.size(); i += 2) {
        level.add(Hashes.nodeHash(below.get(i), below.get(i + 1)));
      }
      levels.add(level);
      below = level;
    }
  }

  static TestTree ofEntries(List<byte[]> entries) {
    return new TestTree(entries.stream().map(Hashes::leafHash).toList());
  }

  static TestTree random(Random random, int size) {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      byte[] entry = new byte[random.nextInt(40)];
      random.nextBytes(entry);
      entries.add(entry);
    }
    return ofEntries(entries);
  }

  int size() {
    return leafHashes.size();
  }

  byte[] leafHash(long index) {
    return leafHashes.get(Math.toIntExact(index));
  }

  /**
   * The stored full subtrees of the tree of the first {@code size} leaves; fails the test when
   * asked for anything else, such as a partial subtree on the right edge.
   */
  NodeSource nodes(long size) {
    return (height, index) -> {
      if (height < 0 || index < 0 || ((index + 1) << height) > size) {
        throw new AssertionError("asked for subtree (" + height + ", " + index + "), not full in tree size " + size);
      }
      return levels.get(height).get(Math.toIntExact(index));
    };
  }

  /** MTH(D[from:to]), RFC 9162 section 2.1.1. */
  byte[] mth(int from, int to) {
    int n = to - from;
    if (n == 0) {
      return Hashes.emptyRoot();
    }
    if (n == 1) {
      return leafHashes.get(from);
    }
    int k = largestPowerOfTwoBelow(n);
    return Hashes.nodeHash(mth(from, from + k), mth(from + k, to));
  }

  /** PATH(m, D[from:to]), RFC 9162 section 2.1.3.1. */
  List<byte[]> path(int m, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return new ArrayList<>();
    }
    int k = largestPowerOfTwoBelow(n);
    List<byte[]> path;
    if (m < k) {
      path = path(m, from, from + k);
      path.add(mth(from + k, to));
    } else {
      path = path(m - k, from + k, to);
      path.add(mth(from, from + k));
    }
    return path;
  }

  /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true), RFC 9162 section 2.1.4.1. */
  List<byte[]> proof(int m, int n) {
    return subproof(m, 0, n, true);
  }

  private List<byte[]> subproof(int m, int from, int to, boolean b) {
    int n = to - from;
    if (m == n) {
      List<byte[]> proof = new ArrayList<>();
      if (!b) {
        proof.add(mth(from, to));
      }
      return proof;
    }
    int k = largestPowerOfTwoBelow(n);
    List<byte[]> proof;
    if (m <= k) {
      proof = subproof(m, from, from + k, b);
      proof.add(mth(from + k, to));
    } else {
      proof = subproof(m - k, from + k, to, false);
      proof.add(mth(from, from + k));
    }
    return proof;
  }

  private static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
