package dev.mandate.core.customer;

import java.util.Optional;

/** Laws a customer's processing falls under (privacy-requirements §2). */
public enum Jurisdiction {
  EU_GDPR("EU-GDPR"),
  UK_GDPR("UK-GDPR"),
  US_CA_CPRA("US-CA-CPRA"),
  BR_LGPD("BR-LGPD"),
  CA_PIPEDA("CA-PIPEDA"),
  CH_FADP("CH-FADP");

  private final String code;

  Jurisdiction(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Jurisdiction> fromCode(String code) {
    for (Jurisdiction j : values()) {
      if (j.code.equals(code)) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }

  /**
   * Laws under which a Global Privacy Control signal is a valid opt-out of sale and sharing
   * (11 CCR §7025; privacy-requirements §2.3). Of the laws Mandate models, only the CPRA.
   */
  public boolean honoursGpc() {
    return this == US_CA_CPRA;
  }

  /** Laws whose transfer rules need a safeguard for a destination outside EEA, UK and CH. */
  public boolean restrictsTransfers() {
    return this == EU_GDPR || this == UK_GDPR || this == CH_FADP;
  }
}
