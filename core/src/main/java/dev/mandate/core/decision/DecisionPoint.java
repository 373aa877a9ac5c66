package dev.mandate.core.decision;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PROCESSING;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.consent.ConsentGates;
import dev.mandate.core.consent.ConsentVerdict;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionFields;
import dev.mandate.core.instruction.InstructionsInForce;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The decision point of ISO 27701 8.2.2 (PR-822-01): PERMIT only when the accepted agreement in
 * force has a clause for the purpose that covers the operation, every data category and the
 * data-subject category, within retention, location and recipient limits. Anything else is
 * DENY, with one reason for each thing that is missing. Pure and thread-safe; no I/O.
 *
 * <p>Purposes match exactly: a clause for {@code dpv:ServiceProvision} does not permit its
 * narrower {@code dpv:SellDataToThirdParties}. Categories, operations and data subjects match
 * by DPV subsumption: a clause allowing {@code pd:Contact} allows {@code pd:EmailAddress}.
 */
public final class DecisionPoint {
  private final Vocabulary vocabulary;
  private final ConsentGates gates;

  public DecisionPoint(Vocabulary vocabulary) {
    this(vocabulary, ConsentGates.standard(vocabulary));
  }

  public DecisionPoint(Vocabulary vocabulary, ConsentGates gates) {
    this.vocabulary = vocabulary;
    this.gates = gates;
  }

  /** Which purposes depend on the person's own choice. */
  public ConsentGates gates() {
    return gates;
  }

  /** Prepares an accepted version for decisions. */
  public CompiledAgreement compile(AgreementVersion accepted) {
    if (accepted.state() != AgreementState.ACCEPTED) {
      throw new IllegalArgumentException("only an accepted version can be compiled, not " + accepted.state());
    }
    return new CompiledAgreement(accepted);
  }

  /** Decides a request that names no data subject: every consent-gated purpose is denied. */
  public Decision decide(DecisionRequest r, CompiledAgreement agreement) {
    return decide(r, agreement, ConsentLookup.NO_SUBJECT);
  }

  /**
   * Decides the request under {@code agreement}, the customer's accepted version in force, or
   * null if there is none. {@code consent} is asked only for a purpose that depends on the
   * person's choice (ISO 27701 8.2.3); for every other purpose no consent event can change the
   * decision.
   */
  public Decision decide(DecisionRequest r, CompiledAgreement agreement, ConsentLookup consent) {
    return decide(r, agreement, consent, InstructionContext.NONE);
  }

