package dev.mandate.logverify;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact range {@code [0, size)} of a Merkle tree: the hashes of its peaks, the full aligned
 * subtrees that {@code size} decomposes into, largest first. It is all a log needs to append leaves
 * and compute the RFC 9162 section 2.1.1 Merkle Tree Hash (MTH) without the rest of the tree, as in
 * transparency-dev/merkle's {@code compact} package.
 *
 * <p>Mutable and not thread-safe. Hash arrays are kept and handed out without copying; nobody may
 * modify them.
 */
public final class CompactRange {
  private final ArrayList<byte[]> peaks;
  private long size;

  /** The range of the empty tree. */
  public CompactRange() {
    this(0, new ArrayList<>());
  }

  private CompactRange(long size, ArrayList<byte[]> peaks) {
    this.size = size;
    this.peaks = peaks;
  }

  /**
   * The range of a tree of {@code size} leaves, from its peak hashes, largest first, as {@link
   * #peaks()} returns them. There must be {@code Long.bitCount(size)} of them.
   */
  public static CompactRange of(long size, List<byte[]> peaks) {
    if (size < 0) {
      throw new IllegalArgumentException("size " + size + " is negative");
    }
    if (peaks.size() != Long.bitCount(size)) {
      throw new IllegalArgumentException(
          "a tree of size " + size + " has " + Long.bitCount(size) + " peaks, got " + peaks.size());
    }
    for (byte[] peak : peaks) {
      checkHash(peak);
    }
    return new CompactRange(size, new ArrayList<>(peaks));
  }

  /** Appends one leaf by its {@link Hashes#leafHash leaf hash}. */
  public void appendLeafHash(byte[] leafHash) {
    appendSubtree(0, leafHash);
  }

  /**
   * Appends the {@code 2^height} leaves of a full subtree by its hash. The subtree must be aligned:
   * {@code size()} must be a multiple of {@code 2^height}.
   */
  public void appendSubtree(int height, byte[] hash) {
    if (height < 0 || height > 62) {
      throw new IllegalArgumentException("height " + height + " is not in [0, 62]");
    }
    if ((size & ((1L << height) - 1)) != 0) {
      throw new IllegalArgumentException("a subtree of height " + height + " cannot follow size " + size);
    }
    if (size > Long.MAX_VALUE - (1L << height)) {
      throw new IllegalArgumentException("size would overflow");
    }
    checkHash(hash);
    byte[] merged = hash;
    // Each 1 bit of size >> height is a peak at that height or above; merge with the peaks at the heights the carry
    // passes through.
    for (long units = size >>> height; (units & 1) == 1; units >>>= 1) {
      merged = Hashes.nodeHash(peaks.removeLast(), merged);
    }
    peaks.add(merged);
    size += 1L << height;
  }

  /** The number of leaves. */
  public long size() {
    return size;
  }

  /** The peak hashes, left to right (largest subtree first); see {@link #peaksOf(long)}. */
  public List<byte[]> peaks() {
    return List.copyOf(peaks);
  }

  /** The Merkle Tree Hash of the leaves {@code [0, size)} (RFC 9162 section 2.1.1). */
  public byte[] root() {
    if (peaks.isEmpty()) {
      return Hashes.emptyRoot();
    }
    byte[] root = peaks.getLast();
    for (int i = peaks.size() - 2; i >= 0; i--) {
      root = Hashes.nodeHash(peaks.get(i), root);
    }
    return root;
  }

  /** An independent range with the same leaves. */
  public CompactRange copy() {
    return new CompactRange(size, new ArrayList<>(peaks));
  }

  @Override
  public String toString() {
    return "CompactRange[size=" + size + "]";
  }

  /** The full aligned subtrees that {@code [0, size)} decomposes into, left to right. */
  public static List<Subtree> peaksOf(long size) {
    return cover(0, size);
  }

  /**
   * The maximal full aligned subtrees that {@code [from, to)} decomposes into, left to right. Appending their hashes in
   * this order to a range of size {@code from} is valid and gives the range of size {@code to}.
   */
  public static List<Subtree> cover(long from, long to) {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("[" + from + ", " + to + ") is not a range of leaves");
    }
    List<Subtree> cover = new ArrayList<>();
    for (long start = from; start < to; ) {
      int aligned = start == 0 ? 62 : Math.min(62, Long.numberOfTrailingZeros(start));
      int fits = 63 - Long.numberOfLeadingZeros(to - start);
      int height = Math.min(aligned, fits);
      cover.add(new Subtree(height, start >>> height));
      start += 1L << height;
    }
    return cover;
  }

  static void checkHash(byte[] hash) {
    if (hash.length != Hashes.SIZE) {
      throw new IllegalArgumentException("a hash has " + Hashes.SIZE + " bytes, got " + hash.length);
    }
  }
}
