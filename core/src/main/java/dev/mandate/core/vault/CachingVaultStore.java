package dev.mandate.core.vault;

import dev.mandate.core.customer.CustomerId;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps recently read vault records in memory, still sealed (ciphertext only), so that a read
 * does not need a database round trip (docs/adr/0007-sealed-record-cache.md). Every change made
 * through this process (replace, delete, retention purge) drops the entry at once; a change made
 * by another process is seen within {@code ttl}, like the in-force agreement cache. An update
 * never works on a stale copy: {@link #replace} is a compare-and-set on {@code updatedAt} in the
 * store, which refuses a change based on an outdated record.
 */
public final class CachingVaultStore implements VaultStore {
  private final VaultStore store;
  private final long ttlNanos;
  private final int capacity;
  private final ConcurrentHashMap<Key, Entry> cache = new ConcurrentHashMap<>();

  private record Key(CustomerId customer, RecordId id) {}

  private record Entry(VaultRecord record, long loadedAtNanos) {}

  public CachingVaultStore(VaultStore store, Duration ttl, int capacity) {
    this.store = store;
    this.ttlNanos = ttl.toNanos();
    this.capacity = capacity;
  }

  @Override
  public Optional<VaultRecord> find(CustomerId customer, RecordId id) {
    Key key = new Key(customer, id);
    long now = System.nanoTime();
    Entry e = cache.get(key);
    if (e != null && now - e.loadedAtNanos() < ttlNanos) {
      return Optional.of(e.record());
    }
    Optional<VaultRecord> found = store.find(customer, id);
    if (found.isPresent()) {
      if (cache.size() >= capacity) {
        evictSome();
      }
      cache.put(key, new Entry(found.get(), now));
    } else {
      cache.remove(key);
    }
    return found;
  }

  /** Drops an arbitrary eighth: cheaper than LRU bookkeeping on every read; a miss costs one lookup. */
  private void evictSome() {
    Iterator<Key> it = cache.keySet().iterator();
    for (int dropped = 0; dropped < Math.max(1, capacity / 8) && it.hasNext(); dropped++) {
      it.next();
      it.remove();
    }
  }

  @Override
  public void insert(VaultRecord record) {
    store.insert(record);
  }

  @Override
  public boolean replace(VaultRecord record, Instant expectedUpdatedAt) {
    Key key = new Key(record.customer(), record.id());
    cache.remove(key);
    try {
      return store.replace(record, expectedUpdatedAt);
    } finally {
      cache.remove(key);
    }
  }

  @Override
  public boolean delete(CustomerId customer, RecordId id) {
    Key key = new Key(customer, id);
    cache.remove(key);
    try {
      return store.delete(customer, id);
    } finally {
      cache.remove(key);
    }
  }

  @Override
  public List<RecordId> findByField(CustomerId customer, String field, byte[] blindIndex, int limit) {
    return store.findByField(customer, field, blindIndex, limit);
  }

  @Override
  public List<RecordId> findBySubject(CustomerId customer, byte[] subjectIndex, int limit) {
    return store.findBySubject(customer, subjectIndex, limit);
  }

  @Override
  public List<ExpiredField> expired(Instant now, int limit) {
    return store.expired(now, limit);
  }

  @Override
  public boolean deleteExpiredField(ExpiredField field) {
    Key key = new Key(field.customer(), field.record());
    cache.remove(key);
    try {
      return store.deleteExpiredField(field);
    } finally {
      cache.remove(key);
    }
  }
}
