package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.idempotency.IdempotencyStore;
import dev.mandate.core.idempotency.IdempotencyStore.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link IdempotencyStore} must do. Subclasses give a new, empty store per test. */
public abstract class IdempotencyStoreContract {
  protected IdempotencyStore store;

  protected abstract IdempotencyStore newStore();

  @BeforeEach
  void newStoreForEachTest() {
    store = newStore();
  }

  @Test
  void theFirstReservationWinsAndLaterOnesSeeIt() {
    assertThat(store.reserve("key_A", "idem-1", "fp-1", at(0))).isEmpty();

    Entry running = store.reserve("key_A", "idem-1", "fp-other", at(5)).orElseThrow();
    assertThat(running.fingerprint()).isEqualTo("fp-1");
    assertThat(running.status()).isZero();
    assertThat(running.createdAt()).isEqualTo(at(0));
  }

  @Test
  void aCompletedAnswerIsReplayed() {
    store.reserve("key_A", "idem-1", "fp-1", at(0));
    byte[] body = "{\"id\":\"2b1e\"}".getBytes(StandardCharsets.UTF_8);

    store.complete("key_A", "idem-1", 201, "application/json", body);

    Entry done = store.reserve("key_A", "idem-1", "fp-1", at(5)).orElseThrow();
    assertThat(done.status()).isEqualTo(201);
    assertThat(done.contentType()).isEqualTo("application/json");
    assertThat(done.body()).isEqualTo(body);
    assertThat(done.fingerprint()).isEqualTo("fp-1");
  }

  @Test
  void keysArePerPrincipal() {
    assertThat(store.reserve("key_A", "idem-1", "fp-1", at(0))).isEmpty();
    assertThat(store.reserve("key_B", "idem-1", "fp-2", at(0))).isEmpty();
  }

  @Test
  void aReleasedKeyCanBeReservedAgain() {
    store.reserve("key_A", "idem-1", "fp-1", at(0));

    store.release("key_A", "idem-1");

    assertThat(store.reserve("key_A", "idem-1", "fp-2", at(5))).isEmpty();
    assertThat(store.reserve("key_A", "idem-1", "fp-3", at(6)).orElseThrow().fingerprint()).isEqualTo("fp-2");
  }

  @Test
  void oldEntriesExpire() {
    store.reserve("key_A", "old-1", "fp", at(0));
    store.reserve("key_A", "old-2", "fp", at(10));
    store.reserve("key_A", "new-1", "fp", at(100));

    assertThat(store.expire(at(50))).isEqualTo(2);

    assertThat(store.reserve("key_A", "old-1", "fp-again", at(200))).isEmpty();
    assertThat(store.reserve("key_A", "new-1", "fp-again", at(200))).isPresent();
  }

  @Test
  void racingRequestsWithOneKeyReserveItOnce() throws Exception {
    List<Callable<Optional<Entry>>> requests = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      requests.add(() -> store.reserve("key_A", "idem-race", "fp", at(0)));
    }
    int reserved = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (Future<Optional<Entry>> f : pool.invokeAll(requests)) {
        reserved += f.get().isEmpty() ? 1 : 0;
      }
    }

    assertThat(reserved).isEqualTo(1);
  }
}
