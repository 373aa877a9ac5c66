package dev.mandate.core.marketing;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.consent.ConsentVerdict;
import dev.mandate.core.consent.ConsentVerdicts;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.decision.AgreementRef;
import dev.mandate.core.decision.CompiledAgreement;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.DecisionPoint;
import dev.mandate.core.decision.InstructionContext;
import dev.mandate.core.instruction.InstructionsInForce;
import dev.mandate.core.decision.DecisionRequest;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.decision.InForceAgreements;
import dev.mandate.core.decision.Reason;
import dev.mandate.core.decision.ReasonCode;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.MandateException;
import dev.mandate.core.failure.ProcessingDenied;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.StoredField;
import dev.mandate.core.vault.VaultRecord;
import dev.mandate.core.vault.VaultService;
import dev.mandate.core.vault.VaultService.RevealedField;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Marketing audiences (ISO 27701 8.2.3, PR-823-01): the people of a customer who gave valid prior
 * consent for a marketing purpose, a page at a time, with the fields asked for. The selection
 * is one indexed query over the consent ledger's current state; every person included is then
 * decided by the decision point (agreement, categories, retention) and recorded in the
 * processing log as a {@code MARKETING_AUDIENCE_INCLUSION} with the consent it rests on, before
 * any value is returned. People whose data the agreement does not allow are left out and counted.
 */
public final class MarketingAudiences {
  static final String USE = "dpv:Use";
  static final int MAX_PAGE = 10_000;
  /** Reasons that hold for the whole audience, whoever is in it: the export is refused. */
  static final Set<ReasonCode> AGREEMENT_LEVEL = EnumSet.of(ReasonCode.NO_ACCEPTED_AGREEMENT,
      ReasonCode.AGREEMENT_NOT_IN_FORCE, ReasonCode.UNKNOWN_TERM, ReasonCode.ACTOR_PURPOSE_NOT_AUTHORISED,
      ReasonCode.PURPOSE_NOT_IN_AGREEMENT, ReasonCode.MARKETING_NOT_INSTRUCTED, ReasonCode.PROCESSOR_OWN_MARKETING,
      ReasonCode.INSTRUCTION_ON_HOLD, ReasonCode.INSTRUCTION_NOT_IN_FORCE);

  private final AudienceStore store;
  private final VaultService vault;
  private final DecisionPoint decisionPoint;
  private final InForceAgreements inForce;
  private final CustomerService customers;
  private final ProcessingLog log;
  private final ConsentVerdicts consent;
  private final Vocabulary vocabulary;
  private final Clock clock;
  private final InstructionsInForce instructions;

  public MarketingAudiences(AudienceStore store, VaultService vault, DecisionPoint decisionPoint, InForceAgreements inForce,
      CustomerService customers, ProcessingLog log, ConsentVerdicts consent, Vocabulary vocabulary, Clock clock) {
    this(store, vault, decisionPoint, inForce, customers, log, consent, vocabulary, null, clock);
  }

  /** {@code instructions}: a marketing clause held after analysis (8.2.4) refuses the whole export. */
  public MarketingAudiences(AudienceStore store, VaultService vault, DecisionPoint decisionPoint, InForceAgreements inForce,
      CustomerService customers, ProcessingLog log, ConsentVerdicts consent, Vocabulary vocabulary,
      InstructionsInForce instructions, Clock clock) {
    this.instructions = instructions;
    this.consent = consent;
    this.store = store;
    this.vault = vault;
    this.decisionPoint = decisionPoint;
    this.inForce = inForce;
    this.customers = customers;
    this.log = log;
    this.vocabulary = vocabulary;
    this.clock = clock;
  }

  /** Which people: the marketing purpose, the fields wanted, optionally a data-subject category; a page from a cursor. */
  public record Selection(String purpose, List<String> fields, String dataSubjectCategory, String after, Integer limit) {}

  /** One person in the audience: their record, identifier, the values asked for, and the consent it rests on. */
  public record Member(RecordId record, String subjectId, Map<String, String> fields, UUID consentEvent,
      long consentLogIndex, long inclusionLogIndex) {}

  /** A page of the audience; {@code next} is the cursor for the next page (null at the end). */
  public record Page(String purpose, AgreementRef agreement, List<Member> members, Map<String, Integer> excluded,
      String next) {}

