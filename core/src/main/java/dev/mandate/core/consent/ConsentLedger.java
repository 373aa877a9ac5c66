package dev.mandate.core.consent;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.keys.BlindIndex;
import dev.mandate.core.keys.Pseudonyms;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The consent ledger (ISO 27701 8.2.3, PR-CON-01): records each person's consent choices with
 * their provenance and evidence, and answers the marketing gate. Every event is a
 * processing-log entry, made durable before the event is stored; if the log cannot record it,
 * nothing is stored (fail closed). A log entry whose event is missing from the ledger can only
 * mean the ledger write failed afterwards: the gate then sees no consent, which is safe.
 */
public final class ConsentLedger implements ConsentVerdicts {
  private final ConsentEventStore store;
  private final CustomerService customers;
  private final Pseudonyms pseudonyms;
  private final BlindIndex blindIndex;
  private final ProcessingLog log;
  private final ConsentInput input;
  private final TcStrings tcStrings;
  private final TcfPurposeMap tcfPurposes;
  private final OptionalInt tcfVendorId;
  private final ConsentGates gates;
  private final Clock clock;
  /** Submissions being recorded by this process: a concurrent copy gets 409 before it logs anything. */
  private final java.util.concurrent.ConcurrentHashMap<String, Boolean> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
  /** How long a TC string's consent lasts: IAB Europe asks CMPs to ask again after at most 13 months. */
  static final java.time.Period TCF_VALIDITY = java.time.Period.ofMonths(13);

  public ConsentLedger(ConsentEventStore store, CustomerService customers, Pseudonyms pseudonyms, BlindIndex blindIndex,
      ProcessingLog log, ConsentGates gates, TcStrings tcStrings, TcfPurposeMap tcfPurposes, OptionalInt tcfVendorId,
      Clock clock) {
    this.store = store;
    this.customers = customers;
    this.pseudonyms = pseudonyms;
    this.blindIndex = blindIndex;
    this.log = log;
    this.input = new ConsentInput(gates.vocabulary());
    this.tcStrings = tcStrings;
    this.tcfPurposes = tcfPurposes;
    this.tcfVendorId = tcfVendorId;
    this.gates = gates;
    this.clock = clock;
  }

  /** A person as the ledger knows them: pseudonym and blind index, never the identifier. */
  public record Person(String subject, byte[] subjectIndex) {}

  /** What one submission recorded, and the person's state for those purposes afterwards. */
  public record Recorded(String submissionId, List<ConsentEvent> events, List<ConsentVerdict> current) {}

  /** A person's current state per purpose and full history, oldest first. */
  public record PersonConsent(String subject, List<ConsentVerdict> current, List<ConsentEvent> history) {}

  /** What one choice set: purpose to change, with the common provenance. */
  record Plan(String submissionId, ConsentSource source, Map<String, ConsentChange> changes, Instant expressedAt,
      Instant validUntil, Notice notice, boolean conditionOfService, String jurisdiction, Map<String, String> evidence,
      Instant refusedAt) {
    Plan(String submissionId, ConsentSource source, Map<String, ConsentChange> changes, Instant expressedAt,
        Instant validUntil, Notice notice, boolean conditionOfService, String jurisdiction, Map<String, String> evidence) {
      this(submissionId, source, changes, expressedAt, validUntil, notice, conditionOfService, jurisdiction, evidence,
          expressedAt);
    }

    /** When a change counts from: a "no" may count later than a "yes" when the source only gives the day. */
    Instant at(ConsentChange change) {
      return change == ConsentChange.GRANTED ? expressedAt : refusedAt;
    }
  }

