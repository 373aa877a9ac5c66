package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.KeyPurpose;
import dev.mandate.core.keys.WrappedKey;
import dev.mandate.core.keys.WrappedKeyStore;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link WrappedKeyStore} must do. Subclasses give a new, empty store per test. */
public abstract class WrappedKeyStoreContract {
  private static final CustomerId ACME = new CustomerId("acme");
  private static final CustomerId GLOBEX = new CustomerId("globex");
  protected WrappedKeyStore store;

  protected abstract WrappedKeyStore newStore();

  @BeforeEach
  void newStoreForEachTest() {
    store = newStore();
  }

  @Test
  void keysReadBackPerCustomer() {
    WrappedKey field1 = key(ACME, KeyPurpose.FIELD_ENCRYPTION, 1, 1);
    WrappedKey field2 = key(ACME, KeyPurpose.FIELD_ENCRYPTION, 2, 1);
    WrappedKey index = key(ACME, KeyPurpose.BLIND_INDEX, 1, 1);
    WrappedKey other = key(GLOBEX, KeyPurpose.PSEUDONYM, 1, 1);

    for (WrappedKey k : new WrappedKey[] {field1, field2, index, other}) {
      assertThat(store.insertIfAbsent(k)).isTrue();
    }

    assertThat(store.keysOf(ACME)).containsExactlyInAnyOrder(field1, field2, index);
    assertThat(store.keysOf(GLOBEX)).containsExactly(other);
    assertThat(store.keysOf(new CustomerId("nobody"))).isEmpty();
  }

  @Test
  void racingCreatorsConvergeOnTheFirstKey() {
    WrappedKey first = key(ACME, KeyPurpose.FIELD_ENCRYPTION, 1, 1);
    WrappedKey second = new WrappedKey(ACME, KeyPurpose.FIELD_ENCRYPTION, 1, 2, bytes("another"), at(9));

    assertThat(store.insertIfAbsent(first)).isTrue();
    assertThat(store.insertIfAbsent(second)).isFalse();

    assertThat(store.keysOf(ACME)).containsExactly(first);
  }

  @Test
  void keysAreFoundByMasterKeyVersionInBatches() {
    store.insertIfAbsent(key(ACME, KeyPurpose.FIELD_ENCRYPTION, 1, 1));
    store.insertIfAbsent(key(ACME, KeyPurpose.BLIND_INDEX, 1, 1));
    store.insertIfAbsent(key(GLOBEX, KeyPurpose.FIELD_ENCRYPTION, 1, 1));
    store.insertIfAbsent(key(GLOBEX, KeyPurpose.BLIND_INDEX, 1, 2));

    assertThat(store.wrappedUnder(1, 10)).hasSize(3).allMatch(k -> k.masterKeyVersion() == 1);
    assertThat(store.wrappedUnder(1, 2)).hasSize(2);
    assertThat(store.wrappedUnder(2, 10)).containsExactly(key(GLOBEX, KeyPurpose.BLIND_INDEX, 1, 2));
    assertThat(store.wrappedUnder(3, 10)).isEmpty();
  }

  @Test
  void rewrappingReplacesMasterVersionAndBytesOnly() {
    WrappedKey original = key(ACME, KeyPurpose.FIELD_ENCRYPTION, 1, 1);
    store.insertIfAbsent(original);
    WrappedKey rewrapped = original.rewrapped(2, bytes("rewrapped under master 2"));

    store.replaceWrapping(rewrapped);

    assertThat(store.keysOf(ACME)).containsExactly(rewrapped);
    assertThat(store.wrappedUnder(1, 10)).isEmpty();
    assertThat(store.wrappedUnder(2, 10)).containsExactly(rewrapped);
  }

  @Test
  void rewrappingAKeyThatDoesNotExistFails() {
    WrappedKey missing = key(ACME, KeyPurpose.PSEUDONYM, 1, 2);

    assertThatThrownBy(() -> store.replaceWrapping(missing)).isInstanceOf(NoSuchElementException.class);
    assertThat(store.keysOf(ACME)).isEmpty();
  }

  private static WrappedKey key(CustomerId customer, KeyPurpose purpose, int version, int master) {
    return new WrappedKey(customer, purpose, version, master,
        bytes(customer.value() + "/" + purpose + "/" + version + " under " + master), at(version));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