  public Page export(Principal actor, CustomerId customer, Selection s, String requestId) {
    AccessPolicy.require(actor, Action.EXPORT_AUDIENCE, customer);
    customers.visible(actor, customer);
    Set<String> names = validate(s);
    Instant now = clock.instant();
    CompiledAgreement agreement = inForce.get(customer).orElse(null);
    refuseIfTheAgreementDoesNot(actor, customer, s, agreement, now, requestId);
    String dpv = agreement.dpvPurpose(s.purpose());
    if (!decisionPoint.gates().needsConsent(dpv)) {
      throw InvalidInput.field("purpose", "NOT_CONSENT_BASED", s.purpose()
          + " is not a marketing or advertising purpose; an audience is only for purposes that need the person's consent.");
    }
    int limit = s.limit() == null ? 1_000 : s.limit();
    RecordId after = s.after() == null ? null : new RecordId(UUID.fromString(s.after()));
    List<AudienceMember> page = store.page(customer, s.purpose(), dpv.equals(s.purpose()) ? null : dpv, now,
        s.dataSubjectCategory(), after, limit);
    Map<String, Integer> excluded = new TreeMap<>();
    List<Included> included = new ArrayList<>();
    for (AudienceMember m : page) {
      List<StoredField> fields = m.record().fields().stream().filter(f -> names.contains(f.name())).toList();
      if (fields.isEmpty()) {
        excluded.merge("NO_SELECTED_FIELD", 1, Integer::sum);
        continue;
      }
      // a custom purpose also answers to its DPV purpose's choices (a later "no" there ends it): ask the ledger
      if (!dpv.equals(s.purpose()) && !consent.verdict(customer, m.subject(), s.purpose(), dpv, now).valid()) {
        excluded.merge("CONSENT_NOT_VALID", 1, Integer::sum);
        continue;
      }
      Decision d = decide(actor, customer, s.purpose(), agreement, m, fields, now);
      if (d.permitted()) {
        included.add(new Included(m, d, fields.stream().map(StoredField::category).distinct().toList()));
      } else {
        d.reasonCodes().forEach(code -> excluded.merge(code, 1, Integer::sum));
      }
    }
    long[] indexes = record(actor, customer, s.purpose(), agreement.ref(), included, now, requestId);
    List<Member> members = new ArrayList<>(included.size());
    for (int i = 0; i < included.size(); i++) {
      AudienceMember m = included.get(i).member();
      Map<String, String> values = new LinkedHashMap<>();
      for (RevealedField f : vault.open(m.record(), names)) {
        values.put(f.name(), f.value());
      }
      members.add(new Member(m.record().id(), vault.subjectIdOf(m.record()), values, m.consentEvent(),
          m.consentLogIndex(), indexes[i]));
    }
    String next = page.size() == limit ? page.get(page.size() - 1).record().id().toString() : null;
    return new Page(s.purpose(), agreement.ref(), members, excluded, next);
  }

  private record Included(AudienceMember member, Decision decision, List<String> categories) {}

  private Decision decide(Principal actor, CustomerId customer, String purpose, CompiledAgreement agreement,
      AudienceMember m, List<StoredField> fields, Instant now) {
    Instant collectedAt = fields.stream().map(StoredField::collectedAt).min(Instant::compareTo).orElse(null);
    DecisionRequest request = new DecisionRequest(customer, actor, purpose, USE,
        fields.stream().map(StoredField::category).distinct().toList(), m.record().dataSubjectCategory(), now,
        collectedAt, null, null, false);
    // the selection query found this person's consent VALID at `now`; the decision point checks the rest
    ConsentVerdict consent = new ConsentVerdict(ConsentVerdict.Status.VALID, purpose, m.consentEvent(), null, null,
        m.consentLogIndex());
    return decisionPoint.decide(request, agreement, (p, dpv) -> consent, instructionContext(customer));
  }

  private InstructionContext instructionContext(CustomerId customer) {
    return instructions == null ? InstructionContext.NONE : InstructionContext.of(instructions, customer, null);
  }