  /** Records a choice reported by the customer's (or the processor's) application. */
  public Recorded record(Principal actor, CustomerId customer, ConsentSubmission s, String requestId) {
    AccessPolicy.require(actor, Action.RECORD_CONSENT, customer);
    Customer c = customers.visible(actor, customer);
    Instant now = clock.instant();
    List<FieldError> errors = input.common(s, now);
    ConsentSource source = s.source() == null ? null : ConsentSource.fromCode(s.source()).orElse(null);
    if (source == null) {
      errors.add(new FieldError("source", s.source() == null ? "REQUIRED" : "UNKNOWN_SOURCE",
          "source must be data-subject-form, tcf-string, gpc-signal or customer-asserted."));
      ConsentInput.throwIfAny(errors);
    }
    String jurisdiction = s.jurisdiction() != null ? s.jurisdiction() : jurisdictions(c);
    boolean cos = Boolean.TRUE.equals(s.conditionOfService());
    Map<String, String> evidence = safeEvidence(customer, s.evidence());
    Plan plan = switch (source) {
      case TCF_STRING -> {
        for (String f : List.of("purposes", "change", "expressedAt")) {
          if (f.equals("purposes") ? s.purposes() != null : f.equals("change") ? s.change() != null : s.expressedAt() != null) {
            errors.add(new FieldError(f, "NOT_APPLICABLE", f + " is taken from the TC string; leave it out."));
          }
        }
        if (s.tcString() == null || s.tcString().isBlank()) {
          errors.add(new FieldError("tcString", "REQUIRED", "tcString is required with source tcf-string."));
        }
        ConsentInput.throwIfAny(errors);
        TcSignal signal = tcStrings.decode(s.tcString().strip());
        Map<String, ConsentChange> changes = TcfConsent.changes(signal, tcfPurposes, tcfVendorId);
        if (signal.lastUpdated().isAfter(now)) {
          errors.add(new FieldError("tcString", "IN_FUTURE", "The TC string was last updated " + signal.lastUpdated()
              + ", after server time " + now + "."));
        }
        ConsentInput.throwIfAny(errors);
        evidence.putAll(TcfConsent.evidence(s.tcString().strip(), signal, tcfVendorId));
        // TCF 2.2 strings carry only the day: a grant counts from its start, a refusal from its end
        // (or now), so within that day a "no" is never ordered before a "yes" it may have followed
        Instant day = signal.lastUpdated();
        boolean dayOnly = day.equals(day.truncatedTo(java.time.temporal.ChronoUnit.DAYS));
        Instant noAt = dayOnly ? min(day.plus(java.time.Duration.ofDays(1)).minusMillis(1), now) : day;
        Instant until = s.validUntil() != null ? s.validUntil()
            : day.atZone(java.time.ZoneOffset.UTC).plus(TCF_VALIDITY).toInstant();
        yield new Plan(s.submissionId(), source, changes, day, until, s.notice(), false, jurisdiction, evidence, noAt);
      }
      case GPC_SIGNAL -> {
        if (s.purposes() != null || s.change() != null || s.tcString() != null) {
          errors.add(new FieldError("purposes", "NOT_APPLICABLE",
              "A GPC signal always opts out of sale, sharing and targeted advertising; leave out purposes, change and tcString."));
        }
        if (!"1".equals(evidence.get("secGpc"))) {
          errors.add(new FieldError("evidence.secGpc", "REQUIRED",
              "A forwarded GPC signal needs evidence.secGpc = \"1\", the Sec-GPC header value the person's browser sent."));
        }
        if (!honoursGpc(jurisdiction)) {
          errors.add(new FieldError("source", "GPC_NOT_HONOURED", "None of the jurisdictions " + jurisdiction
              + " treats a GPC signal as an opt-out (only US-CA-CPRA does among those Mandate models)."));
        }
        Instant at = s.expressedAt() == null ? now : s.expressedAt();
        if (at.isAfter(now)) {
          errors.add(new FieldError("expressedAt", "IN_FUTURE", "expressedAt is in the future (server time is " + now + ")."));
        }
        ConsentInput.throwIfAny(errors);
        Person person = person(customer, s.subjectId());
        yield new Plan(s.submissionId(), source, gpcChanges(customer, person, now), at, null, s.notice(), false,
            jurisdiction, evidence);
      }
      case ONE_CLICK_UNSUBSCRIBE -> {
        errors.add(new FieldError("source", "NOT_APPLICABLE",
            "one-click-unsubscribe is recorded only when the person uses a link Mandate issued (POST /v1/unsubscribe/{token})."));
        ConsentInput.throwIfAny(errors);
        throw new IllegalStateException("unreachable");
      }
      case DATA_SUBJECT_FORM, CUSTOMER_ASSERTED -> {
        input.stated(s, source, now, errors);
        ConsentInput.throwIfAny(errors);
        Map<String, ConsentChange> changes = new LinkedHashMap<>();
        ConsentChange change = ConsentChange.fromCode(s.change()).orElseThrow();
        s.purposes().forEach(p -> changes.put(p, change));
        yield new Plan(s.submissionId(), source, changes, s.expressedAt(), s.validUntil(), s.notice(), cos, jurisdiction,
            evidence);
      }
    };
    return append(customer, person(customer, s.subjectId()), actor.actorRef(), plan, requestId);
  }

  /** A person's consent: the state per purpose now and every event, oldest first. */
  public PersonConsent history(Principal actor, CustomerId customer, String subjectId) {
    AccessPolicy.require(actor, Action.READ_CONSENT, customer);
    customers.visible(actor, customer);
    List<FieldError> errors = new ArrayList<>();
    ConsentInput.subjectId(subjectId, errors);
    ConsentInput.throwIfAny(errors);
    return historyOf(customer, person(customer, subjectId).subject());
  }

  /** A person's consent by pseudonym (for the person's own signed link). */
  public PersonConsent historyOf(CustomerId customer, String subject) {
    List<ConsentEvent> events = store.history(customer, subject);
    Instant now = clock.instant();
    List<ConsentVerdict> current = ConsentHistory.purposes(events).stream()
        .map(p -> ConsentHistory.verdict(events, p, now)).toList();
    return new PersonConsent(subject, current, events);
  }

  @Override
  public ConsentVerdict verdict(CustomerId customer, String subject, String purpose, String dpvPurpose, Instant at) {
    boolean custom = dpvPurpose != null && !dpvPurpose.equals(purpose);
    List<ConsentEvent> events = store.events(customer, subject, custom ? List.of(purpose, dpvPurpose) : List.of(purpose));
    return ConsentHistory.verdict(events, purpose, custom ? dpvPurpose : purpose, at);
  }

