package dev.mandate.core.consent;

import dev.mandate.core.vocabulary.Vocabulary;
import java.util.Set;

/**
 * Which purposes depend on the person's own choice (ISO 27701 8.2.3):
 *
 * <ul>
 *   <li>consent-gated (opt-in, PR-823-01): DPV marketing and advertising ({@code dpv:Marketing} and
 *       narrower) and the DPV purposes of the TCF ads and content-personalisation purposes;
 *       denied unless the person's valid prior consent is on the ledger;
 *   <li>opt-out (CPRA §1798.120, 11 CCR §7025-7026): selling or sharing personal information;
 *       denied once the person has refused or withdrawn, e.g. by a GPC signal.
 * </ul>
 *
 * Every other purpose is a service purpose: no consent event ever changes its decisions, so
 * consent can never become a condition of service.
 */
public final class ConsentGates {
  /** Sale and sharing for cross-context behavioural advertising (CPRA "sell" and "share"). */
  static final Set<String> OPT_OUT = Set.of("dpv:SellDataToThirdParties", "dpv:SellInsightsFromData");

  private final Vocabulary vocabulary;
  private final TcfPurposeMap tcf;

  public ConsentGates(Vocabulary vocabulary, TcfPurposeMap tcf) {
    this.vocabulary = vocabulary;
    this.tcf = tcf;
  }

  public static ConsentGates standard(Vocabulary vocabulary) {
    return new ConsentGates(vocabulary, TcfPurposeMap.standard());
  }

  /** Whether processing for this DPV purpose needs the person's valid prior consent. */
  public boolean needsConsent(String dpvPurpose) {
    return vocabulary.isMarketing(dpvPurpose) || tcf.consentRequired(dpvPurpose);
  }

  /** Whether the person can opt out of this DPV purpose (sale or sharing). */
  public boolean honoursOptOut(String dpvPurpose) {
    return OPT_OUT.contains(dpvPurpose);
  }

  /** Whether any consent event can change a decision for this purpose. */
  public boolean dependsOnChoice(String dpvPurpose) {
    return needsConsent(dpvPurpose) || honoursOptOut(dpvPurpose);
  }

  /** What a Global Privacy Control signal opts out of: sale, sharing and targeted advertising. */
  static final Set<String> GPC_ROOTS = Set.of("dpv:SellDataToThirdParties", "dpv:SellInsightsFromData",
      "dpv:TargetedAdvertising", "dpv:PersonalisedAdvertising");

  /**
   * The purposes a Global Privacy Control signal opts out of: sale, sharing and targeted
   * advertising, and every narrower DPV purpose (custom purposes under them follow their DPV
   * purpose's choices, see {@link ConsentHistory}).
   */
  public java.util.List<String> gpcOptOutPurposes() {
    java.util.Set<String> all = new java.util.TreeSet<>(GPC_ROOTS);
    for (dev.mandate.core.vocabulary.Term t : vocabulary.terms(dev.mandate.core.vocabulary.TermKind.PURPOSE)) {
      for (String root : GPC_ROOTS) {
        if (vocabulary.isSubsumedBy(dev.mandate.core.vocabulary.TermKind.PURPOSE, t.id(), root)) {
          all.add(t.id());
        }
      }
    }
    return java.util.List.copyOf(all);
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }
}
