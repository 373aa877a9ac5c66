package dev.mandate.core.consent;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;

/** Port for the decision service: a person's consent verdict for a purpose at a time. */
@FunctionalInterface
public interface ConsentVerdicts {
  /** A ledger with no events: every consent-gated purpose is denied (fail closed). */
  ConsentVerdicts EMPTY = (customer, subject, purpose, dpvPurpose, at) -> ConsentVerdict.none(purpose);

  /**
   * The verdict for {@code purpose}; if the person has no event for it, the verdict for
   * {@code dpvPurpose} (the DPV purpose a custom purpose stands for) when that differs.
   */
  ConsentVerdict verdict(CustomerId customer, String subject, String purpose, String dpvPurpose, Instant at);
}
