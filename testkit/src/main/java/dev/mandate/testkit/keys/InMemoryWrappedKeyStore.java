package dev.mandate.testkit.keys;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.KeyPurpose;
import dev.mandate.core.keys.WrappedKey;
import dev.mandate.core.keys.WrappedKeyStore;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A thread-safe {@link WrappedKeyStore} in a map, with the same conflict rules as the database. */
public final class InMemoryWrappedKeyStore implements WrappedKeyStore {

  private record Slot(CustomerId customer, KeyPurpose purpose, int version) {
    static Slot of(WrappedKey k) {
      return new Slot(k.customer(), k.purpose(), k.version());
    }
  }

  private static final Comparator<WrappedKey> ORDER = Comparator
      .comparing((WrappedKey k) -> k.customer().value())
      .thenComparing(WrappedKey::purpose)
      .thenComparingInt(WrappedKey::version);

  private final ConcurrentMap<Slot, WrappedKey> keys = new ConcurrentHashMap<>();

  @Override
  public List<WrappedKey> keysOf(CustomerId customer) {
    return keys.values().stream().filter(k -> k.customer().equals(customer)).sorted(ORDER).toList();
  }

  @Override
  public boolean insertIfAbsent(WrappedKey key) {
    return keys.putIfAbsent(Slot.of(key), key) == null;
  }

  @Override
  public List<WrappedKey> wrappedUnder(int masterKeyVersion, int limit) {
    return keys.values().stream()
        .filter(k -> k.masterKeyVersion() == masterKeyVersion)
        .sorted(ORDER)
        .limit(limit)
        .toList();
  }

  @Override
  public void replaceWrapping(WrappedKey rewrapped) {
    WrappedKey previous = keys.computeIfPresent(Slot.of(rewrapped), (slot, old) -> rewrapped);
    if (previous == null) {
      throw new NoSuchElementException("no stored key " + rewrapped.purpose() + " v" + rewrapped.version()
          + " for customer " + rewrapped.customer().value());
    }
  }

  /** Every stored key, for assertions. */
  public List<WrappedKey> all() {
    return keys.values().stream().sorted(ORDER).toList();
  }
}
