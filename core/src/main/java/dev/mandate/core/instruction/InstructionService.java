package dev.mandate.core.instruction;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.instruction.Instruction.GivenBy;
import dev.mandate.core.instruction.Instruction.Step;
import dev.mandate.core.notice.NoticeDraft;
import dev.mandate.core.notice.NoticeOutbox;
import dev.mandate.core.notice.NoticeService;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Documented instructions and what happens to them (ISO 27701 8.2.4, PR-824-01…04). Every new
 * version is analysed before it can take effect; one with a possible infringement or needing
 * review is held, the customer is told at once (webhook and e-mail through the outbox, and the
 * API), and it stays out of force until the customer amends or withdraws it, or confirms it and
 * the processor's privacy officer decides. Every step is a processing-log entry, written before
 * the step is stored, so the customer and an auditor can prove when the processor said what.
 */
public final class InstructionService {
  private static final int MAX_NOTE = 4000;
  private static final int MIN_JUSTIFICATION = 20;
  private final InstructionStore store;
  private final InstructionAnalyser analyser;
  private final InstructionValidator validator;
  private final CustomerService customers;
  private final AgreementStore agreements;
  private final NoticeService notices;
  private final NoticeOutbox outbox;
  private final InstructionsInForce inForce;
  private final ProcessingLog log;
  private final Clock clock;

  public InstructionService(InstructionStore store, InstructionAnalyser analyser, InstructionValidator validator,
      CustomerService customers, AgreementStore agreements, NoticeService notices, NoticeOutbox outbox,
      InstructionsInForce inForce, ProcessingLog log, Clock clock) {
    this.outbox = outbox;
    this.store = store;
    this.analyser = analyser;
    this.validator = validator;
    this.customers = customers;
    this.agreements = agreements;
    this.notices = notices;
    this.inForce = inForce;
    this.log = log;
    this.clock = clock;
  }

  /** What the customer sends: its own words, the fields, and (when the processor records it) who gave it. */
  public record Submission(String text, InstructionFields fields, String givenByName, String givenByRole) {}

  public InstructionAnalyser analyser() {
    return analyser;
  }

  /** A new instruction, analysed at once; held and notified if the analyser found anything. */
  public Instruction submit(Principal actor, CustomerId id, Submission s, String requestId) {
    AccessPolicy.require(actor, Action.SUBMIT_INSTRUCTION, id);
    Customer customer = customers.visible(actor, id);
    validator.validate(s.text(), s.fields());
    GivenBy givenBy = givenBy(actor, customer, s);
    AgreementVersion agreement = agreementInForce(id);
    return record(newVersion(customer, InstructionId.random(), 1, false, agreement, s, givenBy, actor.actorRef()), requestId);
  }

  /**
   * A new version of an instruction that still has a version in force or on hold; analysed again.
   * Held versions it replaces are superseded once it is recorded; a version in force stays in
   * force until the new one is cleared or applied.
   */
  public Instruction amend(Principal actor, CustomerId id, InstructionId instruction, Submission s, String requestId) {
    AccessPolicy.require(actor, Action.CHANGE_INSTRUCTION, id);
    Customer customer = customers.visible(actor, id);
    validator.validate(s.text(), s.fields());
    List<Instruction> all = allVersions(id, instruction);
    Instruction latest = all.getLast();
    if (latest.standing()) {
      throw state(latest, "a standing instruction changes only by a new agreement version");
    }
    if (all.stream().allMatch(v -> v.state().isFinal())) {
      throw state(latest, "it can no longer be amended");
    }
    AgreementVersion agreement = agreementInForce(id);
    Instruction next = record(newVersion(customer, instruction, latest.version() + 1, false, agreement, s,
        givenBy(actor, customer, s), actor.actorRef()), requestId);
    for (Instruction v : all) {
      if (v.state().onHold()) {
        supersede(v, actor.actorRef(), "SUPERSEDED_BY_V" + next.version(), requestId);
      }
    }
    return next;
  }

