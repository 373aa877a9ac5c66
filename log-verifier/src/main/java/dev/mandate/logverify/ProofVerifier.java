package dev.mandate.logverify;

import java.util.Arrays;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion proofs (section 2.1.3.2) and consistency proofs (section 2.1.4.2)
 * with the algorithms of transparency-dev/merkle's {@code proof} package: the proof length is
 * checked up front, then the hashes are chained along the path to the root.
 *
 * <p>A proof splits into an inner part, the siblings below the level where the path to the leaf
 * and the path to the last leaf diverge (each on the left or right, by the index's bits), and a
 * border part above it, where every sibling is a full subtree on the left.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /**
   * Succeeds if {@code proof} shows that leaf {@code index} of the tree of {@code size} leaves and {@code root} hashes
   * to {@code leafHash}.
   */
  public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws ProofException {
    checkHash("root", root);
    byte[] computed = rootFromInclusion(index, size, leafHash, proof);
    if (!Arrays.equals(computed, root)) {
      throw new ProofException(
          "the inclusion proof of leaf " + index + " does not lead to the root of tree size " + size);
    }
  }

  /** The root of the tree of {@code size} leaves in which {@code proof} places {@code leafHash} at {@code index}. */
  public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof)
      throws ProofException {
    if (index < 0 || size < 0 || index >= size) {
      throw new ProofException("leaf index " + index + " is not in a tree of size " + size);
    }
    checkHash("leaf hash", leafHash);
    checkProof(proof);
    int inner = innerProofSize(index, size);
    int border = Long.bitCount(index >>> inner);
    if (proof.size() != inner + border) {
      throw new ProofException("an inclusion proof of leaf " + index + " in tree size " + size + " has "
          + (inner + border) + " hashes, got " + proof.size());
    }
    byte[] hash = chainInner(leafHash, proof.subList(0, inner), index);
    return chainBorder(hash, proof.subList(inner, proof.size()));
  }

  /**
   * Succeeds if {@code proof} shows that the tree of {@code size1} leaves and {@code root1} is a prefix of the tree of
   * {@code size2} leaves and {@code root2}. Equal sizes need an empty proof and equal roots; size 0 needs an empty
   * proof and the empty root as {@code root1}.
   */
  public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
      throws ProofException {
    if (size1 < 0 || size2 < size1) {
      throw new ProofException("tree sizes " + size1 + " and " + size2 + " are not 0 <= size1 <= size2");
    }
    checkHash("first root", root1);
    checkHash("second root", root2);
    checkProof(proof);
    if (size1 == 0 || size1 == size2) {
      if (!proof.isEmpty()) {
        throw new ProofException("a consistency proof from tree size " + size1 + " to " + size2
            + " is empty, got " + proof.size() + " hashes");
      }
      if (size1 == 0 && !Arrays.equals(root1, Hashes.emptyRoot())) {
        throw new ProofException("the first root is not the root of the empty tree");
      }
      if (size1 == size2 && !Arrays.equals(root1, root2)) {
        throw new ProofException("the roots of tree size " + size1 + " differ");
      }
      return;
    }

    // The last full subtree of the old tree, of height `shift`, is the seed: the first proof hash, or root1 itself when
    // the old tree is that subtree. The rest is its inclusion proof in the new tree, from level `shift` up.
    int shift = Long.numberOfTrailingZeros(size1);
    int inner = innerProofSize(size1 - 1, size2) - shift;
    int border = Long.bitCount((size1 - 1) >>> (inner + shift));
    int start = size1 == 1L << shift ? 0 : 1;
    if (proof.size() != start + inner + border) {
      throw new ProofException("a consistency proof from tree size " + size1 + " to " + size2 + " has "
          + (start + inner + border) + " hashes, got " + proof.size());
    }
    byte[] seed = start == 0 ? root1 : proof.getFirst();
    List<byte[]> innerPart = proof.subList(start, start + inner);
    List<byte[]> borderPart = proof.subList(start + inner, proof.size());
    long mask = (size1 - 1) >>> shift;

    byte[] hash1 = chainBorder(chainInnerRight(seed, innerPart, mask), borderPart);
    if (!Arrays.equals(hash1, root1)) {
      throw new ProofException("the consistency proof from tree size " + size1 + " to " + size2
          + " does not lead to the first root");
    }
    byte[] hash2 = chainBorder(chainInner(seed, innerPart, mask), borderPart);
    if (!Arrays.equals(hash2, root2)) {
      throw new ProofException("the consistency proof from tree size " + size1 + " to " + size2
          + " does not lead to the second root");
    }
  }

  /** Levels below the one where the paths to leaf {@code index} and to the last leaf diverge. */
  private static int innerProofSize(long index, long size) {
    return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
  }

  /** Chains the siblings below the divergence point, each on the side that bit i of {@code index} says. */
  private static byte[] chainInner(byte[] seed, List<byte[]> proof, long index) {
    byte[] hash = seed;
    for (int i = 0; i < proof.size(); i++) {
      hash = ((index >>> i) & 1) == 0 ? Hashes.nodeHash(hash, proof.get(i)) : Hashes.nodeHash(proof.get(i), hash);
    }
    return hash;
  }

  /** Like {@link #chainInner}, but only the siblings on the left: the hash of the subtree before the new leaves. */
  private static byte[] chainInnerRight(byte[] seed, List<byte[]> proof, long index) {
    byte[] hash = seed;
    for (int i = 0; i < proof.size(); i++) {
      if (((index >>> i) & 1) == 1) {
        hash = Hashes.nodeHash(proof.get(i), hash);
      }
    }
    return hash;
  }

  /** Chains the siblings above the divergence point, all on the left. */
  private static byte[] chainBorder(byte[] seed, List<byte[]> proof) {
    byte[] hash = seed;
    for (byte[] sibling : proof) {
      hash = Hashes.nodeHash(sibling, hash);
    }
    return hash;
  }

  private static void checkHash(String what, byte[] hash) throws ProofException {
    if (hash == null) {
      throw new ProofException("the " + what + " is missing");
    }
    if (hash.length != Hashes.SIZE) {
      throw new ProofException("the " + what + " has " + hash.length + " bytes, want " + Hashes.SIZE);
    }
  }

  private static void checkProof(List<byte[]> proof) throws ProofException {
    if (proof == null) {
      throw new ProofException("the proof is missing");
    }
    for (int i = 0; i < proof.size(); i++) {
      byte[] hash = proof.get(i);
      if (hash == null || hash.length != Hashes.SIZE) {
        throw new ProofException("proof hash " + i + " has " + (hash == null ? 0 : hash.length) + " bytes, want "
            + Hashes.SIZE);
      }
    }
  }
}
