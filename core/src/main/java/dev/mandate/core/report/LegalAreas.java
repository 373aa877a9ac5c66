package dev.mandate.core.report;

import dev.mandate.core.agreement.TransferSafeguards;
import dev.mandate.core.customer.Jurisdiction;
import java.util.Set;

/**
 * Which countries count as third countries for a customer's record (Art. 30(2)(c)). Each law
 * covers an area: the EEA for the EU GDPR, the United Kingdom for the UK GDPR, Switzerland for
 * the FADP, Brazil, Canada and the United States for LGPD, PIPEDA and the CPRA. A country inside
 * the area of any of the customer's laws is not a third country; every other country is, even
 * one with an adequacy decision (the safeguard then names the decision).
 */
final class LegalAreas {
  private LegalAreas() {}

  static boolean isThirdCountry(String country, Set<Jurisdiction> jurisdictions) {
    for (Jurisdiction j : jurisdictions) {
      if (covers(j, country)) {
        return false;
      }
    }
    return true;
  }

  private static boolean covers(Jurisdiction j, String country) {
    return switch (j) {
      case EU_GDPR -> TransferSafeguards.EEA.contains(country);
      case UK_GDPR -> "GB".equals(country);
      case CH_FADP -> "CH".equals(country);
      case BR_LGPD -> "BR".equals(country);
      case CA_PIPEDA -> "CA".equals(country);
      case US_CA_CPRA -> "US".equals(country);
    };
  }
}
