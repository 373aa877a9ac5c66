package dev.mandate.core.decision;

import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationUse;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An accepted agreement version prepared for fast decisions: purposes in a hash map, allowed
 * terms in sets, and the permit decision of each clause built once.
 */
public final class CompiledAgreement {
  final AgreementVersion version;
  final AgreementRef ref;
  final Instant startsAt;
  final Instant endsAt;
  final Map<String, Clause> purposes = new HashMap<>();
  final Map<String, String> customParents = new HashMap<>();
  final boolean marketingInstructed;
  final Set<String> processingLocations;
  final Map<String, SubProcessorTerms> subProcessors = new HashMap<>();

  /** One purpose clause of the agreement. */
  static final class Clause {
    final String clause;
    final PurposeTerms terms;
    final Set<String> categories;
    final Set<String> operations;
    final Set<String> subjects;
    final long retentionSeconds;
    final boolean specialAllowed;
    final Decision permit;

    Clause(int index, PurposeTerms terms, AgreementRef ref) {
      this.clause = "purposes[" + index + "]";
      this.terms = terms;
      this.categories = new HashSet<>(terms.dataCategories());
      this.operations = new HashSet<>(terms.operations());
      this.subjects = new HashSet<>(terms.dataSubjects());
      this.retentionSeconds = terms.retentionDays() * 86_400L;
      // special categories need both the permission and an Art. 9(2) condition, even if a validator was bypassed
      this.specialAllowed = terms.specialCategories().allowed() && terms.specialCategories().condition() != null;
      this.permit = new Decision(Effect.PERMIT,
          List.of(new Reason(ReasonCode.PERMITTED_BY_CLAUSE, clause,
              terms.purpose() + " is permitted by " + clause + " of agreement version " + ref.version() + ".")),
          List.of(), ref);
    }
  }

  CompiledAgreement(AgreementVersion version) {
    this.version = version;
    this.ref = new AgreementRef(version.version(), version.termsHash());
    AgreementTerms t = version.terms();
    this.startsAt = t.startsOn().atStartOfDay(ZoneOffset.UTC).toInstant();
    this.endsAt = t.endsOn() == null ? null : t.endsOn().atStartOfDay(ZoneOffset.UTC).toInstant();
    for (CustomPurpose c : t.customPurposes()) {
      customParents.put(c.id(), c.parent());
    }
    for (int i = 0; i < t.purposes().size(); i++) {
      purposes.put(t.purposes().get(i).purpose(), new Clause(i, t.purposes().get(i), ref));
    }
    this.marketingInstructed = t.marketing() != null && t.marketing().instructed();
    this.processingLocations = Set.copyOf(t.locations().stream()
        .filter(l -> l.uses().contains(LocationUse.PROCESSING))
        .map(LocationTerms::country)
        .toList());
    for (SubProcessorTerms s : t.subProcessors()) {
      subProcessors.put(s.name(), s);
    }
  }

  public AgreementVersion version() {
    return version;
  }

  public AgreementRef ref() {
    return ref;
  }

  /** Retention in days of the clause for {@code purpose}, or -1 if the agreement has no such clause. */
  public int retentionDays(String purpose) {
    Clause c = purposes.get(purpose);
    return c == null ? -1 : c.terms.retentionDays();
  }

  /** The DPV purpose a purpose id stands for: itself, or a custom purpose's parent. */
  public String dpvPurpose(String purpose) {
    return customParents.getOrDefault(purpose, purpose);
  }
}
