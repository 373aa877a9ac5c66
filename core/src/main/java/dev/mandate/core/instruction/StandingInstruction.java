package dev.mandate.core.instruction;

import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.TransferSafeguards;
import dev.mandate.core.instruction.InstructionFields.ConsentBasis;
import dev.mandate.core.instruction.InstructionFields.Marketing;
import dev.mandate.core.instruction.InstructionFields.SubProcessor;
import dev.mandate.core.instruction.InstructionFields.Transfer;
import java.util.ArrayList;
import java.util.List;

/**
 * The standing instruction an accepted agreement gives: one set of fields per purpose clause,
 * so that a problem in one clause holds only that purpose. What Mandate itself enforces is said
 * as such: marketing only with the person's own consent and with opt-outs honoured (8.2.3), and
 * sub-processors bound by the agreement's terms.
 */
final class StandingInstruction {
  private StandingInstruction() {}

  static List<InstructionFields> clauses(AgreementTerms t) {
    List<Transfer> transfers = new ArrayList<>();
    for (LocationTerms l : t.locations()) {
      if (TransferSafeguards.needsSafeguard(l.country()) || l.transferSafeguard() != null) {
        transfers.add(new Transfer(l.country(), null, l.transferSafeguard(), null, null));
      }
    }
    List<InstructionFields> out = new ArrayList<>();
    for (PurposeTerms p : t.purposes()) {
      List<SubProcessor> subs = new ArrayList<>();
      for (SubProcessorTerms s : t.subProcessors()) {
        if (s.purposes().isEmpty() || s.purposes().contains(p.purpose())) {
          subs.add(new SubProcessor(s.name(), s.country(), true));
        }
      }
      boolean special = p.specialCategories().allowed();
      out.add(new InstructionFields(p.purpose(), null, p.dataCategories(), List.of(),
          special ? p.specialCategories().condition() : null, null, p.operations(), p.dataSubjects(), List.of(),
          transfers, p.retentionDays(), null, null, p.legalBasis(),
          new Marketing(ConsentBasis.FROM_PERSON, true), null, null, null, List.of(), subs, null, null, null, null,
          null, p.processorOwnUse()));
    }
    return out;
  }
}