  /** Withdraws every version that is not final: held ones and the one in force. */
  public Instruction withdraw(Principal actor, CustomerId id, InstructionId instruction, String note, String requestId) {
    AccessPolicy.require(actor, Action.CHANGE_INSTRUCTION, id);
    customers.visible(actor, id);
    checkNote("note", note, false);
    List<Instruction> all = allVersions(id, instruction);
    Instruction latest = all.getLast();
    if (latest.standing() || all.stream().allMatch(v -> v.state().isFinal())) {
      throw state(latest, "it cannot be withdrawn");
    }
    Instruction result = null;
    for (Instruction v : all.reversed()) {
      if (!v.state().isFinal()) {
        Step response = new Step(actor.actorRef(), now(), note);
        Instruction done = step(v, InstructionState.WITHDRAWN, response, v.officerDecision(), actor.actorRef(),
            EventType.INSTRUCTION_WITHDRAWN, List.of("WITHDRAWN_BY_CUSTOMER"), List.of(), requestId);
        if (result == null) {
          result = done;
        }
      }
    }
    return result;
  }

  /** The customer confirms a held version in writing (PR-824-03); it stays held for the officer. */
  public Instruction confirm(Principal actor, CustomerId id, InstructionId instruction, int version, String justification,
      String requestId) {
    AccessPolicy.require(actor, Action.CONFIRM_INSTRUCTION, id);
    customers.visible(actor, id);
    checkNote("justification", justification, true);
    Instruction v = find(actor, id, instruction, version);
    if (v.state() != InstructionState.HELD) {
      throw state(v, "only a held version can be confirmed");
    }
    return step(v, InstructionState.CONFIRMED_BY_CUSTOMER, new Step(actor.actorRef(), now(), justification),
        null, actor.actorRef(), EventType.INSTRUCTION_CONFIRMED_BY_CUSTOMER, List.of("CONFIRMED_WITH_JUSTIFICATION"),
        List.of(), requestId);
  }

  /**
   * The processor's privacy officer applies or refuses a held version. A possible infringement
   * can be applied only after the customer confirmed it (the default is "do not execute",
   * PR-824-03); one that only needed review can be applied directly. The customer is told.
   */
  public Instruction decide(Principal actor, CustomerId id, InstructionId instruction, int version, boolean apply,
      String note, String requestId) {
    AccessPolicy.require(actor, Action.DECIDE_INSTRUCTION, id);
    customers.visible(actor, id);
    checkNote("note", note, true);
    Instruction v = find(actor, id, instruction, version);
    if (!v.state().onHold()) {
      throw state(v, "only a held version can be decided");
    }
    if (allVersions(id, instruction).getLast().version() != v.version()) {
      throw state(v, "a later version replaces it; decide that one");
    }
    if (apply && v.state() == InstructionState.HELD && v.analysis().outcome() == Outcome.POSSIBLE_INFRINGEMENT) {
      throw state(v, "a possible infringement can be applied only after the customer has confirmed it in writing");
    }
    InstructionState to = apply ? InstructionState.APPLIED : InstructionState.REFUSED;
    Instant now = now();
    Instruction decided = v.with(to, v.customerResponse(), new Step(actor.actorRef(), now, note), now);
    Instruction stored = step(v, to, v.customerResponse(), decided.officerDecision(), actor.actorRef(),
        apply ? EventType.INSTRUCTION_APPLIED : EventType.INSTRUCTION_REFUSED,
        List.of(apply ? "APPLIED_BY_PRIVACY_OFFICER" : "REFUSED_BY_PRIVACY_OFFICER"),
        List.of(InstructionNotices.decided(decided)), requestId);
    if (apply) {
      supersedeOlder(stored, actor.actorRef(), requestId);
    }
    return stored;
  }

