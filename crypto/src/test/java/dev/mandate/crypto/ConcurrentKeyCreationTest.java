package dev.mandate.crypto;

import static dev.mandate.crypto.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.KeyPurpose;
import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.keys.WrappedKey;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;

class ConcurrentKeyCreationTest {
  private static final int THREADS = 8;

  /** Two processes (rings) over one store, eight threads racing to create each customer's keys. */
  @RepeatedTest(20)
  void racingRingsConvergeOnOneKeyPerPurpose() throws Exception {
    InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
    MasterKeys master = Fixtures.masterKeys();
    EnvelopeKeyRing[] rings = {
        new EnvelopeKeyRing(store, master, Fixtures.clock()), new EnvelopeKeyRing(store, master, Fixtures.clock())};
    CustomerId customer = new CustomerId("racing-customer");
    byte[] aad = utf8("racing-customer|rec|field");
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<Result>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (int t = 0; t < THREADS; t++) {
        EnvelopeKeyRing ring = rings[t % 2];
        int n = t;
        Callable<Result> race = () -> {
          start.await();
          return switch (n % 3) {
            case 0 -> new Result(ring.seal(customer, utf8("v" + n), aad), null, null);
            case 1 -> new Result(null, ring.index(customer, "email", "ada@example.org"), null);
            default -> new Result(null, null, ring.of(customer, "subject"));
          };
        };
        results.add(pool.submit(race));
      }
    }

    assertThat(store.keysOf(customer)).extracting(WrappedKey::purpose)
        .containsExactlyInAnyOrder(KeyPurpose.FIELD_ENCRYPTION, KeyPurpose.BLIND_INDEX, KeyPurpose.PSEUDONYM);
    byte[] index = rings[0].index(customer, "email", "ada@example.org");
    String pseudonym = rings[1].of(customer, "subject");
    for (int t = 0; t < THREADS; t++) {
      Result r = results.get(t).get();
      if (r.sealed() != null) {
        for (EnvelopeKeyRing ring : rings) {
          assertThat(ring.open(customer, r.sealed(), aad)).isEqualTo(utf8("v" + t));
        }
      }
      if (r.index() != null) {
        assertThat(r.index()).isEqualTo(index);
      }
      if (r.pseudonym() != null) {
        assertThat(r.pseudonym()).isEqualTo(pseudonym);
      }
    }
  }

  private record Result(SealedValue sealed, byte[] index, String pseudonym) {}
}
