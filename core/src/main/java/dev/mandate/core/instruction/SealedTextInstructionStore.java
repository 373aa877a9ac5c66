package dev.mandate.core.instruction;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.FieldCipher;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.notice.OutgoingNotice;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the customer's own words of every instruction encrypted at rest, as vault values are:
 * they may name people ("erase Jamie Rivera's records"). Wraps the store: the text is sealed under
 * the customer's field key (AES-GCM, bound to customer, instruction and version) before it is
 * written and opened when read; the structured fields, which the analyser and the decision point
 * read, stay as they are. A stored text is {@code sealed:v1:<key version>:<base64>}.
 */
public final class SealedTextInstructionStore implements InstructionStore {
  private static final String PREFIX = "sealed:v1:";
  private final InstructionStore inner;
  private final FieldCipher cipher;

  public SealedTextInstructionStore(InstructionStore inner, FieldCipher cipher) {
    this.inner = inner;
    this.cipher = cipher;
  }

  @Override
  public boolean insert(Instruction i, List<OutgoingNotice> notices) {
    return inner.insert(seal(i), notices);
  }

  @Override
  public boolean transition(Instruction to, InstructionState from, List<OutgoingNotice> notices) {
    return inner.transition(to, from, notices); // a transition never writes the text
  }

  @Override
  public Optional<Instruction> find(CustomerId customer, InstructionId id, int version) {
    return inner.find(customer, id, version).map(this::open);
  }

  @Override
  public List<Instruction> versions(CustomerId customer, InstructionId id) {
    return inner.versions(customer, id).stream().map(this::open).toList();
  }

  @Override
  public List<Instruction> latest(CustomerId customer, InstructionState state, int limit) {
    return inner.latest(customer, state, limit).stream().map(this::open).toList();
  }

  @Override
  public List<Instruction> onHold(int limit) {
    return inner.onHold(limit).stream().map(this::open).toList();
  }

  @Override
  public List<Instruction> current(CustomerId customer) {
    return inner.current(customer).stream().map(this::open).toList();
  }

  private Instruction seal(Instruction i) {
    SealedValue sealed = cipher.seal(i.customer(), i.text().getBytes(StandardCharsets.UTF_8), aad(i));
    return withText(i, PREFIX + sealed.keyVersion() + ":" + Base64.getEncoder().encodeToString(sealed.ciphertext()));
  }

  private Instruction open(Instruction i) {
    String stored = i.text();
    if (!stored.startsWith(PREFIX)) {
      return i; // written before texts were sealed
    }
    int colon = stored.indexOf(':', PREFIX.length());
    SealedValue sealed = new SealedValue(Integer.parseInt(stored.substring(PREFIX.length(), colon)),
        Base64.getDecoder().decode(stored.substring(colon + 1)));
    return withText(i, new String(cipher.open(i.customer(), sealed, aad(i)), StandardCharsets.UTF_8));
  }

  private static byte[] aad(Instruction i) {
    return ("instruction|" + i.customer().value() + "|" + i.id().value() + "|" + i.version()).getBytes(StandardCharsets.UTF_8);
  }

  private static Instruction withText(Instruction i, String text) {
    return new Instruction(i.customer(), i.id(), i.version(), i.state(), i.standing(), i.agreementVersion(), text,
        i.fields(), i.givenBy(), i.submittedBy(), i.submittedAt(), i.analysis(), i.customerResponse(),
        i.officerDecision(), i.updatedAt());
  }
}
