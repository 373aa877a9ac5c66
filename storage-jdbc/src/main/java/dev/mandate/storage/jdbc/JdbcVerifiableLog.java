package dev.mandate.storage.jdbc;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.processinglog.ConsistencyProof;
import dev.mandate.core.processinglog.InclusionProof;
import dev.mandate.core.processinglog.SignedCheckpoint;
import dev.mandate.core.processinglog.SigningKey;
import dev.mandate.core.processinglog.StoredEntry;
import dev.mandate.core.processinglog.VerifiableLog;
import dev.mandate.logverify.BundleWriter;
import dev.mandate.logverify.Checkpoint;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.NodeSource;
import dev.mandate.logverify.NoteSigner;
import dev.mandate.logverify.Proofs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Merkle side of the processing log in PostgreSQL (docs/design/processing-log.md). An
 * integrator thread wakes every {@code checkpointInterval}: for every customer whose log grew it
 * stores the newly completed tiles and signs a checkpoint over everything durable. Across processes, a session advisory lock lets one
 * integrator work at a time; all of their results are deterministic, so a process that dies
 * half-way leaves nothing another cannot finish.
 */
public final class JdbcVerifiableLog implements VerifiableLog, AutoCloseable {
  /** Advisory lock key for the integrator ("MNDT" + 3). */
  static final long INTEGRATOR_LOCK = 0x4D4E_4454_0000_0003L;
  private static final Logger LOG = LoggerFactory.getLogger(JdbcVerifiableLog.class);

  /**
   * @param origin the log origin prefix: customer {@code c}'s checkpoints name {@code origin/c}
   * @param checkpointInterval how often the integrator signs while entries arrive (at most 1 s)
   * @param cachedTiles how many tile trees to keep in memory (about 25 KB each with their keys)
   */
  public record Options(String origin, Duration checkpointInterval, int cachedTiles) {
    public static final Options DEFAULT = new Options("mandate.local/log", Duration.ofMillis(900), 2048);

    public Options {
      if (origin.isBlank() || origin.chars().anyMatch(ch -> ch <= ' ' || ch == '+')) {
        throw new IllegalArgumentException("the log origin has no spaces or '+'");
      }
    }
  }

  private final DataSource dataSource;
  private final Clock clock;
  private final Options options;
  private final LogTiles tiles;
  private final JdbcSigningKeys keys;
  private final Thread integrator;
  private volatile boolean closed;
  private final AtomicLong checkpointsSigned = new AtomicLong();
  private static final Duration LATEST_TTL = Duration.ofMillis(200);

  private record Latest(SignedCheckpoint checkpoint, long readAt) {}

  private final Map<String, Latest> latest = new ConcurrentHashMap<>();

