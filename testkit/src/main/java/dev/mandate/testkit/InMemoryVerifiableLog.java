package dev.mandate.testkit;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.processinglog.ConsistencyProof;
import dev.mandate.core.processinglog.EventJson;
import dev.mandate.core.processinglog.InclusionProof;
import dev.mandate.core.processinglog.RecordedEvent;
import dev.mandate.core.processinglog.SignedCheckpoint;
import dev.mandate.core.processinglog.SigningKey;
import dev.mandate.core.processinglog.StoredEntry;
import dev.mandate.core.processinglog.VerifiableLog;
import dev.mandate.logverify.BundleWriter;
import dev.mandate.logverify.Checkpoint;
import dev.mandate.logverify.CompactRange;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.LogEntry;
import dev.mandate.logverify.NodeSource;
import dev.mandate.logverify.NoteSigner;
import dev.mandate.logverify.Proofs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Merkle side of an {@link InMemoryProcessingLog}, for tests: entries are framed from its
 * events the way the PostgreSQL adapter frames them, checkpoints are signed with an Ed25519 key
 * made at construction, and nodes are recomputed from the leaves (fine for small test logs).
 */
public final class InMemoryVerifiableLog implements VerifiableLog {
  public static final String ORIGIN = "mandate.test/log";
  private final InMemoryProcessingLog log;
  private final Clock clock;
  private final List<NoteSigner> signers = new ArrayList<>();
  private final List<SigningKey> keys = new ArrayList<>();
  private final Map<CustomerId, List<SignedCheckpoint>> checkpoints = new HashMap<>();

  public InMemoryVerifiableLog(InMemoryProcessingLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
    rotateSigningKey();
  }

  private synchronized List<byte[]> entries(CustomerId customer) {
    List<byte[]> entries = new ArrayList<>();
    byte[] prev = null;
    for (RecordedEvent r : log.read(customer, 0, Integer.MAX_VALUE, null)) {
      byte[] entry = LogEntry.frame(EventJson.canonical(r.event()), r.index(), prev);
      entries.add(entry);
      prev = Hashes.leafHash(entry);
    }
    return entries;
  }

  private NodeSource nodes(CustomerId customer) {
    List<byte[]> entries = entries(customer);
    return (height, index) -> {
      CompactRange range = new CompactRange();
      for (long i = index << height; i < (index + 1) << height; i++) {
        range.appendLeafHash(Hashes.leafHash(entries.get((int) i)));
      }
      return range.root();
    };
  }

  @Override
  public long size(CustomerId customer) {
    return entries(customer).size();
  }

  @Override
  public synchronized Optional<SignedCheckpoint> latestCheckpoint(CustomerId customer) {
    List<SignedCheckpoint> list = checkpoints.getOrDefault(customer, List.of());
    return list.isEmpty() ? Optional.empty() : Optional.of(list.getLast());
  }

  @Override
  public synchronized SignedCheckpoint checkpointNow(CustomerId customer) {
    long size = size(customer);
    byte[] root = Proofs.root(size, nodes(customer));
    NoteSigner signer = signers.getLast();
    String origin = ORIGIN + "/" + customer.value();
    SignedCheckpoint c = new SignedCheckpoint(customer, origin, size, Hashes.hex(root), clock.instant(), signer.vkey(),
        signer.sign(new Checkpoint(origin, size, root).body()));
    checkpoints.computeIfAbsent(customer, k -> new ArrayList<>()).add(c);
    return c;
  }

  @Override
  public List<StoredEntry> entries(CustomerId customer, long from, long to) {
    List<byte[]> all = entries(customer);
    List<StoredEntry> page = new ArrayList<>();
    for (long i = from; i < to && i < all.size(); i++) {
      byte[] e = all.get((int) i);
      page.add(new StoredEntry(i, Hashes.hex(Hashes.leafHash(e)), new String(e, StandardCharsets.UTF_8)));
    }
    return page;
  }

  @Override
  public InclusionProof inclusion(CustomerId customer, long index, long treeSize) {
    NodeSource nodes = nodes(customer);
    return new InclusionProof(index, treeSize, Hashes.hex(nodes.node(0, index)),
        Proofs.inclusion(index, treeSize, nodes).stream().map(Hashes::hex).toList(),
        Hashes.hex(Proofs.root(treeSize, nodes)));
  }

  @Override
  public ConsistencyProof consistency(CustomerId customer, long fromSize, long toSize) {
    NodeSource nodes = nodes(customer);
    return new ConsistencyProof(fromSize, toSize,
        Proofs.consistency(fromSize, toSize, nodes).stream().map(Hashes::hex).toList(),
        Hashes.hex(Proofs.root(fromSize, nodes)), Hashes.hex(Proofs.root(toSize, nodes)));
  }

  @Override
  public long firstIndexAtOrAfter(CustomerId customer, Instant time) {
    List<RecordedEvent> events = log.read(customer, 0, Integer.MAX_VALUE, null);
    for (RecordedEvent r : events) {
      if (!r.event().time().isBefore(time)) {
        return r.index();
      }
    }
    return events.size();
  }

  @Override
  public void writeBundle(CustomerId customer, long from, long to, Long since, OutputStream out) throws IOException {
    SignedCheckpoint c = latestCheckpoint(customer).orElseThrow();
    List<byte[]> all = entries(customer);
    BundleWriter.write(out, new BundleWriter.Header(customer.value(), c.origin(), from, to, c.size(), c.note(), since,
        signingKeys().stream().map(SigningKey::vkey).toList()), nodes(customer),
        all.subList((int) from, (int) to).iterator());
  }

  @Override
  public synchronized List<SigningKey> signingKeys() {
    return List.copyOf(keys);
  }

  @Override
  public synchronized SigningKey rotateSigningKey() {
    Instant now = clock.instant();
    if (!keys.isEmpty()) {
      SigningKey old = keys.removeLast();
      keys.add(new SigningKey(old.vkey(), old.createdAt(), now));
    }
    NoteSigner signer = NoteSigner.generate("mandate.test");
    signers.add(signer);
    SigningKey key = new SigningKey(signer.vkey(), now, null);
    keys.add(key);
    return key;
  }
}
