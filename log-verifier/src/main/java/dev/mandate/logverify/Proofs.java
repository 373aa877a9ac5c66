package dev.mandate.logverify;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates RFC 9162 proofs from stored node hashes: the Merkle Tree Hash (section 2.1.1), inclusion
 * proofs {@code PATH(m, D[n])} (section 2.1.3.1) and consistency proofs {@code PROOF(m, D[n])}
 * (section 2.1.4.1). Every proof hash is the sibling of a node on the path from a leaf (or from the
 * last full subtree of the old tree) to the root; a sibling on the right edge of the tree may be a
 * partial subtree, whose hash is computed from the full subtrees covering it, so the {@link
 * NodeSource} is only asked for full ones.
 */
public final class Proofs {
  private Proofs() {}

  /** The Merkle Tree Hash of the first {@code size} leaves. */
  public static byte[] root(long size, NodeSource nodes) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size " + size + " is negative");
    }
    return size == 0 ? Hashes.emptyRoot() : rangeHash(0, size, nodes);
  }

  /** The inclusion proof of leaf {@code index} in the tree of {@code size} leaves, lowest level first. */
  public static List<byte[]> inclusion(long index, long size, NodeSource nodes) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
    }
    List<byte[]> proof = new ArrayList<>(64);
    addPath(0, index, size, nodes, proof);
    return proof;
  }

  /**
   * The proof that the tree of {@code size1} leaves is a prefix of the tree of {@code size2} leaves; empty when the
   * sizes are equal or {@code size1} is 0.
   */
  public static List<byte[]> consistency(long size1, long size2, NodeSource nodes) {
    if (size1 < 0 || size2 < size1) {
      throw new IllegalArgumentException("sizes " + size1 + " and " + size2 + " are not 0 <= size1 <= size2");
    }
    List<byte[]> proof = new ArrayList<>(64);
    if (size1 == 0 || size1 == size2) {
      return proof;
    }
    // The last full subtree of the old tree, [size1 - 2^height, size1), is a node of the new tree too. The proof is
    // that node (unless it is the whole old tree, which the verifier knows) and its inclusion path in the new tree.
    int height = Long.numberOfTrailingZeros(size1);
    long index = (size1 - 1) >>> height;
    if (index != 0) {
      proof.add(checked(nodes.node(height, index), height, index));
    }
    addPath(height, index, size2, nodes, proof);
    return proof;
  }

  /**
   * Adds the siblings on the path from the full subtree {@code (height, index)} to the root of the tree of {@code size}
   * leaves. A node without a sibling (the last on a level that has an odd number of nodes) moves up unchanged.
   */
  private static void addPath(int height, long index, long size, NodeSource nodes, List<byte[]> proof) {
    int levels = 64 - Long.numberOfLeadingZeros(size - 1);
    for (int level = height; level < levels; level++) {
      long sibling = (index >>> (level - height)) ^ 1;
      long start = sibling << level;
      if (start < size) {
        proof.add(rangeHash(start, Math.min(1L << level, size - start), nodes));
      }
    }
  }

  /**
   * The Merkle Tree Hash of the leaves {@code [start, start + count)}, where {@code start} is a multiple of a power of
   * two that is at least {@code count}.
   */
  private static byte[] rangeHash(long start, long count, NodeSource nodes) {
    List<Subtree> cover = CompactRange.cover(start, start + count);
    Subtree last = cover.getLast();
    byte[] hash = checked(nodes.node(last.height(), last.index()), last.height(), last.index());
    for (int i = cover.size() - 2; i >= 0; i--) {
      Subtree s = cover.get(i);
      hash = Hashes.nodeHash(checked(nodes.node(s.height(), s.index()), s.height(), s.index()), hash);
    }
    return hash;
  }

  private static byte[] checked(byte[] hash, int height, long index) {
    if (hash == null || hash.length != Hashes.SIZE) {
      throw new IllegalStateException(
          "node source returned no 32-byte hash for subtree (" + height + ", " + index + ")");
    }
    return hash;
  }
}