  public JdbcVerifiableLog(DataSource dataSource, MasterKeys master, Clock clock, Options options) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.options = options;
    this.tiles = new LogTiles(dataSource, options.cachedTiles());
    this.keys = new JdbcSigningKeys(dataSource, master, clock, keyName(options.origin()));
    this.integrator = Thread.ofPlatform().name("processing-log-integrator").daemon(true).unstarted(this::integrateLoop);
  }

  /** Starts integrating and signing in the background. */
  public JdbcVerifiableLog start() {
    integrator.start();
    return this;
  }

  private static String keyName(String origin) {
    int slash = origin.indexOf('/');
    return slash < 0 ? origin : origin.substring(0, slash);
  }

  String origin(String customer) {
    return options.origin() + "/" + customer;
  }

  // Integration ----------------------------------------------------------------------------------

  private void integrateLoop() {
    long intervalMs = Math.min(1000, options.checkpointInterval().toMillis());
    while (!closed) {
      try {
        Thread.sleep(intervalMs);
        integrateAll();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("processing log integration round failed; it is retried: {}", e.toString());
      }
    }
  }

  /** One round: every customer whose log is longer than its latest checkpoint gets a new one. */
  void integrateAll() {
    try (Connection lock = dataSource.getConnection()) {
      lock.setAutoCommit(true);
      if (!tryLock(lock)) {
        return; // another process integrates now
      }
      try {
        for (String customer : behind(lock)) {
          try {
            integrate(customer);
          } catch (RuntimeException e) {
            // one customer's trouble must not keep the others from their checkpoints
            LOG.warn("integrating one customer's processing log failed; it is retried next round: {}", e.toString());
          }
        }
      } finally {
        try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          ps.setLong(1, INTEGRATOR_LOCK);
          ps.execute();
        }
      }
    } catch (SQLException e) {
      throw Sql.failure("processing log integration", e);
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, INTEGRATOR_LOCK);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private static List<String> behind(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT h.customer_id FROM log_heads h
         WHERE h.size > COALESCE((SELECT max(size) FROM log_checkpoints k WHERE k.customer_id = h.customer_id), -1)
           AND h.size > 0""");
        ResultSet rs = ps.executeQuery()) {
      List<String> customers = new ArrayList<>();
      while (rs.next()) {
        customers.add(rs.getString(1));
      }
      return customers;
    }
  }

  /** Stores the tiles completed up to the durable size, then signs a checkpoint over it. */
  private SignedCheckpoint integrate(String customer) {
    long size = durableSize(customer);
    storeFullTiles(customer, size);
    byte[] root = Proofs.root(size, tiles.nodes(customer, size));
    Optional<SignedCheckpoint> existing = checkpoint(customer, size);
    if (existing.isPresent()) {
      remember(existing.get(), System.nanoTime());
      return existing.get();
    }
    NoteSigner signer = keys.current();
    String note = signer.sign(new Checkpoint(origin(customer), size, root).body());
    Instant now = clock.instant();
    Sql.read(dataSource, "checkpoint insert", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_checkpoints"
          + " (customer_id, size, root_hash, signed_at, vkey, note) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (customer_id, size) DO NOTHING")) {
        ps.setString(1, customer);
        ps.setLong(2, size);
        ps.setBytes(3, root);
        ps.setObject(4, Sql.timestamp(now));
        ps.setString(5, signer.vkey());
        ps.setString(6, note);
        return ps.executeUpdate();
      }
    });
    checkpointsSigned.incrementAndGet();
    SignedCheckpoint stored = checkpoint(customer, size).orElseThrow();
    remember(stored, System.nanoTime());
    return stored;
  }

  /**
   * Stores the tiles completed up to {@code size} that are not stored yet, all in one
   * transaction (one commit per round, not one per tile). Tile contents are deterministic, so a
   * tile another process stored meanwhile is simply skipped.
   */
  private void storeFullTiles(String customer, long size) {
    List<long[]> missing = new ArrayList<>(); // {level, index}
    for (int level = 0; ; level++) {
      long complete = size >>> (LogTiles.HEIGHT * (level + 1)); // full tiles at this level
      if (complete == 0) {
        break;
      }
      long stored = storedTiles.getOrDefault(new TileLevel(customer, level), -1L);
      if (stored < 0) {
        int lvl = level;
        stored = Sql.read(dataSource, "log tile count", c -> {
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT COALESCE(max(idx) + 1, 0) FROM log_tiles WHERE customer_id = ? AND level = ?")) {
            ps.setString(1, customer);
            ps.setInt(2, lvl);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
      }
      for (long t = stored; t < complete; t++) {
        missing.add(new long[] {level, t});
      }
      storedTiles.put(new TileLevel(customer, level), Math.max(stored, complete));
    }
    if (missing.isEmpty()) {
      return;
    }
    List<byte[]> contents = new ArrayList<>();
    for (long[] m : missing) {
      contents.add(LogTiles.join(tiles.tile(customer, (int) m[0], m[1], LogTiles.WIDTH).levels()[0]));
    }
    try {
      Sql.transaction(dataSource, "log tile insert", c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO log_tiles (customer_id, level, idx, hashes)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
          for (int i = 0; i < missing.size(); i++) {
            ps.setString(1, customer);
            ps.setInt(2, (int) missing.get(i)[0]);
            ps.setLong(3, missing.get(i)[1]);
            ps.setBytes(4, contents.get(i));
            ps.addBatch();
          }
          ps.executeBatch();
        }
        return null;
      });
    } catch (RuntimeException e) {
      storedTiles.keySet().removeIf(k -> k.customer().equals(customer)); // ask the database next time
      throw e;
    }
  }

  private record TileLevel(String customer, int level) {}

  /** How many full tiles per customer and level are stored, as far as this process knows. */
  private final Map<TileLevel, Long> storedTiles = new ConcurrentHashMap<>();

  private long durableSize(String customer) {
    return LogTimes.size(dataSource, customer);
  }


  // The port ------------------------------------------------------------------------------------

  @Override
  public long size(CustomerId customer) {
    return durableSize(customer.value());
  }

  /**
   * The latest checkpoint, from a cache at most {@link #LATEST_TTL} old: proofs are asked for
   * against it many times a second, and a checkpoint 200 ms older is as good as the newest.
   * Checkpoints this process signs replace the cached one at once.
   */
  @Override
  public Optional<SignedCheckpoint> latestCheckpoint(CustomerId customer) {
    long now = System.nanoTime();
    Latest cached = latest.get(customer.value());
    if (cached != null && now - cached.readAt() < LATEST_TTL.toNanos()) {
      return Optional.of(cached.checkpoint());
    }
    Optional<SignedCheckpoint> found = checkpoint(customer.value(), null);
    found.ifPresent(c -> remember(c, now));
    return found;
  }

  @Override
  public Optional<SignedCheckpoint> latestCheckpoint(CustomerId customer, long covering) {
    Optional<SignedCheckpoint> cached = latestCheckpoint(customer);
    if (cached.isPresent() && cached.get().size() >= covering) {
      return cached;
    }
    Optional<SignedCheckpoint> found = checkpoint(customer.value(), null); // perhaps signed by another process
    found.ifPresent(c -> remember(c, System.nanoTime()));
    return found;
  }

  private void remember(SignedCheckpoint c, long readAt) {
    latest.merge(c.customer().value(), new Latest(c, readAt),
        (old, fresh) -> fresh.checkpoint().size() >= old.checkpoint().size() ? fresh : new Latest(old.checkpoint(), readAt));
  }

  @Override
  public SignedCheckpoint checkpointNow(CustomerId customer) {
    return integrate(customer.value());
  }

  private Optional<SignedCheckpoint> checkpoint(String customer, Long size) {
    String sql = "SELECT size, root_hash, signed_at, vkey, note FROM log_checkpoints WHERE customer_id = ?"
        + (size == null ? " ORDER BY size DESC LIMIT 1" : " AND size = ?");
    return Sql.read(dataSource, "checkpoint read", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, customer);
        if (size != null) {
          ps.setLong(2, size);
        }
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          return Optional.of(new SignedCheckpoint(new CustomerId(customer), origin(customer), rs.getLong("size"),
              Hashes.hex(rs.getBytes("root_hash")), Sql.instant(rs, "signed_at"), rs.getString("vkey"),
              rs.getString("note")));
        }
      }
    });
  }

  @Override
  public List<StoredEntry> entries(CustomerId customer, long from, long to) {
    return Sql.read(dataSource, "log entries read", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT idx, leaf_hash, entry FROM log_entries WHERE customer_id = ? AND idx >= ? AND idx < ? ORDER BY idx")) {
        ps.setString(1, customer.value());
        ps.setLong(2, from);
        ps.setLong(3, to);
        List<StoredEntry> entries = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            entries.add(new StoredEntry(rs.getLong(1), Hashes.hex(rs.getBytes(2)),
                new String(rs.getBytes(3), StandardCharsets.UTF_8)));
          }
        }
        return entries;
      }
    });
  }

  @Override
  public InclusionProof inclusion(CustomerId customer, long index, long treeSize) {
    NodeSource nodes = tiles.nodes(customer.value(), treeSize);
    return new InclusionProof(index, treeSize, Hashes.hex(nodes.node(0, index)),
        hex(Proofs.inclusion(index, treeSize, nodes)), root(customer.value(), treeSize, nodes));
  }

  private record TreeRef(String customer, long size) {}

  /** Roots of recent tree sizes: every proof against the latest checkpoint needs the same one. */
  private final Map<TreeRef, String> roots = new ConcurrentHashMap<>();

  private String root(String customer, long size, NodeSource nodes) {
    TreeRef ref = new TreeRef(customer, size);
    String root = roots.get(ref);
    if (root == null) {
      root = Hashes.hex(Proofs.root(size, nodes));
      if (roots.size() > 4096) {
        roots.clear();
      }
      roots.put(ref, root);
    }
    return root;
  }

  @Override
  public ConsistencyProof consistency(CustomerId customer, long fromSize, long toSize) {
    NodeSource nodes = tiles.nodes(customer.value(), toSize);
    return new ConsistencyProof(fromSize, toSize, hex(Proofs.consistency(fromSize, toSize, nodes)),
        root(customer.value(), fromSize, nodes), root(customer.value(), toSize, nodes));
  }

  @Override
  public long firstIndexAtOrAfter(CustomerId customer, Instant time) {
    return LogTimes.firstIndexAtOrAfter(dataSource, customer.value(), durableSize(customer.value()), time);
  }

  @Override
  public void writeBundle(CustomerId customer, long from, long to, Long since, OutputStream out) throws IOException {
    SignedCheckpoint checkpoint = latestCheckpoint(customer, Math.max(to, since == null ? 0 : since)).orElseThrow();
    NodeSource nodes = tiles.nodes(customer.value(), checkpoint.size());
    BundleWriter.Header header = new BundleWriter.Header(customer.value(), checkpoint.origin(), from, to,
        checkpoint.size(), checkpoint.note(), since, keys.all().stream().map(SigningKey::vkey).toList());
    BundleWriter.write(out, header, nodes, new PagedEntries(customer.value(), from, to));
  }

  /** Entries [from, to) read in pages, so that memory stays flat however long the range. */
  private final class PagedEntries implements Iterator<byte[]> {
    private static final int PAGE = 5000;
    private final String customer;
    private final long to;
    private long next;
    private Iterator<byte[]> page = Collections.emptyIterator();

    PagedEntries(String customer, long from, long to) {
      this.customer = customer;
      this.next = from;
      this.to = to;
    }

    @Override
    public boolean hasNext() {
      if (!page.hasNext() && next < to) {
        long start = next;
        long end = Math.min(to, start + PAGE);
        List<byte[]> rows = Sql.read(dataSource, "log bundle entries", c -> {
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT entry FROM log_entries WHERE customer_id = ? AND idx >= ? AND idx < ? ORDER BY idx")) {
            ps.setString(1, customer);
            ps.setLong(2, start);
            ps.setLong(3, end);
            List<byte[]> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                list.add(rs.getBytes(1));
              }
            }
            return list;
          }
        });
        if (rows.size() != end - start) {
          throw new IllegalStateException("log entries " + start + " to " + end + " are not all stored");
        }
        page = rows.iterator();
        next = end;
      }
      return page.hasNext();
    }

    @Override
    public byte[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.next();
    }
  }

  @Override
  public List<SigningKey> signingKeys() {
    return keys.all();
  }

  @Override
  public SigningKey rotateSigningKey() {
    return keys.rotate();
  }

  /** Checkpoints this process signed since it started. */
  public long checkpointsSigned() {
    return checkpointsSigned.get();
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(Hashes::hex).toList();
  }

  @Override
  public void close() {
    closed = true;
    integrator.interrupt();
    try {
      integrator.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
