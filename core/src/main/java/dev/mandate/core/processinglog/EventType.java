package dev.mandate.core.processinglog;

/** What a processing record is about. */
public enum EventType {
  DECISION,
  VAULT_CREATE,
  VAULT_READ,
  VAULT_UPDATE,
  VAULT_DELETE,
  VAULT_SEARCH,
  VAULT_PURGE,
  CUSTOMER_CREATED,
  CUSTOMER_UPDATED,
  AGREEMENT_DRAFTED,
  AGREEMENT_DRAFT_CHANGED,
  AGREEMENT_OFFERED,
  AGREEMENT_ACCEPTED,
  AGREEMENT_REJECTED,
  AGREEMENT_SUPERSEDED,
  AGREEMENT_TERMINATED,
  DATA_KEY_ROTATED,
  /** A consent ledger event (8.2.3); {@code recordRef} is {@code consent:<event id>}, {@code reasons} its source. */
  CONSENT_GRANTED,
  CONSENT_REFUSED,
  CONSENT_WITHDRAWN,
  CONSENT_EXPIRED,
  /** A person included in a marketing audience export, with the consent it rests on (8.2.3). */
  MARKETING_AUDIENCE_INCLUSION,
  /**
   * Steps of a customer instruction (8.2.4); {@code recordRef} is {@code instruction:<id>/v<version>},
   * {@code reasons} the outcome and the rule ids that found something.
   */
  INSTRUCTION_RECEIVED,
  INSTRUCTION_ANALYSED,
  INSTRUCTION_HELD,
  INSTRUCTION_CLEARED,
  INSTRUCTION_WITHDRAWN,
  INSTRUCTION_CONFIRMED_BY_CUSTOMER,
  INSTRUCTION_APPLIED,
  INSTRUCTION_REFUSED,
  /** Closes the entries of a version that could not be stored (a concurrent version, a failed write). */
  INSTRUCTION_NOT_RECORDED,
  /**
   * A notice to the customer (8.2.4, 8.2.5); {@code recordRef} is {@code notice:<id>}, {@code
   * operation} the channel, {@code reasons} what it is about and, on failure, why.
   */
  NOTICE_QUEUED,
  NOTICE_DELIVERED,
  NOTICE_DELIVERY_FAILED,
  NOTICE_GAVE_UP,
  /** The customer's DPO replaced its webhook signing secret; {@code recordRef} is {@code webhook-secret:<generation>}. */
  WEBHOOK_SECRET_ROTATED
}
