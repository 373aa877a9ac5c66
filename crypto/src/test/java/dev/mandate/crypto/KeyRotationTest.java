package dev.mandate.crypto;

import static dev.mandate.crypto.Fixtures.ACME;
import static dev.mandate.crypto.Fixtures.GLOBEX;
import static dev.mandate.crypto.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.KeyPurpose;
import dev.mandate.core.keys.KeyUnavailableException;
import dev.mandate.core.keys.RotationReport;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.keys.WrappedKey;
import dev.mandate.testkit.MutableClock;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRotationTest {
  @TempDir Path dir;
  private final InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
  private final MutableClock clock = Fixtures.clock();
  private final byte[] aad = utf8("acme-payroll|rec-1|email");

  @Test
  void rotatedFieldKeySealsNewValuesAndOldOnesStillOpen() {
    EnvelopeKeyRing ring = new EnvelopeKeyRing(store, Fixtures.masterKeys(), clock);
    SealedValue old = ring.seal(ACME, utf8("old"), aad);

    RotationReport report = ring.rotateDataKeys(ACME);

    assertThat(report).isEqualTo(new RotationReport(1, 0, 1));
    SealedValue fresh = ring.seal(ACME, utf8("new"), aad);
    assertThat(old.keyVersion()).isEqualTo(1);
    assertThat(fresh.keyVersion()).isEqualTo(2);
    assertThat(ring.open(ACME, old, aad)).isEqualTo(utf8("old"));
    assertThat(ring.open(ACME, fresh, aad)).isEqualTo(utf8("new"));
    assertThat(ring.seal(GLOBEX, utf8("other customer"), aad).keyVersion()).isEqualTo(1);
  }

  @Test
  void anotherProcessReadsNewVersionsAtOnceAndSealsUnderThemAfterTheRecheck() {
    FileMasterKeys master = FileMasterKeys.createOrLoad(dir.resolve("master.keys"));
    EnvelopeKeyRing server = new EnvelopeKeyRing(store, master, clock, Duration.ofMinutes(1));
    EnvelopeKeyRing cli = new EnvelopeKeyRing(store, master, clock);
    assertThat(server.seal(ACME, utf8("a"), aad).keyVersion()).isEqualTo(1);

    cli.rotateDataKeys(ACME);
    SealedValue byCli = cli.seal(ACME, utf8("b"), aad);

    assertThat(server.open(ACME, byCli, aad)).isEqualTo(utf8("b"));
    assertThat(server.seal(ACME, utf8("c"), aad).keyVersion()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(61));
    assertThat(server.seal(ACME, utf8("d"), aad).keyVersion()).isEqualTo(2);
  }

  @Test
  void rewrapAllMovesEveryKeyToTheNewMasterVersionInBatches() throws IOException {
    Path file = dir.resolve("master.keys");
    FileMasterKeys master = FileMasterKeys.createOrLoad(file);
    EnvelopeKeyRing ring = new EnvelopeKeyRing(store, master, clock);
    List<SealedValue> sealed = new ArrayList<>();
    List<byte[]> indexes = new ArrayList<>();
    int customers = EnvelopeKeyRing.REWRAP_BATCH / 2 + 7; // three keys each: more than two batches
    for (int i = 0; i < customers; i++) {
      CustomerId c = new CustomerId("customer-" + i);
      sealed.add(ring.seal(c, utf8("value-" + i), aad));
      indexes.add(ring.index(c, "email", "value-" + i));
      ring.of(c, "subject-" + i);
    }
    ring.rotateDataKeys(new CustomerId("customer-0"));

    master.addVersion();
    RotationReport report = ring.rewrapAll();

    assertThat(report).isEqualTo(new RotationReport(2, customers * 3 + 1, 0));
    assertThat(store.all()).allSatisfy(k -> assertThat(k.masterKeyVersion()).isEqualTo(2));
    assertThat(store.wrappedUnder(1, 10)).isEmpty();
    assertThat(ring.rewrapAll()).isEqualTo(new RotationReport(2, 0, 0));

    // a fresh process that holds only master key v2 reads everything
    KeyFile.Content content = KeyFile.read(file);
    Map<Integer, byte[]> onlyV2 = new TreeMap<>(Map.of(2, content.keys().get(2)));
    Path v2Only = dir.resolve("v2-only.keys");
    KeyFile.write(v2Only, new KeyFile.Content(new TreeMap<>(onlyV2), 2), true);
    EnvelopeKeyRing fresh = new EnvelopeKeyRing(store, FileMasterKeys.load(v2Only), clock);
    for (int i = 0; i < customers; i++) {
      CustomerId c = new CustomerId("customer-" + i);
      assertThat(fresh.open(c, sealed.get(i), aad)).isEqualTo(utf8("value-" + i));
      assertThat(fresh.index(c, "email", "value-" + i)).isEqualTo(indexes.get(i));
    }
  }

  @Test
  void withoutRewrapAFreshProcessMissingTheOldMasterVersionCannotRead() throws IOException {
    Path file = dir.resolve("master.keys");
    FileMasterKeys master = FileMasterKeys.createOrLoad(file);
    EnvelopeKeyRing ring = new EnvelopeKeyRing(store, master, clock);
    SealedValue sealed = ring.seal(ACME, utf8("x"), aad);
    master.addVersion();
    KeyFile.Content content = KeyFile.read(file);
    Path v2Only = dir.resolve("v2-only.keys");
    KeyFile.write(v2Only, new KeyFile.Content(new TreeMap<>(Map.of(2, content.keys().get(2))), 2), true);

    EnvelopeKeyRing fresh = new EnvelopeKeyRing(store, FileMasterKeys.load(v2Only), clock);
    assertThatThrownBy(() -> fresh.open(ACME, sealed, aad))
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessageContaining("master key version 1 is not present");
  }

  @Test
  void rewrappingKeepsTheDataKeyAndItsIdentity() {
    FileMasterKeys master = FileMasterKeys.createOrLoad(dir.resolve("master.keys"));
    EnvelopeKeyRing ring = new EnvelopeKeyRing(store, master, clock);
    ring.seal(ACME, utf8("x"), aad);
    WrappedKey before = store.keysOf(ACME).getFirst();
    master.addVersion();
    ring.rewrapAll();
    WrappedKey after = store.keysOf(ACME).getFirst();
    assertThat(after.purpose()).isEqualTo(KeyPurpose.FIELD_ENCRYPTION);
    assertThat(after.version()).isEqualTo(before.version());
    assertThat(after.createdAt()).isEqualTo(before.createdAt());
    assertThat(after.wrapped()).isNotEqualTo(before.wrapped());
  }
}