  /**
   * Accepting an agreement also gives its terms as the standing instruction (one per purpose
   * clause), analysed like any other; a held clause is not in force until resolved, and a clause
   * not analysed yet is not in force either. Idempotent: clauses that already have their standing
   * instruction are left alone, so it also repairs an acceptance whose standing instructions
   * could not be stored (run at start-up and by the sweep).
   */
  public List<Instruction> ensureStanding(AgreementVersion accepted, String actorRef, String requestId) {
    Customer customer = customers.find(accepted.customer())
        .orElseThrow(() -> AccessPolicy.customerNotFound(accepted.customer()));
    List<Instruction> current = store.current(accepted.customer());
    for (Instruction old : current) {
      if (old.standing() && old.agreementVersion() != accepted.version() && !old.state().isFinal()) {
        supersede(old, actorRef, "AGREEMENT_SUPERSEDED", requestId);
      }
    }
    List<Instruction> out = new ArrayList<>();
    for (InstructionFields clause : StandingInstruction.clauses(accepted.terms())) {
      boolean done = current.stream().anyMatch(i -> i.standing() && i.agreementVersion() == accepted.version()
          && clause.purpose().equals(i.fields().purpose()));
      if (done) {
        continue;
      }
      Submission s = new Submission("Clause for " + clause.purpose() + " of agreement version " + accepted.version()
          + " (" + accepted.termsHash() + "), accepted by the customer's DPO.", clause, null, null);
      out.add(record(newVersion(customer, InstructionId.random(), 1, true, accepted, s,
          new GivenBy(null, "customer-dpo (agreement acceptance)", true), actorRef), requestId));
    }
    return out;
  }

  /** {@link #ensureStanding} for the customer's agreement in force, if any. */
  public List<Instruction> ensureStanding(CustomerId customer) {
    return agreements.inForce(customer).map(v -> ensureStanding(v, "system", null)).orElse(List.of());
  }

  /** Analyses a planned instruction without keeping anything (the dry run). */
  public Analysis check(Principal actor, CustomerId id, String text, InstructionFields fields, Boolean givenByAuthorised) {
    AccessPolicy.require(actor, Action.CHECK_INSTRUCTION, id);
    Customer customer = customers.visible(actor, id);
    validator.validate(text == null ? "(dry run)" : text, fields);
    AgreementVersion agreement = agreements.inForce(id).orElse(null);
    return analyser.analyse(new AnalysisInput(fields, agreement == null ? null : agreement.terms(),
        customer.jurisdictions(), !Boolean.FALSE.equals(givenByAuthorised), today()));
  }

  public Instruction find(Principal actor, CustomerId id, InstructionId instruction, int version) {
    AccessPolicy.require(actor, Action.READ_INSTRUCTIONS, id);
    customers.visible(actor, id);
    return store.find(id, instruction, version).orElseThrow(() -> notFound(instruction));
  }

  public List<Instruction> versions(Principal actor, CustomerId id, InstructionId instruction) {
    AccessPolicy.require(actor, Action.READ_INSTRUCTIONS, id);
    customers.visible(actor, id);
    List<Instruction> all = store.versions(id, instruction);
    if (all.isEmpty()) {
      throw notFound(instruction);
    }
    return all;
  }

  /** The notices sent about an instruction, all versions, oldest first, with their delivery state. */
  public List<OutgoingNotice> notices(Principal actor, CustomerId id, InstructionId instruction) {
    List<OutgoingNotice> out = new ArrayList<>();
    for (Instruction v : versions(actor, id, instruction)) {
      out.addAll(outbox.byReference(id, v.ref()));
    }
    return out;
  }

  /**
   * The privacy officer's queue (PR-824-02): held and confirmed versions of every customer,
   * oldest first. Only for keys that see all customers.
   */
  public List<Instruction> onHold(Principal actor, int limit) {
    AccessPolicy.require(actor, Action.READ_INSTRUCTIONS);
    if (!actor.seesAllCustomers()) {
      throw new dev.mandate.core.failure.Forbidden("The queue of held instructions spans all customers: it needs an"
          + " unscoped processor-privacy-officer, processor-admin or auditor key.");
    }
    return store.onHold(limit);
  }

  public List<Instruction> list(Principal actor, CustomerId id, InstructionState state, int limit) {
    AccessPolicy.require(actor, Action.READ_INSTRUCTIONS, id);
    customers.visible(actor, id);
    return store.latest(id, state, limit);
  }

