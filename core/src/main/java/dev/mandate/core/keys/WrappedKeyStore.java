package dev.mandate.core.keys;

import dev.mandate.core.customer.CustomerId;
import java.util.List;

/** Where wrapped data keys live (the database). Never sees an unwrapped key. */
public interface WrappedKeyStore {

  /** All versions of all purposes for this customer, in any order. */
  List<WrappedKey> keysOf(CustomerId customer);

  /**
   * Stores the key unless (customer, purpose, version) exists already.
   *
   * @return false if it existed: two processes racing to create a key converge on the first one
   */
  boolean insertIfAbsent(WrappedKey key);

  /** Up to {@code limit} keys wrapped under this master key version, for re-wrapping in batches. */
  List<WrappedKey> wrappedUnder(int masterKeyVersion, int limit);

  /** Atomically replaces the master version and wrapped bytes of an existing (customer, purpose, version). */
  void replaceWrapping(WrappedKey rewrapped);
}
