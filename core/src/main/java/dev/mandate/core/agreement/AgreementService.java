package dev.mandate.core.agreement;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.decision.InForceAgreements;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The lifecycle of customer agreements (ISO 27701 8.2.1): draft → offered → accepted by the
 * customer's DPO → superseded or terminated. A change is a new version that must be accepted
 * again; until then processing stays under the version in force. Every step is recorded.
 */
public final class AgreementService {
  private final AgreementStore store;
  private final CustomerService customers;
  private final TermsValidator validator;
  private final InForceAgreements inForce;
  private final ProcessingLog log;
  private final Clock clock;
  private final Accepted onAccepted;

  /**
   * Told when the customer accepts a version, after it is stored: the terms become the standing
   * instruction (ISO 27701 8.2.4), analysed like any other.
   */
  public interface Accepted {
    void accepted(AgreementVersion version, String actorRef, String requestId);

    Accepted NOTHING = (v, a, r) -> {};
  }

  public AgreementService(AgreementStore store, CustomerService customers, TermsValidator validator,
      InForceAgreements inForce, ProcessingLog log, Clock clock) {
    this(store, customers, validator, inForce, log, clock, Accepted.NOTHING);
  }

  public AgreementService(AgreementStore store, CustomerService customers, TermsValidator validator,
      InForceAgreements inForce, ProcessingLog log, Clock clock, Accepted onAccepted) {
    this.onAccepted = onAccepted;
    this.store = store;
    this.customers = customers;
    this.validator = validator;
    this.inForce = inForce;
    this.log = log;
    this.clock = clock;
  }

  /** Drafts the next version (version 1, or an amendment of the agreement in force). */
  public AgreementVersion draft(Principal actor, CustomerId id, AgreementTerms terms, String requestId) {
    AccessPolicy.require(actor, Action.DRAFT_AGREEMENT, id);
    Customer customer = customers.visible(actor, id);
    validate(terms, customer);
    List<AgreementVersion> versions = store.versions(id);
    versions.stream().filter(v -> v.state().open()).findFirst().ifPresent(open -> {
      throw pending(open);
    });
    int next = versions.isEmpty() ? 1 : versions.getLast().version() + 1;
    Instant now = clock.instant();
    AgreementVersion draft = new AgreementVersion(id, next, AgreementState.DRAFT, terms, TermsDigest.sha256(terms),
        new Stamp(actor.actorRef(), now), null, null, null, null);
    record(now, id, EventType.AGREEMENT_DRAFTED, actor, draft, requestId);
    if (!store.insertDraft(draft)) {
      throw new Conflict(ErrorCode.AGREEMENT_CHANGE_PENDING,
          "Another change of this agreement was started at the same time; reload and try again.");
    }
    return draft;
  }

  /** Replaces the terms of a version that is still a draft. */
  public AgreementVersion changeDraft(Principal actor, CustomerId id, int version, AgreementTerms terms, String requestId) {
    AccessPolicy.require(actor, Action.DRAFT_AGREEMENT, id);
    Customer customer = customers.visible(actor, id);
    AgreementVersion current = find(actor, id, version);
    requireState(current, AgreementState.DRAFT);
    validate(terms, customer);
    String hash = TermsDigest.sha256(terms);
    Instant now = clock.instant();
    AgreementVersion changed = new AgreementVersion(id, version, AgreementState.DRAFT, terms, hash,
        current.drafted(), null, null, null, null);
    record(now, id, EventType.AGREEMENT_DRAFT_CHANGED, actor, changed, requestId);
    if (!store.replaceDraftTerms(id, version, terms, hash)) {
      throw stateConflict(version, AgreementState.DRAFT);
    }
    return changed;
  }

  public AgreementVersion offer(Principal actor, CustomerId id, int version, String requestId) {
    AccessPolicy.require(actor, Action.OFFER_AGREEMENT, id);
    customers.visible(actor, id);
    AgreementVersion v = find(actor, id, version);
    requireState(v, AgreementState.DRAFT);
    Instant now = clock.instant();
    AgreementVersion offered = new AgreementVersion(id, version, AgreementState.OFFERED, v.terms(), v.termsHash(),
        v.drafted(), new Stamp(actor.actorRef(), now), null, null, null);
    record(now, id, EventType.AGREEMENT_OFFERED, actor, offered, requestId);
    transition(offered, AgreementState.DRAFT);
    return offered;
  }

