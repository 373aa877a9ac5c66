package dev.mandate.logverify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The RFC 6962 hashing of a Merkle tree with SHA-256 (RFC 6962 section 2.1, RFC 9162 section
 * 2.1.1): a leaf is {@code SHA-256(0x00 ‖ entry)}, an interior node {@code SHA-256(0x01 ‖ left ‖
 * right)}, the empty tree {@code SHA-256("")}. The two prefixes keep a leaf from ever passing for a
 * node.
 *
 * <p>Each thread reuses one {@link MessageDigest} and hands it a node's 65 input bytes, or a small
 * leaf with its prefix, in one update call: copying them into a buffer first measured 8-20% faster
 * than separate calls for the prefix and the data. Hashes are plain 32-byte arrays that nobody
 * modifies once made; callers must not change an array they pass in or get back.
 */
public final class Hashes {
  /** Bytes in a hash. */
  public static final int SIZE = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);
  private static final byte[] EMPTY_ROOT = HASHER.get().sha256.digest();

  private Hashes() {}

  /** The hash of the leaf holding {@code entry}. */
  public static byte[] leafHash(byte[] entry) {
    return leafHash(entry, 0, entry.length);
  }

  /** The hash of the leaf holding {@code buf[off, off + len)}. */
  public static byte[] leafHash(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length); // before the digest holds a prefix it must not keep
    Hasher h = HASHER.get();
    if (len < h.leaf.length) {
      System.arraycopy(buf, off, h.leaf, 1, len);
      h.sha256.update(h.leaf, 0, 1 + len);
    } else {
      h.sha256.update(LEAF_PREFIX);
      h.sha256.update(buf, off, len);
    }
    return h.sha256.digest();
  }

  /** The hash of the interior node whose children hash to {@code left} and {@code right}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    Hasher h = HASHER.get();
    if (left.length != SIZE || right.length != SIZE) {
      h.sha256.update(NODE_PREFIX);
      h.sha256.update(left);
      h.sha256.update(right);
      return h.sha256.digest();
    }
    System.arraycopy(left, 0, h.node, 1, SIZE);
    System.arraycopy(right, 0, h.node, 1 + SIZE, SIZE);
    h.sha256.update(h.node);
    return h.sha256.digest();
  }

  /** The root hash of the tree without leaves, {@code SHA-256("")}. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /** Lowercase hex. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Parses hex (either case); throws {@link IllegalArgumentException} if it is not hex. */
  public static byte[] fromHex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** One thread's digest, and buffers that start with the node and leaf prefixes. */
  private static final class Hasher {
    final MessageDigest sha256;
    final byte[] node = new byte[1 + 2 * SIZE];
    final byte[] leaf = new byte[1 + 1024];

    Hasher() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
      node[0] = NODE_PREFIX;
      leaf[0] = LEAF_PREFIX;
    }
  }
}
