package dev.mandate.core.consent;

import java.util.Optional;

/** What a consent event says happened (PR-CON-01), with the DPV consent state it leads to (§3.8). */
public enum ConsentChange {
  GRANTED("granted", "dpv:ConsentGiven"),
  REFUSED("refused", "dpv:ConsentRefused"),
  WITHDRAWN("withdrawn", "dpv:ConsentWithdrawn"),
  EXPIRED("expired", "dpv:ConsentExpired");

  private final String code;
  private final String dpvState;

  ConsentChange(String code, String dpvState) {
    this.code = code;
    this.dpvState = dpvState;
  }

  public String code() {
    return code;
  }

  public String dpvState() {
    return dpvState;
  }

  public static Optional<ConsentChange> fromCode(String code) {
    for (ConsentChange c : values()) {
      if (c.code.equals(code)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
