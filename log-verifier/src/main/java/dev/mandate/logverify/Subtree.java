package dev.mandate.logverify;

/**
 * A full aligned subtree of a Merkle tree (RFC 9162 section 2.1): the node at {@code height} above
 * the leaves, {@code index}-th from the left on its level, covering the leaves {@code
 * [index·2^height, (index+1)·2^height)}. Height 0 is a single leaf.
 */
public record Subtree(int height, long index) {
  public Subtree {
    if (height < 0 || height > 62) {
      throw new IllegalArgumentException("height " + height + " is not in [0, 62]");
    }
    if (index < 0 || index >= (Long.MAX_VALUE >>> height)) {
      throw new IllegalArgumentException("index " + index + " is out of range for height " + height);
    }
  }

  /** The first leaf covered. */
  public long start() {
    return index << height;
  }

  /** One past the last leaf covered. */
  public long end() {
    return (index + 1) << height;
  }

  /** The number of leaves covered, {@code 2^height}. */
  public long size() {
    return 1L << height;
  }
}
