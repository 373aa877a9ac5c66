package dev.mandate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.core.instruction.SealedTextInstructionStore;
import dev.mandate.core.keys.FieldCipher;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.keys.TamperedValueException;
import dev.mandate.testkit.contract.InstructionStoreContract;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The customer's own words are stored sealed, read back in clear, and bound to their instruction and version. */
class SealedTextInstructionStoreTest {
  static final CustomerId ACME = new CustomerId("acme");

  /** AES-GCM under one test key, with the AAD checked as the key ring checks it. */
  static final class TestCipher implements FieldCipher {
    private final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
    private final SecureRandom random = new SecureRandom();

    @Override
    public SealedValue seal(CustomerId customer, byte[] plaintext, byte[] aad) {
      try {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        byte[] body = c.doFinal(plaintext);
        byte[] out = new byte[12 + body.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(body, 0, out, 12, body.length);
        return new SealedValue(1, out);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public byte[] open(CustomerId customer, SealedValue sealed, byte[] aad) {
      try {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed.ciphertext(), 0, 12));
        c.updateAAD(aad);
        return c.doFinal(sealed.ciphertext(), 12, sealed.ciphertext().length - 12);
      } catch (GeneralSecurityException e) {
        throw new TamperedValueException("test: the value does not open");
      }
    }
  }

  final InMemoryInstructionStore raw = new InMemoryInstructionStore(new InMemoryNoticeOutbox());
  final SealedTextInstructionStore store = new SealedTextInstructionStore(raw, new TestCipher());

  @Test
  void theWordsAreSealedAtRestAndOpenedOnRead() {
    InstructionId id = InstructionId.random();
    Instruction i = withText(InstructionStoreContract.instruction(ACME, id, 1, InstructionState.HELD, 0),
        "Please erase Jamie Rivera's payroll records.");

    assertThat(store.insert(i, List.of())).isTrue();

    String atRest = raw.find(ACME, id, 1).orElseThrow().text();
    assertThat(atRest).startsWith("sealed:v1:1:").doesNotContain("Jamie").doesNotContain("payroll");
    assertThat(store.find(ACME, id, 1).orElseThrow().text()).isEqualTo("Please erase Jamie Rivera's payroll records.");
    assertThat(store.versions(ACME, id)).extracting(Instruction::text).containsExactly(i.text());
    assertThat(store.latest(ACME, null, 10)).extracting(Instruction::text).containsExactly(i.text());
    assertThat(store.onHold(10)).extracting(Instruction::text).containsExactly(i.text());
    assertThat(store.current(ACME)).extracting(Instruction::text).containsExactly(i.text());

    Instruction withdrawn = i.with(InstructionState.WITHDRAWN, null, null, i.updatedAt());
    assertThat(store.transition(withdrawn, InstructionState.HELD, List.of())).isTrue();
    assertThat(store.find(ACME, id, 1).orElseThrow().text()).as("a transition keeps the sealed words").isEqualTo(i.text());
  }

  @Test
  void sealedWordsMovedToAnotherVersionDoNotOpen() {
    InstructionId id = InstructionId.random();
    store.insert(withText(InstructionStoreContract.instruction(ACME, id, 1, InstructionState.HELD, 0), "v1 words"), List.of());
    String sealedV1 = raw.find(ACME, id, 1).orElseThrow().text();
    raw.insert(withText(InstructionStoreContract.instruction(ACME, id, 2, InstructionState.HELD, 1), sealedV1), List.of());

    assertThatThrownBy(() -> store.find(ACME, id, 2)).isInstanceOf(TamperedValueException.class);
  }

  @Test
  void wordsStoredBeforeSealingAreReadAsTheyAre() {
    InstructionId id = InstructionId.random();
    raw.insert(withText(InstructionStoreContract.instruction(ACME, id, 1, InstructionState.CLEARED, 0), "plain words"), List.of());
    assertThat(store.find(ACME, id, 1).orElseThrow().text()).isEqualTo("plain words");
  }

  static Instruction withText(Instruction i, String text) {
    return new Instruction(i.customer(), i.id(), i.version(), i.state(), i.standing(), i.agreementVersion(), text,
        i.fields(), i.givenBy(), i.submittedBy(), i.submittedAt(), i.analysis(), i.customerResponse(),
        i.officerDecision(), i.updatedAt());
  }
}