  /**
   * As above, and also under the customer's instructions (ISO 27701 8.2.4): a standing clause on
   * hold is not in force, and a request carried out under a named instruction needs that
   * instruction in force and must stay within it.
   */
  public Decision decide(DecisionRequest r, CompiledAgreement agreement, ConsentLookup consent,
      InstructionContext instructions) {
    if (agreement == null) {
      return deny(null, List.of(), new Reason(ReasonCode.NO_ACCEPTED_AGREEMENT, null,
          "Customer " + r.customer().value() + " has no accepted agreement in force."));
    }
    AgreementRef ref = agreement.ref;
    if (r.time().isBefore(agreement.startsAt)) {
      return deny(ref, List.of(), new Reason(ReasonCode.AGREEMENT_NOT_IN_FORCE, "startsOn",
          "Agreement version " + ref.version() + " is not in force yet."));
    }
    if (agreement.endsAt != null && !r.time().isBefore(agreement.endsAt)) {
      return deny(ref, List.of(), new Reason(ReasonCode.AGREEMENT_NOT_IN_FORCE, "endsOn",
          "Agreement version " + ref.version() + " has ended."));
    }
    List<String> errors = unknownTerms(r, agreement);
    if (!errors.isEmpty()) {
      return deny(ref, errors, new Reason(ReasonCode.UNKNOWN_TERM, null, String.join(" ", errors)));
    }
    List<Reason> reasons = new ArrayList<>(2);
    String purpose = r.purpose();
    if (r.processorOwnUse() && vocabulary.isMarketing(agreement.dpvPurpose(purpose))) {
      return deny(ref, List.of(), new Reason(ReasonCode.PROCESSOR_OWN_MARKETING, null,
          purpose + " is marketing or advertising: the processor may never use customer PII for its own marketing,"
              + " whatever the agreement says (ISO 27701 8.2.3)."));
    }
    if (r.actor() != null && r.actor().role() == Role.PROCESSOR_SERVICE && !r.actor().purposes().contains(purpose)) {
      reasons.add(new Reason(ReasonCode.ACTOR_PURPOSE_NOT_AUTHORISED, null,
          "API key " + r.actor().keyId().value() + " is not authorised for " + purpose + "."));
    }
    CompiledAgreement.Clause clause = agreement.purposes.get(purpose);
    if (clause == null) {
      reasons.add(r.processorOwnUse()
          ? new Reason(ReasonCode.PROCESSOR_PURPOSE_NOT_IN_AGREEMENT, null,
              purpose + " is the processor's own purpose and agreement version " + ref.version() + " does not list it.")
          : new Reason(ReasonCode.PURPOSE_NOT_IN_AGREEMENT, null,
              purpose + " is not a purpose of agreement version " + ref.version() + "."));
      if (vocabulary.isMarketing(agreement.dpvPurpose(purpose)) && !agreement.marketingInstructed) {
        reasons.add(new Reason(ReasonCode.MARKETING_NOT_INSTRUCTED, "marketing",
            purpose + " is marketing and the agreement does not instruct any marketing."));
      }
      return deny(ref, List.of(), reasons);
    }
    checkStanding(purpose, clause.clause, instructions.standing(ref.version(), purpose), reasons);
    Instruction named = checkInstruction(r, instructions.named(), reasons);
    checkClause(r, agreement, clause, reasons);
    ConsentVerdict verdict = checkConsent(purpose, agreement, clause, consent, reasons);
    if (!reasons.isEmpty()) {
      return deny(ref, List.of(), reasons);
    }
    if (verdict == null && named == null) {
      return clause.permit;
    }
    List<Reason> permit = new ArrayList<>(clause.permit.reasons());
    if (verdict != null && verdict.valid()) {
      permit.add(new Reason(ReasonCode.CONSENT_VERIFIED, clause.clause, "The person gave consent for " + verdict.purpose()
          + " on " + verdict.since() + " (consent event " + verdict.event() + ")"
          + (verdict.validUntil() == null ? "." : ", valid until " + verdict.validUntil() + ".")));
    }
    if (named != null) {
      permit.add(new Reason(ReasonCode.INSTRUCTION_IN_FORCE, clause.clause, "Carried out under " + named.ref()
          + ", " + named.state().name().toLowerCase(java.util.Locale.ROOT) + " and in force."));
    }
    return new Decision(Effect.PERMIT, permit, List.of(), ref);
  }

  /** The agreement's clause is in force only while its standing instruction is (8.2.4). */
  private static void checkStanding(String purpose, String clause, InstructionsInForce.Standing standing,
      List<Reason> reasons) {
    if (standing == null) {
      return;
    }
    Instruction i = standing.instruction();
    switch (standing.state()) {
      case IN_FORCE -> { }
      case ON_HOLD -> reasons.add(new Reason(ReasonCode.INSTRUCTION_ON_HOLD, clause, "The agreement's clause for "
          + purpose + " is on hold: standing " + i.ref() + " was analysed as " + i.analysis().outcome()
          + " and is not in force until resolved."));
      case REFUSED -> reasons.add(new Reason(ReasonCode.INSTRUCTION_NOT_IN_FORCE, clause, "The agreement's clause for "
          + purpose + " is not in force: the processor's privacy officer refused standing " + i.ref() + "."));
      case NOT_ANALYSED -> reasons.add(new Reason(ReasonCode.INSTRUCTION_NOT_IN_FORCE, clause, "The agreement's clause"
          + " for " + purpose + " has not been analysed as a standing instruction yet; it is not in force until it is."));
    }
  }

