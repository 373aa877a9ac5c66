package dev.mandate.core.consent;

import java.time.Instant;
import java.util.Set;

/**
 * The decoded core segment of an IAB TCF v2 TC string: the fields Mandate keeps as evidence and
 * uses to derive consent (purpose ids are TCF's, 1-based).
 */
public record TcSignal(
    int version,
    Instant created,
    Instant lastUpdated,
    int cmpId,
    int cmpVersion,
    int consentScreen,
    String consentLanguage,
    int vendorListVersion,
    int policyVersion,
    boolean serviceSpecific,
    boolean purposeOneTreatment,
    String publisherCountry,
    Set<Integer> specialFeatureOptIns,
    Set<Integer> purposesConsent,
    Set<Integer> purposesLegitimateInterest,
    Set<Integer> vendorConsents,
    Set<Integer> vendorLegitimateInterests) {
  public TcSignal {
    specialFeatureOptIns = Set.copyOf(specialFeatureOptIns);
    purposesConsent = Set.copyOf(purposesConsent);
    purposesLegitimateInterest = Set.copyOf(purposesLegitimateInterest);
    vendorConsents = Set.copyOf(vendorConsents);
    vendorLegitimateInterests = Set.copyOf(vendorLegitimateInterests);
  }
}
