package dev.mandate.web;

import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Role;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionService;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.core.instruction.InstructionValidator;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.web.Requests.ConfirmInstructionBody;
import dev.mandate.web.Requests.DecideInstructionBody;
import dev.mandate.web.Requests.InstructionCheckBody;
import dev.mandate.web.Requests.InstructionSubmitBody;
import dev.mandate.web.Requests.NoteBody;
import dev.mandate.web.Views.AnalysisView;
import dev.mandate.web.Views.InstructionHistoryView;
import dev.mandate.web.Views.InstructionView;
import dev.mandate.web.Views.Items;
import dev.mandate.web.Views.NoticeSentView;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/customers/{customerId}/instructions} and {@code /v1/instruction-checks}: documented
 * instructions (ISO 27701 8.2.4). The customer gives, amends, withdraws and confirms; the
 * processor's privacy officer applies or refuses what was held; anyone may check a planned
 * instruction without recording it (the dry run). Bodies are read with the instruction-mode
 * codec, in which a flag that is absent or null stays "not said" instead of becoming false.
 */
final class InstructionEndpoints {
  static final int DEFAULT_LIST = 50;
  static final int MAX_LIST = 500;
  private static final Json INSTRUCTION_JSON = new Json(true);
  private final InstructionService instructions;
  private final RuleFiles.Loaded rules;
  private final InstructionValidator validator;
  private final Clock clock;

  InstructionEndpoints(InstructionService instructions, RuleFiles.Loaded rules, Vocabulary vocabulary, Clock clock) {
    this.instructions = instructions;
    this.rules = rules;
    this.validator = new InstructionValidator(vocabulary);
    this.clock = clock;
  }

  Reply submit(Exchange x) {
    InstructionSubmitBody b = read(x, InstructionSubmitBody.class);
    givenByOnlyForRecording(x, b);
    return x.created(InstructionView.of(instructions.submit(x.principal(), x.customer(), b.toCore(), x.requestId())));
  }

  Reply list(Exchange x) {
    InstructionState state = x.query("state").map(InstructionEndpoints::state).orElse(null);
    int limit = x.intQuery("limit", DEFAULT_LIST);
    if (limit < 1 || limit > MAX_LIST) {
      throw HttpProblem.badParameter("limit", "OUT_OF_RANGE", "limit is 1 to " + MAX_LIST + ".");
    }
    List<Instruction> latest = instructions.list(x.principal(), x.customer(), state, limit);
    return x.ok(new Items<>(latest.stream().map(InstructionView::of).toList()));
  }

  /** The privacy officer's queue across customers: held and confirmed versions, oldest first. */
  Reply onHold(Exchange x) {
    int limit = x.intQuery("limit", DEFAULT_LIST);
    if (limit < 1 || limit > MAX_LIST) {
      throw HttpProblem.badParameter("limit", "OUT_OF_RANGE", "limit is 1 to " + MAX_LIST + ".");
    }
    return x.ok(new Items<>(instructions.onHold(x.principal(), limit).stream().map(InstructionView::of).toList()));
  }

  Reply get(Exchange x) {
    CustomerId customer = x.customer();
    InstructionId id = instructionId(x);
    List<Instruction> versions = instructions.versions(x.principal(), customer, id);
    Integer inForce = versions.stream().filter(v -> v.state().inForce()).map(Instruction::version)
        .reduce((a, b) -> b).orElse(null);
    return x.ok(new InstructionHistoryView(customer.value(), id.value(), inForce,
        versions.stream().map(InstructionView::of).toList()));
  }

  Reply version(Exchange x) {
    InstructionId id = instructionId(x);
    int version = x.intPath("version");
    return x.ok(InstructionView.of(instructions.find(x.principal(), x.customer(), id, version)));
  }

  Reply amend(Exchange x) {
    InstructionId id = instructionId(x);
    InstructionSubmitBody b = read(x, InstructionSubmitBody.class);
    givenByOnlyForRecording(x, b);
    return x.created(InstructionView.of(instructions.amend(x.principal(), x.customer(), id, b.toCore(), x.requestId())));
  }

  Reply withdraw(Exchange x) {
    InstructionId id = instructionId(x);
    NoteBody b = x.optionalBody(NoteBody.class, NoteBody.NONE);
    return x.ok(InstructionView.of(instructions.withdraw(x.principal(), x.customer(), id, b.note(), x.requestId())));
  }

  Reply confirm(Exchange x) {
    InstructionId id = instructionId(x);
    int version = x.intPath("version");
    ConfirmInstructionBody b = x.optionalBody(ConfirmInstructionBody.class, new ConfirmInstructionBody(null));
    return x.ok(InstructionView.of(
        instructions.confirm(x.principal(), x.customer(), id, version, b.justification(), x.requestId())));
  }

  Reply decide(Exchange x) {
    InstructionId id = instructionId(x);
    int version = x.intPath("version");
    DecideInstructionBody b = x.body(DecideInstructionBody.class);
    boolean apply;
    if (b.decision() == null) {
      throw HttpProblem.badParameter("decision", "REQUIRED", "decision is APPLY or REFUSE.");
    }
    switch (b.decision()) {
      case "APPLY" -> apply = true;
      case "REFUSE" -> apply = false;
      default -> throw HttpProblem.badParameter("decision", "UNKNOWN_VALUE", "decision is APPLY or REFUSE.");
    }
    return x.ok(InstructionView.of(
        instructions.decide(x.principal(), x.customer(), id, version, apply, b.note(), x.requestId())));
  }

