package dev.mandate.core.decision;

/** Stable codes for why a decision came out as it did. Never renamed or reused. */
public enum ReasonCode {
  /** The clause named in the reason permits the processing. */
  PERMITTED_BY_CLAUSE,
  NO_ACCEPTED_AGREEMENT,
  AGREEMENT_NOT_IN_FORCE,
  UNKNOWN_TERM,
  ACTOR_PURPOSE_NOT_AUTHORISED,
  PURPOSE_NOT_IN_AGREEMENT,
  /** The processor's own use of customer PII that the agreement does not list (PR-822-02). */
  PROCESSOR_PURPOSE_NOT_IN_AGREEMENT,
  /** Marketing or advertising the customer has not instructed (PR-823-01 a). */
  MARKETING_NOT_INSTRUCTED,
  /** No longer produced (issue 4 replaced it by the CONSENT_* codes); kept so the code is never reused. */
  MARKETING_CONSENT_NOT_VERIFIED,
  /** The person's valid prior consent is on the ledger (PR-823-01 b); given with a PERMIT. */
  CONSENT_VERIFIED,
  /** The person has no consent event for the purpose, or no person was named (PR-823-01 b). */
  CONSENT_MISSING,
  CONSENT_REFUSED,
  CONSENT_WITHDRAWN,
  CONSENT_EXPIRED,
  /** The only grant was asserted by the customer without evidence from the person (PR-823-01 b). */
  CONSENT_NOT_FROM_PERSON,
  /** The grant was made a condition of the service (PR-823-03). */
  CONSENT_BUNDLED_WITH_SERVICE,
  /** The person opted out of the sale or sharing of their data (CPRA 1798.120, GPC). */
  OPTED_OUT,
  /** The processor's own marketing or advertising with customer PII: always denied (PR-823-02). */
  PROCESSOR_OWN_MARKETING,
  OPERATION_NOT_ALLOWED,
  DATA_CATEGORY_NOT_ALLOWED,
  SPECIAL_CATEGORY_NOT_ALLOWED,
  DATA_SUBJECT_CATEGORY_NOT_ALLOWED,
  RETENTION_EXPIRED,
  LOCATION_NOT_ALLOWED,
  RECIPIENT_NOT_AUTHORISED,
  /** The instruction (or the agreement's standing clause) is held after analysis (ISO 27701 8.2.4). */
  INSTRUCTION_ON_HOLD,
  /** The named instruction is unknown, withdrawn, refused or superseded. */
  INSTRUCTION_NOT_IN_FORCE,
  /** The request goes beyond the named instruction's purpose, categories, operations or recipients. */
  OUTSIDE_INSTRUCTION,
  /** Given with a PERMIT: the request is carried out under the named instruction, in force. */
  INSTRUCTION_IN_FORCE
}
