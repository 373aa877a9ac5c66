package dev.mandate.core.access;

import static dev.mandate.core.access.Role.AUDITOR;
import static dev.mandate.core.access.Role.CUSTOMER_APPLICATION;
import static dev.mandate.core.access.Role.CUSTOMER_DPO;
import static dev.mandate.core.access.Role.PROCESSOR_ADMIN;
import static dev.mandate.core.access.Role.PRIVACY_OFFICER;
import static dev.mandate.core.access.Role.PROCESSOR_SERVICE;

import java.util.EnumSet;
import java.util.Set;

/** Everything a caller can ask for, with the roles allowed to. Anything not listed is denied. */
public enum Action {
  MANAGE_API_KEYS(PROCESSOR_ADMIN),
  CREATE_CUSTOMER(PROCESSOR_ADMIN),
  UPDATE_CUSTOMER(PROCESSOR_ADMIN),
  READ_CUSTOMER(PROCESSOR_ADMIN, PRIVACY_OFFICER, PROCESSOR_SERVICE, CUSTOMER_DPO, AUDITOR),
  DRAFT_AGREEMENT(PROCESSOR_ADMIN),
  OFFER_AGREEMENT(PROCESSOR_ADMIN),
  TERMINATE_AGREEMENT(PROCESSOR_ADMIN),
  /** Only the customer's own DPO can accept or reject an offered agreement (PR-821-02). */
  ACCEPT_AGREEMENT(CUSTOMER_DPO),
  READ_AGREEMENT(PROCESSOR_ADMIN, PRIVACY_OFFICER, PROCESSOR_SERVICE, CUSTOMER_DPO, AUDITOR),
  /** Vault access touches PII values: only the processor's applications, within their scope. */
  USE_VAULT(PROCESSOR_SERVICE),
  DECIDE(PROCESSOR_ADMIN, PROCESSOR_SERVICE),
  /** Denials and all other records are reportable to the customer (PR-822-03). */
  READ_PROCESSING_RECORDS(PROCESSOR_ADMIN, PRIVACY_OFFICER, CUSTOMER_DPO, AUDITOR),
  /** Public keys that check checkpoints: anyone with a key may fetch them. */
  READ_LOG_SIGNING_KEYS(PROCESSOR_ADMIN, PROCESSOR_SERVICE, CUSTOMER_DPO, AUDITOR),
  ROTATE_LOG_SIGNING_KEY(PROCESSOR_ADMIN),
  /**
   * Record a person's consent choice (8.2.3): only the customer's own application. The processor,
   * whose marketing the consent must constrain, never certifies consent itself.
   */
  RECORD_CONSENT(CUSTOMER_APPLICATION),
  /** A person's consent history holds no PII values, only choices and evidence. */
  READ_CONSENT(PROCESSOR_ADMIN, PROCESSOR_SERVICE, CUSTOMER_APPLICATION, CUSTOMER_DPO, AUDITOR),
  /** Mint one-click unsubscribe links and data-subject tokens for the customer's own people. */
  ISSUE_SUBJECT_LINKS(CUSTOMER_APPLICATION),
  /** A marketing audience reveals PII values: only the processor's applications, within their purposes. */
  EXPORT_AUDIENCE(PROCESSOR_SERVICE),
  /**
   * Give a documented instruction (GDPR Art. 28(3)(a)): the customer's DPO or its application, or
   * the processor's admin recording one the customer gave by another channel (then the analyser
   * checks who gave it, PR-824-04).
   */
  SUBMIT_INSTRUCTION(CUSTOMER_DPO, CUSTOMER_APPLICATION, PROCESSOR_ADMIN),
  /** Amend or withdraw an instruction: the customer only. */
  CHANGE_INSTRUCTION(CUSTOMER_DPO, CUSTOMER_APPLICATION),
  /** Confirm a held instruction with a written justification (PR-824-03): the customer's DPO only. */
  CONFIRM_INSTRUCTION(CUSTOMER_DPO),
  /** Apply or refuse a held instruction (PR-824-03): the processor's privacy officer only. */
  DECIDE_INSTRUCTION(PRIVACY_OFFICER),
  /** The secret that signs the customer's webhooks: its DPO only, to check signatures and to rotate it. */
  READ_WEBHOOK_SECRET(CUSTOMER_DPO),
  /**
   * The customer's instructions hold its own words, justifications and the officer's notes: not
   * for the processor's applications, which learn what is in force from decisions.
   */
  READ_INSTRUCTIONS(PROCESSOR_ADMIN, PRIVACY_OFFICER, CUSTOMER_DPO, CUSTOMER_APPLICATION, AUDITOR),
  /** Check a planned instruction without submitting it (dry run): anyone with a key; records nothing. */
  CHECK_INSTRUCTION(PROCESSOR_ADMIN, PRIVACY_OFFICER, PROCESSOR_SERVICE, CUSTOMER_DPO, CUSTOMER_APPLICATION, AUDITOR);

  private final Set<Role> roles;

  Action(Role first, Role... rest) {
    this.roles = EnumSet.of(first, rest);
  }

  public boolean allows(Role role) {
    return roles.contains(role);
  }
}
