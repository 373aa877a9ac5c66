package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.apiKey;
import static dev.mandate.testkit.contract.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.access.ApiKey;
import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.ApiKeyStore;
import dev.mandate.core.access.Role;
import dev.mandate.core.customer.CustomerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ApiKeyStore} must do. Subclasses give a new, empty store per test. */
public abstract class ApiKeyStoreContract {
  protected ApiKeyStore store;

  protected abstract ApiKeyStore newStore();

  @BeforeEach
  void newStoreForEachTest() {
    store = newStore();
  }

  @Test
  void aKeyReadsBackAsInserted() {
    ApiKey key = apiKey("key_A1", Role.PROCESSOR_SERVICE, at(1));

    store.insert(key);

    assertSame(store.find(new ApiKeyId("key_A1")).orElseThrow(), key);
    assertThat(store.find(new ApiKeyId("key_missing"))).isEmpty();
  }

  @Test
  void aKeyWithoutScopeReadsBackWithEmptySets() {
    ApiKey admin = new ApiKey(new ApiKeyId("key_root"), null, Role.PROCESSOR_ADMIN, Set.of(), Set.of(),
        new byte[32], at(0), null, null);

    store.insert(admin);

    assertSame(store.find(admin.id()).orElseThrow(), admin);
  }

  @Test
  void aDuplicateIdIsRefused() {
    store.insert(apiKey("key_A1", Role.AUDITOR, at(1)));

    assertThatThrownBy(() -> store.insert(apiKey("key_A1", Role.PROCESSOR_ADMIN, at(2))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.find(new ApiKeyId("key_A1")).orElseThrow().role()).isEqualTo(Role.AUDITOR);
  }

  @Test
  void theFirstKeyIsInsertedOnlyIntoAnEmptyStore() {
    assertThat(store.insertIfNoneExist(apiKey("key_first", Role.PROCESSOR_ADMIN, at(1)))).isTrue();
    assertThat(store.insertIfNoneExist(apiKey("key_second", Role.PROCESSOR_ADMIN, at(2)))).isFalse();

    assertThat(store.list()).extracting(k -> k.id().value()).containsExactly("key_first");
  }

  @Test
  void racingFirstStartsCreateExactlyOneKey() throws Exception {
    List<Callable<Boolean>> starts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String id = "key_start" + i;
      starts.add(() -> store.insertIfNoneExist(apiKey(id, Role.PROCESSOR_ADMIN, at(1))));
    }
    int created = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (Future<Boolean> f : pool.invokeAll(starts)) {
        created += f.get() ? 1 : 0;
      }
    }

    assertThat(created).isEqualTo(1);
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void listHoldsEveryKey() {
    store.insert(apiKey("key_b", Role.AUDITOR, at(2)));
    store.insert(apiKey("key_a", Role.CUSTOMER_DPO, at(1)));
    store.insert(apiKey("key_c", Role.PROCESSOR_SERVICE, at(3)));

    assertThat(store.list()).extracting(k -> k.id().value()).containsExactlyInAnyOrder("key_a", "key_b", "key_c");
  }

  @Test
  void aKeyIsRevokedOnce() {
    store.insert(apiKey("key_A1", Role.PROCESSOR_SERVICE, at(1)));

    assertThat(store.revoke(new ApiKeyId("key_A1"), at(50))).isTrue();
    assertThat(store.revoke(new ApiKeyId("key_A1"), at(60))).isFalse();
    assertThat(store.revoke(new ApiKeyId("key_missing"), at(60))).isFalse();

    ApiKey revoked = store.find(new ApiKeyId("key_A1")).orElseThrow();
    assertThat(revoked.revoked()).isTrue();
    assertThat(revoked.revokedAt()).isEqualTo(at(50));
    assertThat(revoked.customers()).containsExactlyInAnyOrder(new CustomerId("acme"), new CustomerId("globex"));
  }

  private static void assertSame(ApiKey actual, ApiKey expected) {
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.label()).isEqualTo(expected.label());
    assertThat(actual.role()).isEqualTo(expected.role());
    assertThat(actual.customers()).isEqualTo(expected.customers());
    assertThat(actual.purposes()).isEqualTo(expected.purposes());
    assertThat(actual.secretHash()).isEqualTo(expected.secretHash());
    assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
    assertThat(actual.createdBy()).isEqualTo(expected.createdBy());
    assertThat(actual.revokedAt()).isEqualTo(expected.revokedAt());
  }
}
