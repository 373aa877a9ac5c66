package dev.mandate.core.agreement;

/**
 * Lifecycle of one agreement version: draft → offered → accepted → superseded or terminated.
 * An offered version may also be rejected by the customer. Only one version is accepted (in
 * force) at a time, and only one is open (draft or offered).
 */
public enum AgreementState {
  DRAFT,
  OFFERED,
  ACCEPTED,
  REJECTED,
  SUPERSEDED,
  TERMINATED;

  public boolean open() {
    return this == DRAFT || this == OFFERED;
  }
}
