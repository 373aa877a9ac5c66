package dev.mandate.core.instruction;

import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.customer.Jurisdiction;
import java.time.LocalDate;
import java.util.Set;

/**
 * What the analyser looks at: the instruction's fields, the terms of the agreement in force (null
 * if none), the laws the customer is under, whether the person who gave the instruction is one the
 * customer authorised (GDPR Art. 29, PR-824-04), and the date to read reference data at.
 */
public record AnalysisInput(
    InstructionFields fields, AgreementTerms agreement, Set<Jurisdiction> jurisdictions,
    boolean givenByAuthorised, LocalDate asOf) {
  public AnalysisInput {
    jurisdictions = Set.copyOf(jurisdictions);
  }
}
