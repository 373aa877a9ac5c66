package dev.mandate.crypto;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A small lock-free pool of objects that are not thread-safe ({@code Cipher}, {@code Mac}). Unlike
 * a {@code ThreadLocal} it keeps its instances when callers run on short-lived virtual threads (the
 * web server gives each request one). Slots are a cache line apart; a thread starts probing at the
 * slot its id hashes to, so a platform thread usually gets back the instance it returned.
 */
final class InstancePool<T> {
  private static final int STRIDE = 16;

  private final Supplier<T> factory;
  private final int mask;
  private final AtomicReferenceArray<T> slots;

  InstancePool(Supplier<T> factory) {
    this.factory = factory;
    int size = Integer.highestOneBit(Math.max(4, Runtime.getRuntime().availableProcessors() * 4) - 1) << 1;
    this.mask = size - 1;
    this.slots = new AtomicReferenceArray<>(size * STRIDE);
  }

  T take() {
    int start = probe();
    for (int i = 0; i <= mask; i++) {
      int at = ((start + i) & mask) * STRIDE;
      T t = slots.get(at);
      if (t != null && slots.compareAndSet(at, t, null)) {
        return t;
      }
    }
    return factory.get();
  }

  void give(T t) {
    int start = probe();
    for (int i = 0; i <= mask; i++) {
      int at = ((start + i) & mask) * STRIDE;
      if (slots.get(at) == null && slots.compareAndSet(at, null, t)) {
        return;
      }
    }
  }

  private static int probe() {
    long id = Thread.currentThread().threadId();
    int h = (int) (id ^ (id >>> 32)) * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
