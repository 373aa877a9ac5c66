package dev.mandate.core.decision;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PROCESSING;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.TransferSafeguards;
import dev.mandate.core.consent.ConsentVerdicts;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionsInForce;
import dev.mandate.core.keys.Pseudonyms;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers processing questions for PII held anywhere ({@code POST /v1/decisions}) and for the
 * vault, and records every decision, permit or deny, durably before it is returned (fail closed).
 */
public final class DecisionService {
  private final DecisionPoint decisionPoint;
  private final InForceAgreements inForce;
  private final CustomerService customers;
  private final Pseudonyms pseudonyms;
  private final ProcessingLog log;
  private final Vocabulary vocabulary;
  private final ConsentVerdicts consent;
  private final InstructionsInForce instructions;
  private final Clock clock;

  /** A decision service whose marketing gate sees no consent at all (for tests of other controls). */
  public DecisionService(DecisionPoint decisionPoint, InForceAgreements inForce, CustomerService customers,
      Pseudonyms pseudonyms, ProcessingLog log, Vocabulary vocabulary, Clock clock) {
    this(decisionPoint, inForce, customers, pseudonyms, log, vocabulary, ConsentVerdicts.EMPTY, clock);
  }

  public DecisionService(DecisionPoint decisionPoint, InForceAgreements inForce, CustomerService customers,
      Pseudonyms pseudonyms, ProcessingLog log, Vocabulary vocabulary, ConsentVerdicts consent, Clock clock) {
    this(decisionPoint, inForce, customers, pseudonyms, log, vocabulary, consent, null, clock);
  }

  /** {@code instructions} null: only the agreement decides (no instruction is ever on hold). */
  public DecisionService(DecisionPoint decisionPoint, InForceAgreements inForce, CustomerService customers,
      Pseudonyms pseudonyms, ProcessingLog log, Vocabulary vocabulary, ConsentVerdicts consent,
      InstructionsInForce instructions, Clock clock) {
    this.instructions = instructions;
    this.consent = consent;
    this.decisionPoint = decisionPoint;
    this.inForce = inForce;
    this.customers = customers;
    this.pseudonyms = pseudonyms;
    this.log = log;
    this.vocabulary = vocabulary;
    this.clock = clock;
  }

  /** A question about PII the caller holds itself; {@code subjectId} is only used to pseudonymise. */
  public record Question(
      String purpose,
      String operation,
      List<String> dataCategories,
      String dataSubjectCategory,
      String subjectId,
      Instant collectedAt,
      String location,
      String recipient,
      boolean processorOwnUse,
      String instructionId) {}

  public Decision decide(Principal actor, CustomerId customer, Question q, String requestId) {
    AccessPolicy.require(actor, Action.DECIDE, customer);
    customers.visible(actor, customer);
    validate(q);
    Instant now = clock.instant();
    DecisionRequest request = new DecisionRequest(customer, actor, q.purpose(), q.operation(), q.dataCategories(),
        q.dataSubjectCategory(), now, q.collectedAt(), q.location(), q.recipient(), q.processorOwnUse());
    String subject = q.subjectId() == null ? null : pseudonyms.of(customer, q.subjectId());
    InstructionId named = q.instructionId() == null ? null : new InstructionId(q.instructionId());
    return decideAndRecord(request, EventType.DECISION, subject, named == null ? null : "instruction:" + named.value(),
        named, requestId);
  }

  /** Decides and makes the record durable before returning; throws if it cannot be recorded. */
  public Decision decideAndRecord(DecisionRequest request, EventType type, String subjectPseudonym, String recordRef,
      String requestId) {
    return decideAndRecord(request, type, subjectPseudonym, recordRef, null, requestId);
  }

