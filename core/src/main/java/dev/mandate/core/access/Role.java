package dev.mandate.core.access;

import java.util.Optional;

/** What an API key may do. Deny by default: each role has only the actions {@link AccessPolicy} lists. */
public enum Role {
  /** The processor's operators: customers, agreements, keys. No access to PII values. */
  PROCESSOR_ADMIN("processor-admin"),
  /** An application of the processor: vault and decisions, only for named customers and purposes. */
  PROCESSOR_SERVICE("processor-service"),
  /** The customer's data protection officer: its own customer only; accepts agreements. */
  CUSTOMER_DPO("customer-dpo"),
  /**
   * The customer's own application (its sign-up form, its app backend): records the consent
   * choices its users make and asks for unsubscribe links and data-subject tokens; its own
   * customer only, no access to PII values or to processing records.
   */
  CUSTOMER_APPLICATION("customer-application"),
  /**
   * The processor's privacy officer: decides what happens to held instructions (PR-824-02/03) and
   * reads what the customers were told. Not scoped; no access to PII values.
   */
  PRIVACY_OFFICER("processor-privacy-officer"),
  /** Read-only access to agreements and processing records, for all or for named customers. */
  AUDITOR("auditor");

  private final String code;

  Role(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Role> fromCode(String code) {
    for (Role r : values()) {
      if (r.code.equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
