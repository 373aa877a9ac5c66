package dev.mandate.storage.jdbc;

import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.NodeSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The hashes of customers' Merkle trees, read from tiles (docs/design/processing-log.md). A tile
 * (level L, index t) is the 256 node hashes at height 8L with indexes [256t, 256t + 256), as in
 * C2SP tlog-tiles. Full tiles are stored in {@code log_tiles} once integrated; the partial tile at
 * the right edge of a tree is computed from the leaf hashes in {@code log_entries} (level 0) or
 * from the roots of full tiles one level down. Every tile content is immutable for a given
 * width, so computed tile trees (all 511 hashes) are kept in a bounded LRU cache: a proof then
 * costs a few map lookups.
 */
final class LogTiles {
  static final int HEIGHT = 8;
  static final int WIDTH = 1 << HEIGHT;

  private record Key(String customer, int level, long index, int width) {}

  /** A tile and every node above its base up to its root: levels[r][k] is node k at height 8L + r. */
  record TileTree(byte[][][] levels) {
    static TileTree of(byte[][] base) {
      byte[][][] levels = new byte[HEIGHT + 1][][];
      levels[0] = base;
      for (int r = 1; r <= HEIGHT; r++) {
        byte[][] below = levels[r - 1];
        byte[][] level = new byte[below.length / 2][];
        for (int k = 0; k < level.length; k++) {
          level[k] = Hashes.nodeHash(below[2 * k], below[2 * k + 1]);
        }
        levels[r] = level;
      }
      return new TileTree(levels);
    }

    byte[] node(int r, int k) {
      byte[][] level = levels[r];
      if (k >= level.length) {
        throw new IllegalStateException("node (" + r + ", " + k + ") is not complete in this tile");
      }
      return level[k];
    }

    int width() {
      return levels[0].length;
    }
  }

  private final DataSource dataSource;
  private final int cachedTiles;
  /**
   * Tile trees by (customer, level, index, width). Lock-free reads; when full, an arbitrary
   * eighth is dropped (cheaper than LRU bookkeeping on every proof, and tiles are cheap to rebuild).
   */
  private final Map<Key, TileTree> cache = new ConcurrentHashMap<>();

  LogTiles(DataSource dataSource, int cachedTiles) {
    this.dataSource = dataSource;
    this.cachedTiles = cachedTiles;
  }

  /** The full subtrees of {@code customer}'s tree of {@code size} entries. */
  NodeSource nodes(String customer, long size) {
    return (height, index) -> node(customer, size, height, index);
  }

  byte[] node(String customer, long size, int height, long index) {
    int level = height / HEIGHT;
    int r = height % HEIGHT;
    long first = index << r; // first base node, at height 8 * level
    long tile = first >>> HEIGHT;
    long available = (size >>> (HEIGHT * level)) - (tile << HEIGHT);
    int width = (int) Math.min(WIDTH, available);
    if ((index + 1) << r > (tile << HEIGHT) + width) {
      throw new IllegalArgumentException("node (" + height + ", " + index + ") is not complete in a tree of " + size);
    }
    return tile(customer, level, tile, width).node(r, (int) (index - (tile << (HEIGHT - r))));
  }

  /** Tile (level, index) with the first {@code width} base hashes; full when width is 256. */
  TileTree tile(String customer, int level, long index, int width) {
    Key key = new Key(customer, level, index, width);
    TileTree cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    byte[][] base = width == WIDTH ? storedTile(customer, level, index) : null;
    if (base == null) {
      base = level == 0 ? leafHashes(customer, index << HEIGHT, width) : tileRoots(customer, level - 1, index << HEIGHT, width);
    }
    TileTree tree = TileTree.of(base);
    if (cache.size() >= cachedTiles) {
      Iterator<Key> it = cache.keySet().iterator();
      for (int dropped = 0; dropped < Math.max(1, cachedTiles / 8) && it.hasNext(); dropped++) {
        it.next();
        it.remove();
      }
    }
    cache.put(key, tree);
    return tree;
  }

  /** The roots of {@code count} full tiles of {@code level} from tile {@code first} on. */
  private byte[][] tileRoots(String customer, int level, long first, int count) {
    byte[][] roots = new byte[count][];
    for (int j = 0; j < count; j++) {
      roots[j] = tile(customer, level, first + j, WIDTH).node(HEIGHT, 0);
    }
    return roots;
  }

  private byte[][] storedTile(String customer, int level, long index) {
    return Sql.read(dataSource, "log tile read", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT hashes FROM log_tiles WHERE customer_id = ? AND level = ? AND idx = ?")) {
        ps.setString(1, customer);
        ps.setInt(2, level);
        ps.setLong(3, index);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? split(rs.getBytes(1)) : null;
        }
      }
    });
  }

  private byte[][] leafHashes(String customer, long from, int count) {
    return Sql.read(dataSource, "log leaf hash read", c -> {
      byte[][] hashes = new byte[count][];
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT idx, leaf_hash FROM log_entries WHERE customer_id = ? AND idx >= ? AND idx < ? ORDER BY idx")) {
        ps.setString(1, customer);
        ps.setLong(2, from);
        ps.setLong(3, from + count);
        try (ResultSet rs = ps.executeQuery()) {
          int i = 0;
          while (rs.next()) {
            if (rs.getLong(1) != from + i) {
              throw new SQLException("log entries are not contiguous", "MD011");
            }
            hashes[i++] = rs.getBytes(2);
          }
          if (i != count) {
            throw new SQLException("log entries are missing", "MD011");
          }
        }
      }
      return hashes;
    });
  }

  static byte[][] split(byte[] joined) {
    byte[][] hashes = new byte[joined.length / Hashes.SIZE][];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = java.util.Arrays.copyOfRange(joined, i * Hashes.SIZE, (i + 1) * Hashes.SIZE);
    }
    return hashes;
  }

  static byte[] join(byte[][] hashes) {
    byte[] joined = new byte[hashes.length * Hashes.SIZE];
    for (int i = 0; i < hashes.length; i++) {
      System.arraycopy(hashes[i], 0, joined, i * Hashes.SIZE, Hashes.SIZE);
    }
    return joined;
  }
}
