package dev.mandate.crypto;

import static dev.mandate.crypto.Fixtures.ACME;
import static dev.mandate.crypto.Fixtures.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.keys.MasterKeys;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;
import org.junit.jupiter.api.Test;

class BlindIndexAndPseudonymsTest {
  private final InMemoryWrappedKeyStore store = new InMemoryWrappedKeyStore();
  private final MasterKeys master = Fixtures.masterKeys();
  private final EnvelopeKeyRing ring = new EnvelopeKeyRing(store, master, Fixtures.clock());

  @Test
  void blindIndexIsDeterministicPerCustomerAndThirtyTwoBytes() {
    byte[] first = ring.index(ACME, "email", "ada@example.org");
    assertThat(first).hasSize(32).isEqualTo(ring.index(ACME, "email", "ada@example.org"));
    EnvelopeKeyRing restarted = new EnvelopeKeyRing(store, master, Fixtures.clock());
    assertThat(restarted.index(ACME, "email", "ada@example.org")).isEqualTo(first);
  }

  @Test
  void blindIndexDiffersAcrossCustomersFieldsAndValues() {
    byte[] acme = ring.index(ACME, "email", "ada@example.org");
    assertThat(ring.index(GLOBEX, "email", "ada@example.org")).isNotEqualTo(acme);
    assertThat(ring.index(ACME, "username", "ada@example.org")).isNotEqualTo(acme);
    assertThat(ring.index(ACME, "email", "bob@example.org")).isNotEqualTo(acme);
  }

  @Test
  void fieldAndValueAreLengthPrefixedSoBoundariesCannotShift() {
    assertThat(ring.index(ACME, "ab", "c")).isNotEqualTo(ring.index(ACME, "a", "bc"));
  }

  @Test
  void pseudonymHasTheDocumentedFormat() {
    String p = ring.of(ACME, "subject-42");
    assertThat(p).matches("ps_[A-Za-z0-9_-]{22}"); // 16 bytes, base64url, no padding
  }

  @Test
  void pseudonymIsStablePerCustomerAndDiffersAcrossCustomers() {
    String p = ring.of(ACME, "subject-42");
    assertThat(new EnvelopeKeyRing(store, master, Fixtures.clock()).of(ACME, "subject-42")).isEqualTo(p);
    assertThat(ring.of(GLOBEX, "subject-42")).isNotEqualTo(p);
    assertThat(ring.of(ACME, "subject-43")).isNotEqualTo(p);
    assertThat(p).doesNotContain("subject");
  }

  @Test
  void blindIndexAndPseudonymSurviveFieldKeyRotation() {
    byte[] index = ring.index(ACME, "email", "ada@example.org");
    String p = ring.of(ACME, "subject-42");
    ring.rotateDataKeys(ACME);
    assertThat(ring.index(ACME, "email", "ada@example.org")).isEqualTo(index);
    assertThat(ring.of(ACME, "subject-42")).isEqualTo(p);
  }
}
