package dev.mandate.core.agreement;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The transfer safeguards an agreement may name for a location (GDPR Arts. 45–46; privacy
 * requirements §2.1.10), with plain-language labels. Art. 49 derogations are left out on
 * purpose: they are for occasional transfers, not routine processing.
 */
public final class TransferSafeguards {
  private TransferSafeguards() {}

  public static final Map<String, String> LABELS = Map.of(
      "eu-gdpr:A45-3", "an adequacy decision",
      "eu-gdpr:SCCByCommission", "the EU standard contractual clauses",
      "eu-gdpr:SCCBySupervisoryAuthority", "standard clauses adopted by a supervisory authority",
      "eu-gdpr:BindingCorporateRules", "binding corporate rules",
      "eu-gdpr:AdHocContractualClauses", "contract clauses approved by a supervisory authority",
      "eu-gdpr:CodesOfConductForDataTransfers", "an approved code of conduct",
      "eu-gdpr:CertificationMechanismsForDataTransfers", "an approved certification");

  /** EU member states plus Iceland, Liechtenstein and Norway. */
  public static final Set<String> EEA = Set.of(
      "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
      "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  public static boolean isKnown(String safeguard) {
    return LABELS.containsKey(safeguard);
  }

  public static boolean isCountry(String code) {
    return code != null && COUNTRIES.contains(code);
  }

  /**
   * Whether a transfer to the country needs a safeguard for customers under EU, UK or Swiss law.
   * An approximation: EEA, UK and Switzerland are treated as one area; the instruction analyser
   * checks adequacy per country.
   */
  public static boolean needsSafeguard(String country) {
    return !EEA.contains(country) && !"GB".equals(country) && !"CH".equals(country);
  }
}