  private Decision decideAndRecord(DecisionRequest request, EventType type, String subjectPseudonym, String recordRef,
      InstructionId named, String requestId) {
    ConsentLookup lookup = subjectPseudonym == null ? ConsentLookup.NO_SUBJECT
        : (purpose, dpvPurpose) -> consent.verdict(request.customer(), subjectPseudonym, purpose, dpvPurpose, request.time());
    Decision decision = decisionPoint.decide(request, inForce.get(request.customer()).orElse(null), lookup,
        instructionContext(request.customer(), named));
    AgreementRef ref = decision.agreement();
    log.append(new ProcessingEvent(request.time(), request.customer(), type,
        request.actor() == null ? "system" : request.actor().actorRef(),
        ref == null ? null : ref.version(), ref == null ? null : ref.termsHash(),
        request.purpose(), request.operation(), request.dataCategories(), request.dataSubjectCategory(),
        subjectPseudonym, recordRef, decision.effect(), decision.reasonCodes(), requestId));
    return decision;
  }

  /** The instructions' part of a decision for {@code customer}; {@code named} null if the request names none. */
  public InstructionContext instructionContext(CustomerId customer, InstructionId named) {
    if (named == null) {
      return instructions == null ? InstructionContext.NONE : InstructionContext.of(instructions, customer, null);
    }
    InstructionsInForce.Status status = instructions == null
        ? new InstructionsInForce.Status(Optional.empty(), Optional.empty()) : instructions.status(customer, named);
    return InstructionContext.of(instructions, customer, status);
  }

  /** Rejects unknown vocabulary terms with a 400 naming the field (validate is separate from decide). */
  public void validate(Question q) {
    List<FieldError> errors = new ArrayList<>();
    if (q.purpose() == null || !(vocabulary.isKnown(PURPOSE, q.purpose()) || CustomPurpose.isWellFormedId(q.purpose()))) {
      errors.add(unknown("purpose", q.purpose(), PURPOSE));
    }
    if (q.operation() == null || !vocabulary.isKnown(PROCESSING, q.operation())) {
      errors.add(unknown("operation", q.operation(), PROCESSING));
    }
    if (q.dataCategories() == null || q.dataCategories().isEmpty()) {
      errors.add(new FieldError("dataCategories", "REQUIRED", "dataCategories must name at least one category."));
    } else {
      if (q.dataCategories().size() > 100) {
        errors.add(new FieldError("dataCategories", "TOO_MANY", "At most 100 data categories."));
      }
      for (int i = 0; i < q.dataCategories().size() && i < 100; i++) {
        String c = q.dataCategories().get(i);
        if (c == null || !vocabulary.isKnown(PERSONAL_DATA, c)) {
          errors.add(unknown("dataCategories[" + i + "]", c, PERSONAL_DATA));
        }
      }
    }
    if (q.dataSubjectCategory() == null || !vocabulary.isKnown(DATA_SUBJECT, q.dataSubjectCategory())) {
      errors.add(unknown("dataSubjectCategory", q.dataSubjectCategory(), DATA_SUBJECT));
    }
    if (q.location() != null && !TransferSafeguards.isCountry(q.location())) {
      errors.add(new FieldError("location", "UNKNOWN_COUNTRY", "location must be an ISO 3166-1 alpha-2 code such as DE."));
    }
    if (q.recipient() != null && (q.recipient().isBlank() || q.recipient().length() > 200)) {
      errors.add(new FieldError("recipient", "INVALID_FORMAT", "recipient is the name of a sub-processor (1 to 200 characters)."));
    }
    if (q.instructionId() != null && !InstructionId.isWellFormed(q.instructionId())) {
      errors.add(new FieldError("instructionId", "INVALID_FORMAT", "instructionId is ins_ followed by 20 letters or digits."));
    }
    if (q.subjectId() != null && (q.subjectId().isEmpty() || q.subjectId().length() > 500)) {
      errors.add(new FieldError("subjectId", "INVALID_FORMAT", "subjectId is 1 to 500 characters."));
    }
    if (!errors.isEmpty()) {
      throw new InvalidInput(ErrorCode.INVALID_REQUEST, "The decision request is invalid.", errors);
    }
  }

  private FieldError unknown(String field, String value, TermKind kind) {
    if (value == null) {
      return new FieldError(field, "REQUIRED", field + " is required.");
    }
    String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    String hint = vocabulary.suggest(kind, value).map(s -> " Did you mean " + s + "?").orElse("");
    return new FieldError(field, "UNKNOWN_TERM", "'" + shown + "' is not a known " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " term." + hint);
  }
}
