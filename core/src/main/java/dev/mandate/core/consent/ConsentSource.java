package dev.mandate.core.consent;

import java.util.Optional;

/**
 * Who expressed a consent choice and how (its provenance). Only the person's own expression can
 * make marketing lawful; a customer's bare assertion is recorded but never enough (PR-823-01).
 */
public enum ConsentSource {
  /** The person, through the customer's own form or app. */
  DATA_SUBJECT_FORM("data-subject-form", true),
  /** The person, through an IAB TCF v2.2 consent string from a CMP. */
  TCF_STRING("tcf-string", true),
  /** The person's browser, through a Global Privacy Control signal ({@code Sec-GPC: 1}). */
  GPC_SIGNAL("gpc-signal", true),
  /** The person, through a one-click unsubscribe link (RFC 8058). */
  ONE_CLICK_UNSUBSCRIBE("one-click-unsubscribe", true),
  /** The customer says the person consented, without evidence from the person. */
  CUSTOMER_ASSERTED("customer-asserted", false);

  private final String code;
  private final boolean fromPerson;

  ConsentSource(String code, boolean fromPerson) {
    this.code = code;
    this.fromPerson = fromPerson;
  }

  public String code() {
    return code;
  }

  /** Whether the choice comes from the data subject, with evidence. */
  public boolean fromPerson() {
    return fromPerson;
  }

  public static Optional<ConsentSource> fromCode(String code) {
    for (ConsentSource s : values()) {
      if (s.code.equals(code)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