  /** The pseudonym and blind index of a person, computed with the customer's keys. */
  public Person person(CustomerId customer, String subjectId) {
    return new Person(pseudonyms.of(customer, subjectId), blindIndex.subjectIndex(customer, subjectId));
  }

  /** Whether any of the jurisdictions (comma-separated codes) treats GPC as an opt-out. */
  static boolean honoursGpc(String jurisdictions) {
    for (String code : jurisdictions.split(",")) {
      if (Jurisdiction.fromCode(code.strip()).map(Jurisdiction::honoursGpc).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The opt-outs a GPC signal adds: withdrawn where consent is valid, refused where there is none,
   * nothing where the person is already out, and nothing where the person opted in again after an
   * earlier GPC opt-out (the signal was honoured; the person's later explicit choice stands).
   */
  Map<String, ConsentChange> gpcChanges(CustomerId customer, Person person, Instant now) {
    List<String> purposes = gates.gpcOptOutPurposes();
    List<ConsentEvent> events = store.events(customer, person.subject(), purposes);
    Map<String, ConsentChange> changes = new LinkedHashMap<>();
    for (String p : purposes) {
      ConsentVerdict v = ConsentHistory.verdict(events, p, now);
      boolean optedInAfterGpc = v.valid() && events.stream().anyMatch(e -> e.purpose().equals(p)
          && e.source() == ConsentSource.GPC_SIGNAL && e.expressedAt().isBefore(v.since()));
      if (!v.optedOut() && !optedInAfterGpc) {
        changes.put(p, v.valid() ? ConsentChange.WITHDRAWN : ConsentChange.REFUSED);
      }
    }
    return changes;
  }

  /** Evidence with every PII-like value replaced by an HMAC under the customer's key (hex). */
  Map<String, String> safeEvidence(CustomerId customer, Map<String, String> evidence) {
    return ConsentInput.safeEvidence(evidence, (k, v) ->
        java.util.HexFormat.of().formatHex(blindIndex.index(customer, "consent-evidence:" + k, v)));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Logs each event durably, then stores them all at once. */
  Recorded append(CustomerId customer, Person person, String actor, Plan plan, String requestId) {
    String key = customer.value() + "\u0000" + plan.submissionId();
    if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) {
      throw duplicate(plan.submissionId());
    }
    try {
      return appendOnce(customer, person, actor, plan, requestId);
    } finally {
      inFlight.remove(key);
    }
  }

  static Conflict duplicate(String submissionId) {
    return new Conflict(ErrorCode.DUPLICATE_SUBMISSION, "Submission '" + submissionId
        + "' was recorded before (or is being recorded now); nothing was changed.");
  }

  private Recorded appendOnce(CustomerId customer, Person person, String actor, Plan plan, String requestId) {
    if (store.hasSubmission(customer, plan.submissionId())) {
      throw duplicate(plan.submissionId());
    }
    if (plan.changes().isEmpty()) {
      return new Recorded(plan.submissionId(), List.of(), current(customer, person, List.of()));
    }
    Instant now = clock.instant();
    List<ConsentEvent> events = new ArrayList<>();
    for (Map.Entry<String, ConsentChange> e : plan.changes().entrySet()) {
      UUID id = UUID.randomUUID();
      long index = log.append(new ProcessingEvent(now, customer, type(e.getValue()), actor, null, null, e.getKey(), null,
          List.of(), null, person.subject(), "consent:" + id, null, List.of("SOURCE_" + plan.source().name()), requestId));
      events.add(new ConsentEvent(id, customer, person.subject(), person.subjectIndex(), e.getKey(), e.getValue(),
          plan.source(), plan.at(e.getValue()), now, e.getValue() == ConsentChange.GRANTED ? plan.validUntil() : null,
          plan.notice(), plan.conditionOfService(), plan.jurisdiction(), plan.evidence(), plan.submissionId(), actor,
          index));
    }
    store.append(events);
    return new Recorded(plan.submissionId(), events, current(customer, person, List.copyOf(plan.changes().keySet())));
  }

  private List<ConsentVerdict> current(CustomerId customer, Person person, List<String> purposes) {
    if (purposes.isEmpty()) {
      return List.of();
    }
    List<ConsentEvent> events = store.events(customer, person.subject(), purposes);
    Instant now = clock.instant();
    return purposes.stream().map(p -> ConsentHistory.verdict(events, p, now)).toList();
  }

  static EventType type(ConsentChange change) {
    return switch (change) {
      case GRANTED -> EventType.CONSENT_GRANTED;
      case REFUSED -> EventType.CONSENT_REFUSED;
      case WITHDRAWN -> EventType.CONSENT_WITHDRAWN;
      case EXPIRED -> EventType.CONSENT_EXPIRED;
    };
  }

  static String jurisdictions(Customer c) {
    return c.jurisdictions().stream().map(Jurisdiction::code).sorted().collect(Collectors.joining(","));
  }

  boolean hasSubmission(CustomerId customer, String submissionId) {
    return store.hasSubmission(customer, submissionId);
  }

  CustomerService customers() {
    return customers;
  }

  Clock clock() {
    return clock;
  }
}