  /**
   * A request under a named instruction: the instruction must be in force (a held one is not),
   * and the request within its purpose, categories, operations and recipients.
   */
  private Instruction checkInstruction(DecisionRequest r, InstructionsInForce.Status status, List<Reason> reasons) {
    if (status == null) {
      return null;
    }
    if (status.inForce().isEmpty()) {
      Instruction latest = status.latest().orElse(null);
      reasons.add(latest != null && latest.state().onHold()
          ? new Reason(ReasonCode.INSTRUCTION_ON_HOLD, null, latest.ref() + " is on hold ("
              + latest.analysis().outcome() + ") and not in force until it is resolved.")
          : new Reason(ReasonCode.INSTRUCTION_NOT_IN_FORCE, null,
              "The named instruction is not in force (unknown, withdrawn, refused or superseded)."));
      return null;
    }
    Instruction i = status.inForce().get();
    InstructionFields f = i.fields();
    List<String> outside = new ArrayList<>();
    if (!r.purpose().equals(f.purpose())) {
      outside.add("purpose " + r.purpose());
    }
    Set<String> categories = new java.util.HashSet<>(f.dataCategories());
    categories.addAll(f.specialCategories());
    for (String c : r.dataCategories()) {
      if (!categories.isEmpty() && !covered(PERSONAL_DATA, c, categories)) {
        outside.add("data category " + c);
      }
    }
    if (!f.operations().isEmpty() && !covered(PROCESSING, r.operation(), Set.copyOf(f.operations()))) {
      outside.add("operation " + r.operation());
    }
    if (r.recipient() != null && f.recipients().stream().noneMatch(x -> r.recipient().equals(x.name()))
        && f.subProcessors().stream().noneMatch(x -> r.recipient().equals(x.name()))) {
      outside.add("the recipient");
    }
    if (!outside.isEmpty()) {
      reasons.add(new Reason(ReasonCode.OUTSIDE_INSTRUCTION, null,
          "The request goes beyond " + i.ref() + ": " + String.join(", ", outside) + "."));
    }
    return i;
  }

  /** The marketing gate (PR-823-01 b, PR-823-03) and the sale/sharing opt-out (CPRA 1798.120). */
  private ConsentVerdict checkConsent(String purpose, CompiledAgreement a, CompiledAgreement.Clause c,
      ConsentLookup consent, List<Reason> reasons) {
    String dpv = a.dpvPurpose(purpose);
    if (gates.needsConsent(dpv)) {
      ConsentVerdict v = consent.verdict(purpose, dpv);
      if (!v.valid()) {
        reasons.add(consentReason(purpose, v, c.clause));
      }
      return v;
    }
    if (gates.honoursOptOut(dpv)) {
      ConsentVerdict v = consent.verdict(purpose, dpv);
      if (v.optedOut()) {
        reasons.add(new Reason(ReasonCode.OPTED_OUT, c.clause, "The person opted out of " + purpose + " on "
            + v.optOutSince() + " (consent event " + v.optOutEvent() + ") and has not opted back in."));
      }
      return v;
    }
    return null;
  }

  private static Reason consentReason(String purpose, ConsentVerdict v, String clause) {
    String when = " on " + v.since() + " (consent event " + v.event() + ").";
    return switch (v.status()) {
      case NO_SUBJECT -> new Reason(ReasonCode.CONSENT_MISSING, clause, purpose
          + " needs the person's own prior consent, and the request names no data subject to check it for.");
      case NONE -> new Reason(ReasonCode.CONSENT_MISSING, clause, purpose
          + " needs the person's own prior consent, and the ledger has none for this person.");
      case REFUSED -> new Reason(ReasonCode.CONSENT_REFUSED, clause, "The person refused " + purpose + when);
      case WITHDRAWN -> new Reason(ReasonCode.CONSENT_WITHDRAWN, clause, "The person withdrew consent for " + purpose + when);
      case EXPIRED -> new Reason(ReasonCode.CONSENT_EXPIRED, clause, "The person's consent for " + purpose
          + " has expired" + (v.validUntil() == null ? when : " (valid until " + v.validUntil() + ", consent event " + v.event() + ")."));
      case NOT_FROM_PERSON -> new Reason(ReasonCode.CONSENT_NOT_FROM_PERSON, clause, "Consent for " + purpose
          + " was asserted by the customer without evidence from the person" + when
          + " It is recorded, but only the person's own consent is enough.");
      case BUNDLED_WITH_SERVICE -> new Reason(ReasonCode.CONSENT_BUNDLED_WITH_SERVICE, clause, "Consent for " + purpose
          + " was made a condition of the service" + when + " Bundled consent is not freely given (PR-823-03).");
      case VALID -> throw new IllegalArgumentException("a valid verdict has no deny reason");
    };
  }