  Reply notices(Exchange x) {
    InstructionId id = instructionId(x);
    return x.ok(new Items<>(instructions.notices(x.principal(), x.customer(), id).stream()
        .map(NoticeSentView::of).toList()));
  }

  /**
   * The dry run: analyses a planned instruction and records nothing. With {@code customerId},
   * under that customer's laws and the agreement in force (tenant isolation applies); without,
   * under the laws and (optional) agreement terms the body names.
   */
  Reply check(Exchange x) {
    InstructionCheckBody b = read(x, InstructionCheckBody.class);
    List<FieldError> errors = new ArrayList<>();
    if (b.instruction() == null) {
      errors.add(new FieldError("instruction", "REQUIRED", "instruction ({text, fields}) is required."));
    } else if (b.instruction().fields() == null) {
      errors.add(new FieldError("instruction.fields", "REQUIRED", "instruction.fields is required."));
    }
    Analysis analysis;
    if (b.customerId() != null) {
      notApplicable("jurisdictions", b.jurisdictions() != null, errors);
      notApplicable("agreement", b.agreement() != null, errors);
      notApplicable("asOf", b.asOf() != null, errors);
      if (!errors.isEmpty()) {
        throw invalid(errors);
      }
      String text = b.instruction().text();
      analysis = inInstruction(() -> instructions.check(x.principal(), new CustomerId(b.customerId()), text,
          b.instruction().fields(), b.givenByAuthorised()));
    } else {
      AccessPolicy.require(x.principal(), Action.CHECK_INSTRUCTION);
      Set<Jurisdiction> laws = new LinkedHashSet<>();
      if (b.jurisdictions() == null || b.jurisdictions().isEmpty()) {
        errors.add(new FieldError("jurisdictions", "REQUIRED",
            "Name at least one law in jurisdictions, or a customerId to check under that customer's laws."));
      } else {
        for (int i = 0; i < b.jurisdictions().size(); i++) {
          int at = i;
          Jurisdiction.fromCode(b.jurisdictions().get(i)).ifPresentOrElse(laws::add,
              () -> errors.add(new FieldError("jurisdictions[" + at + "]", "UNKNOWN_JURISDICTION",
                  "jurisdictions holds an unknown code; use EU-GDPR, UK-GDPR, US-CA-CPRA, BR-LGPD, CA-PIPEDA or CH-FADP.")));
        }
      }
      LocalDate asOf = b.asOf() == null ? null : Requests.date("asOf", b.asOf());
      // a planned agreement may be partial or not yet valid: the analyser reads what is there
      AgreementTerms agreement = b.agreement() == null ? null : b.agreement().toCore();
      if (!errors.isEmpty()) {
        throw invalid(errors);
      }
      String text = b.instruction().text();
      inInstruction(() -> {
        validator.validate(text == null ? "(dry run)" : text, b.instruction().fields());
        return null;
      });
      InstructionCheck planned = new InstructionCheck(Set.copyOf(laws), agreement, asOf, b.givenByAuthorised(), text,
          b.instruction().fields());
      analysis = rules.analyser().analyse(planned.input(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    }
    return x.ok(AnalysisView.of(analysis));
  }

  private static <T> T read(Exchange x, Class<T> type) {
    return INSTRUCTION_JSON.read(x.body(), type);
  }

  /**
   * {@code givenBy} says who at the customer gave an instruction the processor records; a
   * customer's own key speaks for the customer, so there it would be silently meaningless.
   */
  private static void givenByOnlyForRecording(Exchange x, InstructionSubmitBody b) {
    Role role = x.principal().role();
    if (b.givenBy() != null && (role == Role.CUSTOMER_DPO || role == Role.CUSTOMER_APPLICATION)) {
      throw HttpProblem.badParameter("givenBy", "NOT_APPLICABLE",
          "givenBy is for the processor-admin recording an instruction the customer gave by another channel;"
              + " a customer's own key speaks for the customer.");
    }
  }

  /** A malformed instruction id is answered like an unknown one: 404, never a 500. */
  private static InstructionId instructionId(Exchange x) {
    String raw = x.path("instructionId");
    if (!InstructionId.isWellFormed(raw)) {
      throw new NotFound(ErrorCode.INSTRUCTION_NOT_FOUND, "No such instruction; an instruction id is ins_ followed"
          + " by 20 lowercase letters or digits.");
    }
    return new InstructionId(raw);
  }

  private static InstructionState state(String value) {
    try {
      return InstructionState.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badParameter("state", "UNKNOWN_VALUE",
          "state is one of CLEARED, HELD, CONFIRMED_BY_CUSTOMER, APPLIED, REFUSED, WITHDRAWN, SUPERSEDED.");
    }
  }

  private static void notApplicable(String field, boolean present, List<FieldError> errors) {
    if (present) {
      errors.add(new FieldError(field, "NOT_APPLICABLE",
          field + " is not used with customerId: the customer's own laws, agreement in force and today apply."));
    }
  }

  private static HttpProblem invalid(List<FieldError> errors) {
    return new HttpProblem(400, ErrorCode.INVALID_REQUEST, "The instruction check is invalid.", errors);
  }

  /**
   * Runs a check whose field errors name {@code text} and {@code fields} (the core's paths) and
   * reports them where they are in this body: under {@code instruction}.
   */
  private static <T> T inInstruction(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidInput e) {
      List<FieldError> moved = e.errors().stream()
          .map(f -> new FieldError("instruction." + f.field(), f.code(),
              f.message().startsWith(f.field()) ? "instruction." + f.message() : f.message()))
          .toList();
      throw new InvalidInput(e.code(), e.getMessage(), moved);
    }
  }
}
