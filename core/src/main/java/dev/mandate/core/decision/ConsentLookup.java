package dev.mandate.core.decision;

import dev.mandate.core.consent.ConsentVerdict;

/**
 * The person's consent for a purpose at the time of the request, asked by the decision point
 * only for purposes that depend on the person's choice (ISO 27701 8.2.3). {@code dpvPurpose} is
 * the DPV purpose a custom purpose stands for (the purpose itself otherwise): consent given for it
 * counts when the person has no event for the custom purpose itself.
 */
@FunctionalInterface
public interface ConsentLookup {
  /** No person named: every consent-gated purpose is denied. */
  ConsentLookup NO_SUBJECT = (purpose, dpvPurpose) -> ConsentVerdict.noSubject(purpose);

  ConsentVerdict verdict(String purpose, String dpvPurpose);
}