  private Instruction newVersion(Customer customer, InstructionId id, int version, boolean standing,
      AgreementVersion agreement, Submission s, GivenBy givenBy, String actorRef) {
    Instant now = now();
    Analysis analysis = analyser.analyse(new AnalysisInput(s.fields(), agreement.terms(), customer.jurisdictions(),
        givenBy.authorised(), LocalDate.ofInstant(now, ZoneOffset.UTC)));
    InstructionState state = analysis.outcome().holds() ? InstructionState.HELD : InstructionState.CLEARED;
    return new Instruction(customer.id(), id, version, state, standing, agreement.version(), s.text(), s.fields(),
        givenBy, actorRef, now, analysis, null, null, now);
  }

  /** Logs received, analysed and held/cleared, then stores the version with its notices in one go. */
  private Instruction record(Instruction i, String requestId) {
    Analysis a = i.analysis();
    List<String> found = new ArrayList<>();
    found.add(a.outcome().name());
    a.findings().forEach(f -> found.add(f.rule()));
    append(i, EventType.INSTRUCTION_RECEIVED, i.submittedBy(), List.of(i.standing() ? "STANDING" : "SUBMITTED"), requestId);
    append(i, EventType.INSTRUCTION_ANALYSED, "system", found, requestId);
    List<OutgoingNotice> queued = List.of();
    if (i.state() == InstructionState.HELD) {
      append(i, EventType.INSTRUCTION_HELD, "system", found, requestId);
      queued = notices.address(InstructionNotices.held(i));
    } else {
      append(i, EventType.INSTRUCTION_CLEARED, "system", found, requestId);
    }
    boolean stored;
    try {
      stored = store.insert(i, queued);
    } catch (RuntimeException e) {
      notRecorded(i, "STORE_FAILED", requestId);
      throw e;
    }
    if (!stored) {
      notRecorded(i, "VERSION_TAKEN", requestId);
      throw new Conflict(ErrorCode.INSTRUCTION_STATE_CONFLICT,
          "Another version of instruction " + i.id().value() + " was stored at the same time; reload and try again.");
    }
    // recorded as queued only once really queued (committed with the version)
    notices.recordQueued(queued, requestId);
    inForce.invalidate(i.customer());
    if (i.state() == InstructionState.CLEARED) {
      supersedeOlder(i, "system", requestId);
    }
    return i;
  }

  private Instruction step(Instruction from, InstructionState to, Step response, Step decision, String actorRef,
      EventType type, List<String> reasons, List<NoticeDraft> drafts, String requestId) {
    Instant now = now();
    Instruction next = from.with(to, response, decision, now);
    append(next, type, actorRef, reasons, requestId);
    List<OutgoingNotice> queued = new ArrayList<>();
    for (NoticeDraft d : drafts) {
      queued.addAll(notices.address(d));
    }
    if (!store.transition(next, from.state(), queued)) {
      notRecorded(next, "STATE_CHANGED", requestId);
      throw state(from, "it changed at the same time; reload and try again");
    }
    notices.recordQueued(queued, requestId);
    inForce.invalidate(from.customer());
    return next;
  }

  private void supersedeOlder(Instruction now, String actorRef, String requestId) {
    for (Instruction v : store.versions(now.customer(), now.id())) {
      if (v.version() < now.version() && !v.state().isFinal()) {
        supersede(v, actorRef, "SUPERSEDED_BY_V" + now.version(), requestId);
      }
    }
  }

  /**
   * Supersedes a version that is not final; if it became final meanwhile (withdrawn, refused,
   * superseded by another request) there is nothing left to do.
   */
  private void supersede(Instruction v, String actorRef, String why, String requestId) {
    // read afresh: the caller's copy may predate a change made by this very request
    Instruction now = store.find(v.customer(), v.id(), v.version()).orElse(v);
    for (int attempt = 0; attempt < 3 && !now.state().isFinal(); attempt++) {
      try {
        step(now, InstructionState.SUPERSEDED, now.customerResponse(), now.officerDecision(), actorRef,
            EventType.INSTRUCTION_WITHDRAWN, List.of(why), List.of(), requestId);
        return;
      } catch (Conflict changed) {
        now = store.find(v.customer(), v.id(), v.version()).orElse(now);
      }
    }
  }

