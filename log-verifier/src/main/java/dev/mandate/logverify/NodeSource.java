package dev.mandate.logverify;

/**
 * Where {@link Proofs} reads stored node hashes from (a tile store, a table, an in-memory tree).
 * It is only ever asked for full aligned subtrees (RFC 9162 section 2.1); hashes of the partial
 * subtrees on the right edge of a tree are computed from full ones.
 */
@FunctionalInterface
public interface NodeSource {
  /**
   * The hash of the full subtree {@code new Subtree(height, index)}; height 0 is the leaf hash of
   * leaf {@code index}.
   */
  byte[] node(int height, long index);
}
