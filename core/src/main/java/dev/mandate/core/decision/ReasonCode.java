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
  /** Marketing needs the person's own prior consent, which cannot be verified yet (PR-823-01 b). */
  MARKETING_CONSENT_NOT_VERIFIED,
  OPERATION_NOT_ALLOWED,
  DATA_CATEGORY_NOT_ALLOWED,
  SPECIAL_CATEGORY_NOT_ALLOWED,
  DATA_SUBJECT_CATEGORY_NOT_ALLOWED,
  RETENTION_EXPIRED,
  LOCATION_NOT_ALLOWED,
  RECIPIENT_NOT_AUTHORISED
}