  /**
   * The steps already logged for a version that could not be stored are closed by one more entry,
   * so the log never leaves a version looking received or held when it was not kept. Best effort:
   * if even this cannot be written, the caller's failure stands.
   */
  private void notRecorded(Instruction i, String why, String requestId) {
    try {
      append(i, EventType.INSTRUCTION_NOT_RECORDED, "system", List.of(why), requestId);
    } catch (RuntimeException ignored) {
      // the log is failing too; the request fails and nothing was stored
    }
  }

  private void append(Instruction i, EventType type, String actor, List<String> reasons, String requestId) {
    log.append(new ProcessingEvent(clock.instant(), i.customer(), type, actor, i.agreementVersion(), null,
        i.fields().purpose(), null, i.fields().dataCategories(), null, null, i.ref(), null, reasons, requestId));
  }

  /**
   * Who gave the instruction (PR-824-04): the customer's DPO or its application key speak for the
   * customer. When the processor records an instruction received by another channel, the person
   * named must be the customer's designated DPO contact; anyone else is not authorised.
   */
  private static GivenBy givenBy(Principal actor, Customer customer, Submission s) {
    if (actor.role() != Role.PROCESSOR_ADMIN) {
      return new GivenBy(null, actor.role().code(), true);
    }
    if (s.givenByName() == null || s.givenByName().isBlank() || s.givenByName().length() > 200
        || InstructionValidator.hasControl(s.givenByName(), false)
        || (s.givenByRole() != null && (s.givenByRole().length() > 200 || InstructionValidator.hasControl(s.givenByRole(), false)))) {
      throw InvalidInput.field("givenBy.name", "REQUIRED",
          "When the processor records an instruction, givenBy.name says who at the customer gave it (1 to 200"
              + " characters, no control characters; givenBy.role likewise).");
    }
    String role = s.givenByRole() == null ? "unknown" : s.givenByRole();
    boolean authorised = customer.dpo() != null && customer.dpo().name() != null
        && normalise(customer.dpo().name()).equals(normalise(s.givenByName()));
    return new GivenBy(s.givenByName().strip(), role, authorised);
  }

  private static String normalise(String s) {
    return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ")
        .toLowerCase(Locale.ROOT);
  }

  private AgreementVersion agreementInForce(CustomerId id) {
    return agreements.inForce(id).orElseThrow(() -> new Conflict(ErrorCode.NO_AGREEMENT_IN_FORCE,
        "Customer " + id.value() + " has no accepted agreement in force; an instruction is given under one."));
  }

  private List<Instruction> allVersions(CustomerId id, InstructionId instruction) {
    List<Instruction> all = store.versions(id, instruction);
    if (all.isEmpty()) {
      throw notFound(instruction);
    }
    return all;
  }

  /** Microseconds, as PostgreSQL keeps them, so what is stored reads back equal. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static NotFound notFound(InstructionId id) {
    return new NotFound(ErrorCode.INSTRUCTION_NOT_FOUND, "No instruction " + id.value() + " (or no such version).");
  }

  private static Conflict state(Instruction v, String why) {
    return new Conflict(ErrorCode.INSTRUCTION_STATE_CONFLICT,
        "Instruction " + v.id().value() + " version " + v.version() + " is " + v.state() + ": " + why + ".");
  }

  private static void checkNote(String field, String note, boolean required) {
    if (note == null || note.isBlank()) {
      if (required) {
        throw InvalidInput.field(field, "REQUIRED", field + " is required: write why.");
      }
      return;
    }
    if (note.length() > MAX_NOTE) {
      throw InvalidInput.field(field, "TOO_LONG", field + " is at most " + MAX_NOTE + " characters.");
    }
    if (InstructionValidator.hasControl(note, true)) {
      throw InvalidInput.field(field, "CONTROL_CHARACTER", field + " may hold line breaks and tabs but no other control characters.");
    }
    if (field.equals("justification") && note.strip().length() < MIN_JUSTIFICATION) {
      throw new InvalidInput(ErrorCode.INVALID_REQUEST, "The justification is too short.",
          List.of(new FieldError(field, "TOO_SHORT", "A written justification is at least " + MIN_JUSTIFICATION + " characters.")));
    }
  }
}
