package dev.mandate.crypto;

import static dev.mandate.crypto.Fixtures.ACME;
import static dev.mandate.crypto.Fixtures.GLOBEX;
import static dev.mandate.crypto.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mandate.core.keys.KeyPurpose;
import dev.mandate.core.keys.KeyUnavailableException;
import dev.mandate.core.keys.MasterKeys;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.keys.TamperedValueException;
import dev.mandate.core.keys.WrappedKey;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EnvelopeKeyRingTest {
  private final InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
  private final MasterKeys master = Fixtures.masterKeys();
  private final EnvelopeKeyRing ring = new EnvelopeKeyRing(store, master, Fixtures.clock());
  private final byte[] aad = utf8("acme-payroll|rec-1|email");

  @Test
  void sealsAndOpensValuesOfAnySize() {
    for (int size : new int[] {0, 1, 32, 256, 70_000}) {
      byte[] plain = new byte[size];
      Arrays.fill(plain, (byte) 7);
      SealedValue sealed = ring.seal(ACME, plain, aad);
      assertThat(sealed.keyVersion()).isEqualTo(1);
      assertThat(sealed.ciphertext()).hasSize(12 + size + 16);
      assertThat(ring.open(ACME, sealed, aad)).isEqualTo(plain);
    }
  }

  @Test
  void sealingTheSameValueTwiceGivesDifferentCiphertexts() {
    byte[] plain = utf8("ada@example.org");
    assertThat(ring.seal(ACME, plain, aad).ciphertext()).isNotEqualTo(ring.seal(ACME, plain, aad).ciphertext());
  }

  @Test
  void createsVersionOneOfEachPurposeOnFirstUse() {
    ring.seal(ACME, utf8("x"), aad);
    ring.index(ACME, "email", "x");
    ring.of(ACME, "subject-1");
    assertThat(store.keysOf(ACME)).extracting(WrappedKey::purpose, WrappedKey::version, WrappedKey::masterKeyVersion)
        .containsExactlyInAnyOrder(
            tuple(KeyPurpose.FIELD_ENCRYPTION, 1, 1),
            tuple(KeyPurpose.BLIND_INDEX, 1, 1),
            tuple(KeyPurpose.PSEUDONYM, 1, 1));
    assertThat(store.keysOf(GLOBEX)).isEmpty();
  }

  @Test
  void wrongAssociatedDataFails() {
    SealedValue sealed = ring.seal(ACME, utf8("ada@example.org"), aad);
    assertThatThrownBy(() -> ring.open(ACME, sealed, utf8("acme-payroll|rec-2|email")))
        .isInstanceOf(TamperedValueException.class)
        .hasMessageNotContaining("ada");
  }

  @Test
  void everyFlippedBitFails() {
    SealedValue sealed = ring.seal(ACME, utf8("ada@example.org"), aad);
    for (int bit = 0; bit < sealed.ciphertext().length * 8; bit++) {
      byte[] altered = sealed.ciphertext().clone();
      altered[bit / 8] ^= (byte) (1 << (bit % 8));
      SealedValue tampered = new SealedValue(1, altered);
      assertThatThrownBy(() -> ring.open(ACME, tampered, aad)).isInstanceOf(TamperedValueException.class);
    }
  }

  @Test
  void truncatedValuesFail() {
    ring.seal(ACME, utf8("x"), aad);
    assertThatThrownBy(() -> ring.open(ACME, new SealedValue(1, new byte[27]), aad))
        .isInstanceOf(TamperedValueException.class);
  }

  @Test
  void anotherCustomersKeyCannotOpen() {
    SealedValue sealed = ring.seal(ACME, utf8("ada@example.org"), aad);
    ring.seal(GLOBEX, utf8("warm-up"), aad);
    assertThatThrownBy(() -> ring.open(GLOBEX, sealed, aad)).isInstanceOf(TamperedValueException.class);
  }

  @Test
  void openingBeforeAnyKeyExistsCreatesNothing() {
    assertThatThrownBy(() -> ring.open(GLOBEX, new SealedValue(1, new byte[40]), aad))
        .isInstanceOf(KeyUnavailableException.class);
    assertThat(store.keysOf(GLOBEX)).isEmpty();
  }

  @Test
  void anUnknownKeyVersionIsUnavailableNotTampered() {
    SealedValue sealed = ring.seal(ACME, utf8("x"), aad);
    assertThatThrownBy(() -> ring.open(ACME, new SealedValue(9, sealed.ciphertext()), aad))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("FIELD_ENCRYPTION key v9");
  }

  @Test
  void aWrappedKeyMovedToAnotherCustomerDoesNotUnwrap() {
    ring.seal(ACME, utf8("x"), aad);
    WrappedKey acmeKey = store.keysOf(ACME).getFirst();
    InMemoryWrappedKeyStore forged = new InMemoryWrappedKeyStore();
    forged.insertIfAbsent(new WrappedKey(GLOBEX, acmeKey.purpose(), 1, 1, acmeKey.wrapped(), acmeKey.createdAt()));
    // same master key, different store: GLOBEX's "key" is ACME's wrapping
    EnvelopeKeyRing other = new EnvelopeKeyRing(forged, master, Fixtures.clock());
    assertThatThrownBy(() -> other.seal(GLOBEX, utf8("x"), aad)).isInstanceOf(KeyUnavailableException.class);
  }

  @Test
  void worksFromManyVirtualThreads() throws Exception {
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      var futures = IntStream.range(0, 2_000).mapToObj(i -> executor.submit(() -> {
        byte[] plain = utf8("value-" + i);
        return Arrays.equals(ring.open(ACME, ring.seal(ACME, plain, aad), aad), plain);
      })).toList();
      for (var f : futures) {
        assertThat(f.get()).isTrue();
      }
    }
  }
}
