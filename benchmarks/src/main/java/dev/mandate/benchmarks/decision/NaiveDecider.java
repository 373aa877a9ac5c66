package dev.mandate.benchmarks.decision;

import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationUse;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.decision.AgreementRef;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.DecisionRequest;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.decision.Reason;
import dev.mandate.core.decision.ReasonCode;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline: the same rules as the decision point, read straight off the terms on every call.
 * Linear scans of the purpose list, the allowed terms, locations and sub-processors, one
 * {@link Vocabulary#isSubsumedBy} per allowed term, and a fresh decision each time. No compiling.
 */
final class NaiveDecider {
  private final Vocabulary vocabulary;
  private final AgreementTerms terms;
  private final AgreementRef ref;

  NaiveDecider(Vocabulary vocabulary, AgreementTerms terms) {
    this.vocabulary = vocabulary;
    this.terms = terms;
    this.ref = new AgreementRef(7, TermsDigest.sha256(terms));
  }

  Decision decide(DecisionRequest r) {
    Instant start = terms.startsOn().atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = terms.endsOn() == null ? null : terms.endsOn().atStartOfDay(ZoneOffset.UTC).toInstant();
    if (r.time().isBefore(start) || (end != null && !r.time().isBefore(end))) {
      return deny(List.of(new Reason(ReasonCode.AGREEMENT_NOT_IN_FORCE, "startsOn", "Not in force.")));
    }
    String dpvPurpose = r.purpose();
    boolean custom = false;
    for (CustomPurpose c : terms.customPurposes()) {
      if (c.id().equals(r.purpose())) {
        dpvPurpose = c.parent();
        custom = true;
      }
    }
    List<String> errors = new ArrayList<>();
    if (!custom && !vocabulary.isKnown(TermKind.PURPOSE, r.purpose())) {
      errors.add("purpose '" + r.purpose() + "' is not a known purpose.");
    }
    if (!vocabulary.isKnown(TermKind.PROCESSING, r.operation())) {
      errors.add("operation '" + r.operation() + "' is not a known processing operation.");
    }
    for (String c : r.dataCategories()) {
      if (!vocabulary.isKnown(TermKind.PERSONAL_DATA, c)) {
        errors.add("data category '" + c + "' is not a known personal-data category.");
      }
    }
    if (!vocabulary.isKnown(TermKind.DATA_SUBJECT, r.dataSubjectCategory())) {
      errors.add("dataSubjectCategory '" + r.dataSubjectCategory() + "' is not a known data-subject category.");
    }
    if (!errors.isEmpty()) {
      return new Decision(Effect.DENY, List.of(new Reason(ReasonCode.UNKNOWN_TERM, null, String.join(" ", errors))), errors, ref);
    }
    List<Reason> reasons = new ArrayList<>();
    if (r.actor() != null && r.actor().role() == Role.PROCESSOR_SERVICE && !r.actor().purposes().contains(r.purpose())) {
      reasons.add(new Reason(ReasonCode.ACTOR_PURPOSE_NOT_AUTHORISED, null, "Key not authorised for " + r.purpose() + "."));
    }
    int index = -1;
    for (int k = 0; k < terms.purposes().size(); k++) {
      if (terms.purposes().get(k).purpose().equals(r.purpose())) {
        index = k;
      }
    }
    if (index < 0) {
      reasons.add(new Reason(r.processorOwnUse() ? ReasonCode.PROCESSOR_PURPOSE_NOT_IN_AGREEMENT : ReasonCode.PURPOSE_NOT_IN_AGREEMENT,
          null, r.purpose() + " is not a purpose of agreement version " + ref.version() + "."));
      return deny(reasons);
    }
    PurposeTerms c = terms.purposes().get(index);
    String clause = "purposes[" + index + "]";
    if (r.processorOwnUse() && !c.processorOwnUse()) {
      reasons.add(new Reason(ReasonCode.PROCESSOR_PURPOSE_NOT_IN_AGREEMENT, clause, "Not for the processor's own use."));
    }
    if (vocabulary.isMarketing(dpvPurpose)) {
      boolean instructed = terms.marketing() != null && terms.marketing().instructed();
      reasons.add(instructed
          ? new Reason(ReasonCode.MARKETING_CONSENT_NOT_VERIFIED, clause, "Consent not verified.")
          : new Reason(ReasonCode.MARKETING_NOT_INSTRUCTED, "marketing", "Marketing not instructed."));
    }
    if (!anySubsumes(TermKind.PROCESSING, r.operation(), c.operations())) {
      reasons.add(new Reason(ReasonCode.OPERATION_NOT_ALLOWED, clause, r.operation() + " is not allowed."));
    }
    boolean special = c.specialCategories() != null && c.specialCategories().allowed();
    for (String category : r.dataCategories()) {
      if (!anySubsumes(TermKind.PERSONAL_DATA, category, c.dataCategories())) {
        reasons.add(new Reason(ReasonCode.DATA_CATEGORY_NOT_ALLOWED, clause, category + " is not allowed."));
      } else if (!special && vocabulary.isSpecialCategory(category)) {
        reasons.add(new Reason(ReasonCode.SPECIAL_CATEGORY_NOT_ALLOWED, clause, category + " is special."));
      }
    }
    if (!anySubsumes(TermKind.DATA_SUBJECT, r.dataSubjectCategory(), c.dataSubjects())) {
      reasons.add(new Reason(ReasonCode.DATA_SUBJECT_CATEGORY_NOT_ALLOWED, clause, r.dataSubjectCategory() + " is not allowed."));
    }
    if (r.collectedAt() != null && !r.collectedAt().plusSeconds(c.retentionDays() * 86_400L).isAfter(r.time())) {
      reasons.add(new Reason(ReasonCode.RETENTION_EXPIRED, clause, "Retention expired."));
    }
    if (r.location() != null) {
      boolean allowed = false;
      for (LocationTerms l : terms.locations()) {
        allowed |= l.country().equals(r.location()) && l.uses().contains(LocationUse.PROCESSING);
      }
      if (!allowed) {
        reasons.add(new Reason(ReasonCode.LOCATION_NOT_ALLOWED, "locations", "Location not allowed."));
      }
    }
    if (r.recipient() != null) {
      boolean allowed = false;
      for (SubProcessorTerms s : terms.subProcessors()) {
        allowed |= s.name().equals(r.recipient()) && (s.purposes().isEmpty() || s.purposes().contains(r.purpose()));
      }
      if (!allowed) {
        reasons.add(new Reason(ReasonCode.RECIPIENT_NOT_AUTHORISED, "subProcessors", "Recipient not authorised."));
      }
    }
    if (!reasons.isEmpty()) {
      return deny(reasons);
    }
    return new Decision(Effect.PERMIT, List.of(new Reason(ReasonCode.PERMITTED_BY_CLAUSE, clause,
        r.purpose() + " is permitted by " + clause + " of agreement version " + ref.version() + ".")), List.of(), ref);
  }

  private boolean anySubsumes(TermKind kind, String term, List<String> allowed) {
    for (String a : allowed) {
      if (vocabulary.isSubsumedBy(kind, term, a)) {
        return true;
      }
    }
    return false;
  }

  private Decision deny(List<Reason> reasons) {
    return new Decision(Effect.DENY, reasons, List.of(), ref);
  }
}