  /**
   * The customer's DPO accepts an offered version. If {@code expectedHash} is given it must be the
   * hash of the terms the DPO reviewed. The version in force before is superseded atomically.
   */
  public AgreementVersion accept(Principal actor, CustomerId id, int version, String expectedHash, String requestId) {
    AccessPolicy.require(actor, Action.ACCEPT_AGREEMENT, id);
    customers.visible(actor, id);
    AgreementVersion v = find(actor, id, version);
    requireState(v, AgreementState.OFFERED);
    if (expectedHash != null && !expectedHash.equals(v.termsHash())) {
      throw new Conflict(ErrorCode.TERMS_HASH_MISMATCH,
          "termsHash does not match version " + version + ": the terms you reviewed are not the terms offered.");
    }
    Instant now = clock.instant();
    Optional<AgreementVersion> previous = store.inForce(id);
    AgreementVersion accepted = new AgreementVersion(id, version, AgreementState.ACCEPTED, v.terms(), v.termsHash(),
        v.drafted(), v.offered(), new Stamp(actor.actorRef(), now), null, null);
    record(now, id, EventType.AGREEMENT_ACCEPTED, actor, accepted, requestId);
    if (previous.isPresent()) {
      record(now, id, EventType.AGREEMENT_SUPERSEDED, actor, previous.get(), requestId);
    }
    transition(accepted, AgreementState.OFFERED);
    inForce.invalidate(id);
    onAccepted.accepted(accepted, actor.actorRef(), requestId);
    return accepted;
  }

  /** The customer's DPO declines an offered version; the version in force stays. */
  public AgreementVersion reject(Principal actor, CustomerId id, int version, String note, String requestId) {
    AccessPolicy.require(actor, Action.ACCEPT_AGREEMENT, id);
    customers.visible(actor, id);
    AgreementVersion v = find(actor, id, version);
    requireState(v, AgreementState.OFFERED);
    checkNote(note);
    Instant now = clock.instant();
    AgreementVersion rejected = new AgreementVersion(id, version, AgreementState.REJECTED, v.terms(), v.termsHash(),
        v.drafted(), v.offered(), null, new Stamp(actor.actorRef(), now), note);
    record(now, id, EventType.AGREEMENT_REJECTED, actor, rejected, requestId);
    transition(rejected, AgreementState.OFFERED);
    return rejected;
  }

  /** Ends the agreement in force; from then on every processing decision is DENY. */
  public AgreementVersion terminate(Principal actor, CustomerId id, String note, String requestId) {
    AccessPolicy.require(actor, Action.TERMINATE_AGREEMENT, id);
    customers.visible(actor, id);
    checkNote(note);
    AgreementVersion v = store.inForce(id).orElseThrow(() -> new NotFound(ErrorCode.AGREEMENT_NOT_FOUND,
        "Customer " + id.value() + " has no accepted agreement to terminate."));
    Instant now = clock.instant();
    AgreementVersion terminated = new AgreementVersion(id, v.version(), AgreementState.TERMINATED, v.terms(),
        v.termsHash(), v.drafted(), v.offered(), v.accepted(), new Stamp(actor.actorRef(), now), note);
    record(now, id, EventType.AGREEMENT_TERMINATED, actor, terminated, requestId);
    transition(terminated, AgreementState.ACCEPTED);
    inForce.invalidate(id);
    return terminated;
  }

  public List<AgreementVersion> versions(Principal actor, CustomerId id) {
    AccessPolicy.require(actor, Action.READ_AGREEMENT, id);
    customers.visible(actor, id);
    return store.versions(id);
  }

  public AgreementVersion find(Principal actor, CustomerId id, int version) {
    AccessPolicy.require(actor, Action.READ_AGREEMENT, id);
    customers.visible(actor, id);
    return store.find(id, version).orElseThrow(() -> new NotFound(ErrorCode.AGREEMENT_VERSION_NOT_FOUND,
        "Customer " + id.value() + " has no agreement version " + version + "."));
  }

  private void validate(AgreementTerms terms, Customer customer) {
    List<FieldError> errors = validator.validate(terms, customer.jurisdictions());
    if (!errors.isEmpty()) {
      throw new InvalidInput(ErrorCode.INVALID_TERMS, "The agreement terms are invalid (" + errors.size() + " problems).", errors);
    }
  }

  private void transition(AgreementVersion to, AgreementState from) {
    if (!store.transition(to, from)) {
      throw stateConflict(to.version(), from);
    }
  }

  private void record(Instant now, CustomerId id, EventType type, Principal actor, AgreementVersion v, String requestId) {
    log.append(ProcessingEvent.lifecycle(now, id, type, actor.actorRef(), v.version(), v.termsHash(), requestId));
  }

  private static void requireState(AgreementVersion v, AgreementState expected) {
    if (v.state() != expected) {
      throw new Conflict(ErrorCode.AGREEMENT_STATE_CONFLICT,
          "Version " + v.version() + " is " + v.state() + ", not " + expected + ".");
    }
  }

  private static Conflict stateConflict(int version, AgreementState expected) {
    return new Conflict(ErrorCode.AGREEMENT_STATE_CONFLICT, "Version " + version + " is no longer " + expected + ".");
  }

  private static Conflict pending(AgreementVersion open) {
    return new Conflict(ErrorCode.AGREEMENT_CHANGE_PENDING, "Version " + open.version() + " is still "
        + open.state() + ": change that draft, or let the customer accept or reject the offer first.");
  }

  private static void checkNote(String note) {
    if (note != null && note.length() > 2000) {
      throw InvalidInput.field("note", "TOO_LONG", "note is at most 2000 characters.");
    }
  }
}
