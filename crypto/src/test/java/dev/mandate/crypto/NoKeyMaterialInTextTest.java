package dev.mandate.crypto;

import static dev.mandate.crypto.Fixtures.ACME;
import static dev.mandate.crypto.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.keys.WrappedKey;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NoKeyMaterialInTextTest {
  private final InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
  private final EnvelopeKeyRing ring = new EnvelopeKeyRing(store, Fixtures.masterKeys(), Fixtures.clock());

  @Test
  void recordsAndTheRingPrintLengthsNotBytes() {
    SealedValue sealed = ring.seal(ACME, utf8("ada@example.org"), utf8("aad"));
    WrappedKey key = store.keysOf(ACME).getFirst();

    assertThat(sealed.toString()).isEqualTo("SealedValue[v1, " + sealed.ciphertext().length + " bytes]");
    assertThat(key.toString()).contains("acme-payroll", "FIELD_ENCRYPTION v1", "master v1", "60 bytes")
        .doesNotContain(hex(key.wrapped()), Base64.getEncoder().encodeToString(key.wrapped()));
    assertThat(ring.toString()).contains("1 cached keys").doesNotContain("key=");
  }

  @Test
  void tamperMessagesCarryNeitherValueNorKey() {
    byte[] plain = utf8("ada@example.org");
    SealedValue sealed = ring.seal(ACME, plain, utf8("aad"));
    Throwable thrown = catchThrowable(() -> ring.open(ACME, sealed, utf8("other")));
    assertThat(thrown.getMessage()).doesNotContain("ada", hex(sealed.ciphertext()));
  }

  @Test
  void equalityIsByContent() {
    SealedValue a = new SealedValue(1, new byte[] {1, 2, 3});
    assertThat(a).isEqualTo(new SealedValue(1, new byte[] {1, 2, 3})).hasSameHashCodeAs(new SealedValue(1, new byte[] {1, 2, 3}));
    assertThat(a).isNotEqualTo(new SealedValue(2, new byte[] {1, 2, 3}));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