  /** Records every inclusion durably, concurrently so they share group commits; all or an error. */
  private long[] record(Principal actor, CustomerId customer, String purpose, AgreementRef ref, List<Included> included,
      Instant now, String requestId) {
    long[] indexes = new long[included.size()];
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Long>> futures = new ArrayList<>(included.size());
      for (Included inc : included) {
        AudienceMember m = inc.member();
        ProcessingEvent event = new ProcessingEvent(now, customer, EventType.MARKETING_AUDIENCE_INCLUSION,
            actor.actorRef(), ref.version(), ref.termsHash(), purpose, USE, inc.categories(),
            m.record().dataSubjectCategory(), m.subject(), m.record().id().toString(), Effect.PERMIT,
            inc.decision().reasonCodes(), requestId);
        futures.add(pool.submit(() -> log.append(event)));
      }
      for (int i = 0; i < futures.size(); i++) {
        indexes[i] = futures.get(i).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, "Interrupted while recording the audience.", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof MandateException me) {
        throw me;
      }
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, "The audience could not be recorded; nothing was returned.", e.getCause());
    }
    return indexes;
  }

  /** Refuses the whole export, with a recorded DENY, when the agreement does not allow the purpose for anyone. */
  private void refuseIfTheAgreementDoesNot(Principal actor, CustomerId customer, Selection s, CompiledAgreement agreement,
      Instant now, String requestId) {
    DecisionRequest probe = new DecisionRequest(customer, actor, s.purpose(), USE, List.of("pd:Identifying"),
        s.dataSubjectCategory() == null ? "dpv:DataSubject" : s.dataSubjectCategory(), now, null, null, null, false);
    Decision d = decisionPoint.decide(probe, agreement,
        (p, dpv) -> new ConsentVerdict(ConsentVerdict.Status.VALID, p, null, null, null, null), instructionContext(customer));
    List<Reason> blocking = d.reasons().stream().filter(r -> AGREEMENT_LEVEL.contains(r.code())).toList();
    if (d.permitted() || blocking.isEmpty()) {
      return;
    }
    Decision deny = new Decision(Effect.DENY, blocking, List.of(), d.agreement());
    log.append(new ProcessingEvent(now, customer, EventType.DECISION, actor.actorRef(),
        d.agreement() == null ? null : d.agreement().version(), d.agreement() == null ? null : d.agreement().termsHash(),
        s.purpose(), USE, List.of(), probe.dataSubjectCategory(), null, null, Effect.DENY, deny.reasonCodes(), requestId));
    throw new ProcessingDenied(deny);
  }

  private Set<String> validate(Selection s) {
    List<FieldError> errors = new ArrayList<>();
    if (s.purpose() == null || !(vocabulary.isKnown(PURPOSE, s.purpose()) || CustomPurpose.isWellFormedId(s.purpose()))) {
      errors.add(new FieldError("purpose", s.purpose() == null ? "REQUIRED" : "UNKNOWN_TERM",
          "purpose must be a known marketing purpose, e.g. dpv:DirectMarketing."));
    }
    Set<String> names = new LinkedHashSet<>();
    if (s.fields() == null || s.fields().isEmpty()) {
      errors.add(new FieldError("fields", "REQUIRED", "fields must name at least one vault field, e.g. email."));
    } else if (s.fields().size() > 20) {
      errors.add(new FieldError("fields", "TOO_MANY", "At most 20 fields."));
    } else {
      for (int i = 0; i < s.fields().size(); i++) {
        String f = s.fields().get(i);
        if (f == null || f.isEmpty() || f.length() > 100) {
          errors.add(new FieldError("fields[" + i + "]", "INVALID_FORMAT", "A field name is 1 to 100 characters."));
        } else {
          names.add(f);
        }
      }
    }
    if (s.dataSubjectCategory() != null && !vocabulary.isKnown(DATA_SUBJECT, s.dataSubjectCategory())) {
      errors.add(new FieldError("dataSubjectCategory", "UNKNOWN_TERM", "'" + s.dataSubjectCategory() + "' is not a known data-subject category."));
    }
    if (s.after() != null) {
      try {
        UUID.fromString(s.after());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("after", "INVALID_FORMAT", "after is the cursor 'next' of the previous page."));
      }
    }
    if (s.limit() != null && (s.limit() < 1 || s.limit() > MAX_PAGE)) {
      errors.add(new FieldError("limit", "OUT_OF_RANGE", "limit is 1 to " + MAX_PAGE + "."));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(ErrorCode.INVALID_REQUEST, "The audience request is invalid.", errors);
    }
    return names;
  }
}