  private void checkClause(DecisionRequest r, CompiledAgreement a, CompiledAgreement.Clause c, List<Reason> reasons) {
    String purpose = r.purpose();
    if (r.processorOwnUse() && !c.terms.processorOwnUse()) {
      reasons.add(new Reason(ReasonCode.PROCESSOR_PURPOSE_NOT_IN_AGREEMENT, c.clause,
          purpose + " is listed for the customer's use only, not for the processor's own use."));
    }
    if (vocabulary.isMarketing(a.dpvPurpose(purpose)) && !a.marketingInstructed) {
      reasons.add(new Reason(ReasonCode.MARKETING_NOT_INSTRUCTED, "marketing",
          purpose + " is marketing and the agreement does not instruct any marketing."));
    }
    if (!covered(PROCESSING, r.operation(), c.operations)) {
      reasons.add(new Reason(ReasonCode.OPERATION_NOT_ALLOWED, c.clause,
          r.operation() + " is not an operation allowed for " + purpose + "."));
    }
    for (String category : r.dataCategories()) {
      if (!covered(PERSONAL_DATA, category, c.categories)) {
        reasons.add(new Reason(ReasonCode.DATA_CATEGORY_NOT_ALLOWED, c.clause,
            category + " is not a data category allowed for " + purpose + "."));
      } else if (!c.specialAllowed && vocabulary.isSpecialCategory(category)) {
        reasons.add(new Reason(ReasonCode.SPECIAL_CATEGORY_NOT_ALLOWED, c.clause,
            category + " is a special category and " + purpose + " has no Art. 9(2) condition."));
      }
    }
    if (!covered(DATA_SUBJECT, r.dataSubjectCategory(), c.subjects)) {
      reasons.add(new Reason(ReasonCode.DATA_SUBJECT_CATEGORY_NOT_ALLOWED, c.clause,
          r.dataSubjectCategory() + " is not a data-subject category allowed for " + purpose + "."));
    }
    if (r.collectedAt() != null && !r.collectedAt().plusSeconds(c.retentionSeconds).isAfter(r.time())) {
      reasons.add(new Reason(ReasonCode.RETENTION_EXPIRED, c.clause,
          "The data is past the " + c.terms.retentionDays() + "-day retention of " + purpose + "."));
    }
    if (r.location() != null && !a.processingLocations.contains(r.location())) {
      reasons.add(new Reason(ReasonCode.LOCATION_NOT_ALLOWED, "locations",
          "Processing in " + r.location() + " is not allowed by the agreement."));
    }
    if (r.recipient() != null) {
      SubProcessorTerms s = a.subProcessors.get(r.recipient());
      if (s == null || (!s.purposes().isEmpty() && !s.purposes().contains(purpose))) {
        reasons.add(new Reason(ReasonCode.RECIPIENT_NOT_AUTHORISED, "subProcessors",
            "The recipient is not a sub-processor authorised for " + purpose + "."));
      }
    }
  }

  private boolean covered(TermKind kind, String term, Set<String> allowed) {
    List<String> ancestors = vocabulary.ancestors(kind, term);
    for (int i = 0; i < ancestors.size(); i++) {
      if (allowed.contains(ancestors.get(i))) {
        return true;
      }
    }
    return false;
  }

  private List<String> unknownTerms(DecisionRequest r, CompiledAgreement a) {
    List<String> errors = null;
    if (r.purpose() == null || !(vocabulary.isKnown(PURPOSE, r.purpose()) || a.customParents.containsKey(r.purpose()))) {
      errors = add(errors, "purpose '" + r.purpose() + "' is not a known purpose.");
    }
    if (r.operation() == null || !vocabulary.isKnown(PROCESSING, r.operation())) {
      errors = add(errors, "operation '" + r.operation() + "' is not a known processing operation.");
    }
    if (r.dataCategories().isEmpty()) {
      errors = add(errors, "dataCategories must name at least one category.");
    }
    for (String c : r.dataCategories()) {
      if (c == null || !vocabulary.isKnown(PERSONAL_DATA, c)) {
        errors = add(errors, "data category '" + c + "' is not a known personal-data category.");
      }
    }
    if (r.dataSubjectCategory() == null || !vocabulary.isKnown(DATA_SUBJECT, r.dataSubjectCategory())) {
      errors = add(errors, "dataSubjectCategory '" + r.dataSubjectCategory() + "' is not a known data-subject category.");
    }
    return errors == null ? List.of() : errors;
  }

  private static List<String> add(List<String> errors, String error) {
    List<String> list = errors == null ? new ArrayList<>() : errors;
    list.add(error);
    return list;
  }

  private static Decision deny(AgreementRef ref, List<String> errors, Reason reason) {
    return new Decision(Effect.DENY, List.of(reason), errors, ref);
  }

  private static Decision deny(AgreementRef ref, List<String> errors, List<Reason> reasons) {
    return new Decision(Effect.DENY, reasons, errors, ref);
  }
}
