package dev.mandate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementService;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.AssistanceTerms;
import dev.mandate.core.agreement.AgreementTerms.EndOfContract;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationUse;
import dev.mandate.core.agreement.AgreementTerms.MarketingTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.TermsValidator;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.CustomerDraft;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.decision.DecisionPoint;
import dev.mandate.core.decision.InForceAgreements;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Forbidden;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Conditions;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionAnalyser;
import dev.mandate.core.instruction.InstructionFields;
import dev.mandate.core.instruction.InstructionFields.Transfer;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionStore;
import dev.mandate.core.instruction.InstructionValidator;
import dev.mandate.core.instruction.InstructionService;
import dev.mandate.core.instruction.InstructionService.Submission;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.core.instruction.InstructionsInForce;
import dev.mandate.core.instruction.Outcome;
import dev.mandate.core.instruction.ReferenceData;
import dev.mandate.core.instruction.Rule;
import dev.mandate.core.instruction.RuleBook;
import dev.mandate.core.notice.NoticeService;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.processinglog.RecordedEvent;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instructions end to end with in-memory adapters and a clock we move (ISO 27701 8.2.4): analysed
 * at once, held and notified if a rule finds something, out of force until the customer amends,
 * withdraws or confirms and the privacy officer decides; every step recorded; roles and tenants
 * kept apart.
 */
class InstructionServiceTest {
  static final Vocabulary VOCABULARY = Vocabulary.dpv();
  static final CustomerId ACME = new CustomerId("acme");
  static final CustomerId GLOBEX = new CustomerId("globex");
  static final String EU_ADEQUACY = """
      country,scope,from,until,instrument
      FR,HOME,2018-05-25,,EEA member state
      DE,HOME,2018-05-25,,EEA member state
      JP,FULL,2019-01-23,,Decision (EU) 2019/419
      US,DPF,2023-07-10,,Decision (EU) 2023/1795
      """;

  final MutableClock clock = MutableClock.at("2026-06-01T09:00:00.123456Z");
  final InMemoryProcessingLog log = new InMemoryProcessingLog();
  final InMemoryNoticeOutbox outbox = new InMemoryNoticeOutbox();
  final InMemoryInstructionStore store = new InMemoryInstructionStore(outbox);
  final InMemoryAgreementStore agreementStore = new InMemoryAgreementStore();
  final CustomerService customers = new CustomerService(new InMemoryCustomerStore(), log, clock);
  final NoticeService notices = new NoticeService(outbox, log, customers::find, clock);
  final InstructionsInForce inForce = new InstructionsInForce(store, Duration.ZERO);
  final InstructionService service = new InstructionService(store, analyser(), new InstructionValidator(VOCABULARY), customers, agreementStore, notices, outbox, inForce, log, clock);
  final AgreementService agreements = new AgreementService(agreementStore, customers, new TermsValidator(VOCABULARY),
      new InForceAgreements(agreementStore, new DecisionPoint(VOCABULARY), Duration.ZERO), log, clock,
      service::ensureStanding);

  final Principal admin = principal("key_admin", Role.PROCESSOR_ADMIN, Set.of());
  final Principal dpo = principal("key_dpo", Role.CUSTOMER_DPO, Set.of(ACME));
  final Principal app = principal("key_app", Role.CUSTOMER_APPLICATION, Set.of(ACME));
  final Principal officer = principal("key_po", Role.PRIVACY_OFFICER, Set.of());
  final Principal globexDpo = principal("key_gdpo", Role.CUSTOMER_DPO, Set.of(GLOBEX));

  static Principal principal(String key, Role role, Set<CustomerId> customers) {
    return new Principal(new ApiKeyId(key), role, customers, Set.of());
  }

  /**
   * EU-TRANSFER-1 as the rule file writes it, a rule that holds an instruction given by someone
   * the customer did not authorise, and one that asks for review when data is to be re-identified.
   */
  static InstructionAnalyser analyser() {
    Conditions conditions = new Conditions(VOCABULARY, ReferenceData.parse(Map.of(), Map.of("EU-GDPR", EU_ADEQUACY)));
    Rule transfer = new Rule("EU-TRANSFER-1", "R-TRANSFER", Jurisdiction.EU_GDPR, "GDPR Arts. 44-46",
        Rule.Severity.INFRINGES, conditions.parse(Map.of("some", Map.of("in", "instruction.transfers", "where",
            Map.of("all", List.of(
                Map.of("not", Map.of("adequate", Map.of("country", "item.country", "list", "EU-GDPR",
                    "dpfCertified", "item.dpfCertified"))),
                Map.of("absent", "item.safeguard"),
                Map.of("not", Map.of("allIn", List.of("item.country", "agreement.locations"))),
                Map.of("absent", "item.derogation")))))),
        "Personal data would go to a country without an EU adequacy decision and no Art. 46 safeguard is named.");
    Rule authority = new Rule("EU-AUTHORITY-1", "R-AUTHORITY", Jurisdiction.EU_GDPR, "GDPR Art. 29",
        Rule.Severity.INFRINGES, conditions.parse(Map.of("isFalse", "submission.givenByAuthorised")),
        "The person who gave the instruction is not one the customer authorised.");
    Rule review = new Rule("EU-REIDENTIFY-1", "R-PSEUDONYMS", Jurisdiction.EU_GDPR, "GDPR Art. 4(5)",
        Rule.Severity.NEEDS_REVIEW, conditions.parse(Map.of("isTrue", "instruction.reidentify")),
        "Re-identifying pseudonymised data needs a person's judgement.");
    Rule fraud = new Rule("EU-PROFILING-1", "R-PROFILING", Jurisdiction.EU_GDPR, "GDPR Art. 22",
        Rule.Severity.NEEDS_REVIEW, conditions.parse(Map.of("equals", List.of("instruction.purpose",
            "dpv:FraudPreventionAndDetection"))), "Fraud screening may be a decision based solely on automated processing.");
    return new InstructionAnalyser(new RuleBook(List.of(transfer, authority, review, fraud), "test"), VOCABULARY);
  }

  static AgreementTerms terms(String... purposes) {
    List<PurposeTerms> clauses = java.util.Arrays.stream(purposes).map(p -> new PurposeTerms(p,
        List.of("pd:Name", "pd:EmailAddress"), List.of("dpv:Store", "dpv:Use"), List.of("dpv:Customer"), 365,
        "eu-gdpr:A6-1-b", SpecialCategories.NONE, false)).toList();
    return new AgreementTerms("Order handling for an online shop.", "Storing orders.", LocalDate.of(2026, 1, 1), null,
        List.of("pd:Name", "pd:EmailAddress"), List.of(), clauses,
        List.of(new LocationTerms("FR", List.of(LocationUse.PROCESSING, LocationUse.STORAGE), null)), List.of(),
        new AssistanceTerms(7, 24), List.of("dpv:EncryptionAtRest"), MarketingTerms.NONE, EndOfContract.DELETE);
  }

  void customer(String id, String dpoName) {
    customers.create(admin, new CustomerDraft(id, "Customer " + id, Set.of("EU-GDPR"),
        new Contact(dpoName, "dpo@" + id + ".example", null),
        List.of(new NotificationEndpoint(Kind.WEBHOOK, "https://" + id + ".example/hooks"),
            new NotificationEndpoint(Kind.EMAIL, "privacy@" + id + ".example"))), "r-customer");
  }

  void accept(CustomerId id, Principal customerDpo, AgreementTerms terms) {
    int version = agreements.draft(admin, id, terms, "r-draft").version();
    agreements.offer(admin, id, version, "r-offer");
    agreements.accept(customerDpo, id, version, null, "r-accept");
  }

  @BeforeEach
  void acmeHasAnAgreementInForce() {
    customer("acme", "Dana  Okafor");
    accept(ACME, dpo, terms("dpv:ServiceProvision"));
  }

  static InstructionFields fields(List<Transfer> transfers, Boolean reidentify) {
    return new InstructionFields("dpv:ServiceProvision", null, List.of("pd:Name"), null, null, null,
        List.of("dpv:Store"), List.of("dpv:Customer"), null, transfers, 365, null, null, null, null, null, null, null,
        null, null, null, null, reidentify, null, null, null);
  }

  static Submission clean() {
    return new Submission("Store customer names for order handling in France.", fields(List.of(), null), null, null);
  }

  static Submission toVietnam() {
    return new Submission("Archive customer names with Archive Co in Vietnam.",
        fields(List.of(new Transfer("VN", "Archive Co", null, null, null)), null), null, null);
  }

  static Submission withClauses() {
    return new Submission("Archive customer names in Vietnam under the EU clauses.",
        fields(List.of(new Transfer("VN", "Archive Co", "eu-gdpr:SCCByCommission", null, null)), null), null, null);
  }

  static Submission reidentify() {
    return new Submission("Re-identify the pseudonymised order records.", fields(List.of(), true), null, null);
  }

  static final String JUSTIFICATION = "Our legal team has signed clauses with Archive Co; copy attached.";

  List<ProcessingEvent> about(Instruction i) {
    return log.all().stream().filter(e -> i.ref().equals(e.recordRef())).toList();
  }

  List<EventType> typesAbout(Instruction i) {
    return about(i).stream().map(ProcessingEvent::type).toList();
  }

  // Submitting ------------------------------------------------------------------------------------

  @Test
  void aCleanInstructionIsClearedAndEveryStepRecorded() {
    Instruction i = service.submit(dpo, ACME, clean(), "req-1");

    assertThat(i.state()).isEqualTo(InstructionState.CLEARED);
    assertThat(i.version()).isEqualTo(1);
    assertThat(i.standing()).isFalse();
    assertThat(i.agreementVersion()).isEqualTo(1);
    assertThat(i.analysis().outcome()).isEqualTo(Outcome.NO_INFRINGEMENT_FOUND);
    assertThat(i.analysis().rulesChecked()).isEqualTo(4);
    assertThat(i.analysis().asOf()).isEqualTo(LocalDate.of(2026, 6, 1));
    assertThat(i.givenBy()).isEqualTo(new Instruction.GivenBy(null, "customer-dpo", true));
    assertThat(i.submittedBy()).isEqualTo("key_dpo/customer-dpo");
    assertThat(i.submittedAt()).isEqualTo(clock.instant());
    assertThat(store.find(ACME, i.id(), 1)).contains(i);
    assertThat(i.ref()).isEqualTo("instruction:" + i.id().value() + "/v1");
    List<ProcessingEvent> steps = about(i);
    assertThat(steps).extracting(ProcessingEvent::type).containsExactly(EventType.INSTRUCTION_RECEIVED,
        EventType.INSTRUCTION_ANALYSED, EventType.INSTRUCTION_CLEARED);
    assertThat(steps).allSatisfy(e -> {
      assertThat(e.recordRef()).isEqualTo("instruction:" + i.id().value() + "/v1");
      assertThat(e.customer()).isEqualTo(ACME);
      assertThat(e.requestId()).isEqualTo("req-1");
      assertThat(e.purpose()).isEqualTo("dpv:ServiceProvision");
    });
    assertThat(steps.get(0).actor()).isEqualTo("key_dpo/customer-dpo");
    assertThat(steps.get(1).reasons()).containsExactly("NO_INFRINGEMENT_FOUND");
    assertThat(outbox.byReference(ACME, i.ref())).isEmpty();
    assertThat(inForce.status(ACME, i.id()).inForce()).contains(i);
  }

  @Test
  void anInfringingInstructionIsHeldAndTheCustomerToldOnEveryEndpoint() {
    Instruction i = service.submit(dpo, ACME, toVietnam(), "req-1");

    assertThat(i.state()).isEqualTo(InstructionState.HELD);
    assertThat(i.analysis().outcome()).isEqualTo(Outcome.POSSIBLE_INFRINGEMENT);
    assertThat(i.analysis().findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo("EU-TRANSFER-1");
      assertThat(f.fields()).contains("transfers[0].country");
    });
    List<OutgoingNotice> sent = outbox.byReference(ACME, i.ref());
    assertThat(sent).hasSize(2);
    assertThat(sent).extracting(OutgoingNotice::channel).containsExactlyInAnyOrder(Kind.WEBHOOK, Kind.EMAIL);
    assertThat(sent).extracting(OutgoingNotice::address)
        .containsExactlyInAnyOrder("https://acme.example/hooks", "privacy@acme.example");
    assertThat(sent).allSatisfy(n -> {
      assertThat(n.topic()).isEqualTo("instruction.held");
      assertThat(n.textBody()).contains("EU-TRANSFER-1").contains("GDPR Arts. 44-46").contains(i.id().value());
      assertThat(n.jsonPayload()).contains("\"rule\":\"EU-TRANSFER-1\"").contains("\"citation\":\"GDPR Arts. 44-46\"");
      assertThat(n.subjectLine()).startsWith("Possible infringement");
    });
    assertThat(typesAbout(i)).containsExactly(EventType.INSTRUCTION_RECEIVED, EventType.INSTRUCTION_ANALYSED,
        EventType.INSTRUCTION_HELD);
    List<EventType> all = log.all().stream().map(ProcessingEvent::type).toList();
    int held = all.indexOf(EventType.INSTRUCTION_HELD);
    assertThat(all.subList(held + 1, all.size())).as("NOTICE_QUEUED logged after INSTRUCTION_HELD")
        .containsExactly(EventType.NOTICE_QUEUED, EventType.NOTICE_QUEUED);
    assertThat(log.all().stream().filter(e -> e.type() == EventType.NOTICE_QUEUED).map(ProcessingEvent::recordRef))
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(OutgoingNotice::recordRef).toList());
    assertThat(inForce.status(ACME, i.id()).inForce()).isEmpty();
    assertThat(inForce.status(ACME, i.id()).latest()).contains(i);
  }

  @Test
  void whenTheLogCannotRecordNothingIsStored() {
    int before = log.all().size();
    log.failNextAppends(true);

    assertThatThrownBy(() -> service.submit(dpo, ACME, toVietnam(), "req-1")).isInstanceOf(Unavailable.class);
    assertThatThrownBy(() -> service.submit(dpo, ACME, clean(), "req-2")).isInstanceOf(Unavailable.class);

    log.failNextAppends(false);
    assertThat(store.latest(ACME, null, 100)).as("only the standing clause of the agreement")
        .allMatch(Instruction::standing);
    assertThat(outbox.recent(ACME, 100)).isEmpty();
    assertThat(log.all()).hasSize(before);
  }

  @Test
  void withoutAnAgreementInForceThereIsNoInstruction() {
    customer("globex", "Gil Bates");

    assertThatThrownBy(() -> service.submit(globexDpo, GLOBEX, clean(), "req-1"))
        .isInstanceOfSatisfying(Conflict.class, c -> assertThat(c.code()).isEqualTo(ErrorCode.NO_AGREEMENT_IN_FORCE));
    assertThat(store.latest(GLOBEX, null, 10)).isEmpty();
  }

  // Amending and withdrawing ----------------------------------------------------------------------

  @Test
  void amendingAHeldVersionSupersedesItAndTheNewVersionIsAnalysed() {
    Instruction v1 = service.submit(dpo, ACME, toVietnam(), "req-1");
    clock.advance(Duration.ofMinutes(5));

    Instruction v2 = service.amend(dpo, ACME, v1.id(), withClauses(), "req-2");

    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.state()).isEqualTo(InstructionState.CLEARED);
    assertThat(store.versions(ACME, v1.id())).extracting(Instruction::state)
        .containsExactly(InstructionState.SUPERSEDED, InstructionState.CLEARED);
    assertThat(store.find(ACME, v1.id(), 1).orElseThrow().updatedAt()).isEqualTo(clock.instant());
    assertThat(typesAbout(v1)).endsWith(EventType.INSTRUCTION_WITHDRAWN);
    assertThat(about(v1).getLast().reasons()).containsExactly("SUPERSEDED_BY_V2");
    assertThat(typesAbout(v2)).containsExactly(EventType.INSTRUCTION_RECEIVED, EventType.INSTRUCTION_ANALYSED,
        EventType.INSTRUCTION_CLEARED);
    assertThat(inForce.status(ACME, v1.id()).inForce()).contains(v2);
  }

  @Test
  void anInfringingAmendmentOfAClearedVersionLeavesTheClearedOneInForceUntilResolved() {
    Instruction v1 = service.submit(dpo, ACME, clean(), "req-1");
    clock.advance(Duration.ofMinutes(5));

    Instruction v2 = service.amend(dpo, ACME, v1.id(), toVietnam(), "req-2");

    assertThat(v2.state()).isEqualTo(InstructionState.HELD);
    InstructionsInForce.Status status = inForce.status(ACME, v1.id());
    assertThat(status.inForce()).as("the cleared version stays in force").contains(v1);
    assertThat(status.latest()).contains(v2);
    assertThat(outbox.byReference(ACME, v2.ref())).hasSize(2);

    clock.advance(Duration.ofMinutes(5));
    service.confirm(dpo, ACME, v1.id(), 2, JUSTIFICATION, "req-3");
    assertThat(inForce.status(ACME, v1.id()).inForce()).as("still v1 while v2 waits for the officer").contains(v1);
    Instruction applied = service.decide(officer, ACME, v1.id(), 2, true, "Clauses checked.", "req-4");

    assertThat(applied.state()).isEqualTo(InstructionState.APPLIED);
    assertThat(store.find(ACME, v1.id(), 1).orElseThrow().state()).as("the older version in force")
        .isEqualTo(InstructionState.SUPERSEDED);
    assertThat(inForce.status(ACME, v1.id()).inForce()).contains(applied);
    assertThat(about(v1).getLast().reasons()).containsExactly("SUPERSEDED_BY_V2");
  }

  @Test
  void withdrawingWithdrawsEveryVersionThatIsNotFinal() {
    Instruction v1 = service.submit(dpo, ACME, clean(), "req-1");
    Instruction v2 = service.amend(dpo, ACME, v1.id(), toVietnam(), "req-2");
    clock.advance(Duration.ofMinutes(1));

    Instruction result = service.withdraw(app, ACME, v1.id(), "Not needed any more.", "req-3");

    assertThat(result.version()).isEqualTo(2);
    assertThat(result.state()).isEqualTo(InstructionState.WITHDRAWN);
    assertThat(result.customerResponse().actor()).isEqualTo("key_app/customer-application");
    assertThat(result.customerResponse().note()).isEqualTo("Not needed any more.");
    assertThat(store.versions(ACME, v1.id())).extracting(Instruction::state)
        .containsExactly(InstructionState.WITHDRAWN, InstructionState.WITHDRAWN);
    assertThat(typesAbout(v1)).endsWith(EventType.INSTRUCTION_WITHDRAWN);
    assertThat(typesAbout(v2)).endsWith(EventType.INSTRUCTION_WITHDRAWN);
    assertThat(inForce.status(ACME, v1.id()).inForce()).isEmpty();
    assertThat(inForce.status(ACME, v1.id()).latest()).isEmpty();
    assertThatThrownBy(() -> service.withdraw(dpo, ACME, v1.id(), null, "req-4"))
        .isInstanceOfSatisfying(Conflict.class, c -> assertThat(c.code()).isEqualTo(ErrorCode.INSTRUCTION_STATE_CONFLICT));
    assertThatThrownBy(() -> service.amend(dpo, ACME, v1.id(), clean(), "req-5")).isInstanceOf(Conflict.class);
  }

  @Test
  void afterARefusedAmendmentTheVersionInForceCanStillBeWithdrawn() {
    Instruction v1 = service.submit(dpo, ACME, clean(), "req-1");
    service.amend(dpo, ACME, v1.id(), toVietnam(), "req-2");
    service.decide(officer, ACME, v1.id(), 2, false, "No safeguard: refused.", "req-3");
    assertThat(inForce.status(ACME, v1.id()).inForce()).as("v1 is still in force").contains(v1);

    assertThatCode(() -> service.withdraw(dpo, ACME, v1.id(), "Stop it altogether.", "req-4"))
        .as("BUG InstructionService.withdraw: it checks only the latest version (v2 REFUSED, final) and refuses,"
            + " although v1 is CLEARED and in force; the customer can no longer withdraw an instruction in force")
        .doesNotThrowAnyException();
    assertThat(store.find(ACME, v1.id(), 1).orElseThrow().state()).isEqualTo(InstructionState.WITHDRAWN);
  }

  @Test
  void afterARefusedAmendmentTheVersionInForceCanBeAmendedAgain() {
    Instruction v1 = service.submit(dpo, ACME, clean(), "req-1");
    service.amend(dpo, ACME, v1.id(), toVietnam(), "req-2");
    service.decide(officer, ACME, v1.id(), 2, false, "No safeguard: refused.", "req-3");

    assertThatCode(() -> service.amend(dpo, ACME, v1.id(), withClauses(), "req-4"))
        .as("BUG InstructionService.amend: it checks only the latest version (v2 REFUSED, final) and refuses,"
            + " although v1 is CLEARED and in force; the customer can no longer change an instruction in force")
        .doesNotThrowAnyException();
    assertThat(store.versions(ACME, v1.id())).extracting(Instruction::state)
        .containsExactly(InstructionState.SUPERSEDED, InstructionState.REFUSED, InstructionState.CLEARED);
  }

  @Test
  void anAmendmentThatCannotBeRecordedLeavesTheHeldVersionAsItWas() {
    Instruction v1 = service.submit(dpo, ACME, toVietnam(), "req-1");
    AtomicInteger appendsLeft = new AtomicInteger(1);
    ProcessingLog failingSoon = new ProcessingLog() {
      @Override
      public long append(ProcessingEvent event) {
        if (appendsLeft.getAndDecrement() <= 0) {
          throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, "The processing record could not be made.", null);
        }
        return log.append(event);
      }

      @Override
      public List<RecordedEvent> read(CustomerId c, long from, int limit, Effect effect) {
        return log.read(c, from, limit, effect);
      }

      @Override
      public List<ActivityCount> activity(CustomerId c, java.time.Instant from, java.time.Instant to) {
        return log.activity(c, from, to);
      }
    };
    InstructionService failing = new InstructionService(store, analyser(),
        new InstructionValidator(VOCABULARY), customers, agreementStore, notices, outbox,
        inForce, failingSoon, clock);

    assertThatThrownBy(() -> failing.amend(dpo, ACME, v1.id(), withClauses(), "req-2")).isInstanceOf(Unavailable.class);

    assertThat(store.versions(ACME, v1.id())).extracting(Instruction::state)
        .as("BUG InstructionService.amend: the held version is SUPERSEDED (logged and stored) before the new version"
            + " is recorded; if recording the new version fails, v1 is final and no v2 exists, so the customer can"
            + " neither amend nor withdraw the instruction any more")
        .containsExactly(InstructionState.HELD);
    assertThatCode(() -> service.amend(dpo, ACME, v1.id(), withClauses(), "req-3")).as("a retry works")
        .doesNotThrowAnyException();
  }

  @Test
  void aNoticeIsNotRecordedAsQueuedWhenTheVersionIsNotStored() {
    InstructionStore rejecting = new InstructionStore() {
      @Override
      public boolean insert(Instruction i, List<OutgoingNotice> n) {
        return false; // another version was stored at the same time
      }

      @Override
      public boolean transition(Instruction to, InstructionState from, List<OutgoingNotice> n) {
        return store.transition(to, from, n);
      }

      @Override
      public java.util.Optional<Instruction> find(CustomerId c, InstructionId id, int version) {
        return store.find(c, id, version);
      }

      @Override
      public List<Instruction> versions(CustomerId c, InstructionId id) {
        return store.versions(c, id);
      }

      @Override
      public List<Instruction> latest(CustomerId c, InstructionState state, int limit) {
        return store.latest(c, state, limit);
      }

      @Override
      public List<Instruction> onHold(int limit) {
        return store.onHold(limit);
      }

      @Override
      public List<Instruction> current(CustomerId c) {
        return store.current(c);
      }
    };
    InstructionService racing = new InstructionService(rejecting, analyser(),
        new InstructionValidator(VOCABULARY), customers, agreementStore, notices, outbox,
        new InstructionsInForce(rejecting, Duration.ZERO), log, clock);

    assertThatThrownBy(() -> racing.submit(dpo, ACME, toVietnam(), "req-1")).isInstanceOf(Conflict.class);

    assertThat(outbox.recent(ACME, 10)).isEmpty();
    assertThat(log.all()).extracting(ProcessingEvent::type)
        .as("NOTICE_QUEUED only for notices really stored: InstructionService.record/step must call"
            + " NoticeService.recordQueued after store.insert/transition succeeded, not before")
        .doesNotContain(EventType.NOTICE_QUEUED);
  }

  // Confirming and deciding -----------------------------------------------------------------------

  @Test
  void aConfirmationNeedsAWrittenJustificationAndAHeldVersion() {
    Instruction held = service.submit(dpo, ACME, toVietnam(), "req-1");
    Instruction cleared = service.submit(dpo, ACME, clean(), "req-2");

    assertThatThrownBy(() -> service.confirm(dpo, ACME, held.id(), 1, " Because we say so!! ", "req-3"))
        .as("19 characters, once stripped").isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> service.confirm(dpo, ACME, held.id(), 1, "   ", "req-3")).isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> service.confirm(dpo, ACME, cleared.id(), 1, JUSTIFICATION, "req-3"))
        .isInstanceOfSatisfying(Conflict.class, c -> assertThat(c.code()).isEqualTo(ErrorCode.INSTRUCTION_STATE_CONFLICT));
    assertThat(store.find(ACME, held.id(), 1)).contains(held);

    Instruction confirmed = service.confirm(dpo, ACME, held.id(), 1, "Because we say so!!!", "req-4");

    assertThat(confirmed.state()).isEqualTo(InstructionState.CONFIRMED_BY_CUSTOMER);
    assertThat(confirmed.customerResponse().note()).isEqualTo("Because we say so!!!");
    assertThat(confirmed.customerResponse().actor()).isEqualTo("key_dpo/customer-dpo");
    assertThat(typesAbout(held)).endsWith(EventType.INSTRUCTION_CONFIRMED_BY_CUSTOMER);
    assertThat(inForce.status(ACME, held.id()).inForce()).as("confirmed is still not in force").isEmpty();
    assertThatThrownBy(() -> service.confirm(dpo, ACME, held.id(), 1, JUSTIFICATION, "req-5"))
        .as("only once").isInstanceOf(Conflict.class);
  }

  @Test
  void aPossibleInfringementIsAppliedOnlyAfterTheCustomerConfirmedIt() {
    Instruction held = service.submit(dpo, ACME, toVietnam(), "req-1");

    assertThatThrownBy(() -> service.decide(officer, ACME, held.id(), 1, true, "Looks fine.", "req-2"))
        .isInstanceOfSatisfying(Conflict.class, c -> assertThat(c.code()).isEqualTo(ErrorCode.INSTRUCTION_STATE_CONFLICT));
    assertThat(store.find(ACME, held.id(), 1)).contains(held);

    service.confirm(dpo, ACME, held.id(), 1, JUSTIFICATION, "req-3");
    clock.advance(Duration.ofHours(1));
    Instruction applied = service.decide(officer, ACME, held.id(), 1, true, "Clauses checked.", "req-4");

    assertThat(applied.state()).isEqualTo(InstructionState.APPLIED);
    assertThat(applied.customerResponse().note()).isEqualTo(JUSTIFICATION);
    assertThat(applied.officerDecision().actor()).isEqualTo("key_po/processor-privacy-officer");
    assertThat(applied.officerDecision().note()).isEqualTo("Clauses checked.");
    assertThat(applied.officerDecision().at()).isEqualTo(clock.instant());
    assertThat(store.find(ACME, held.id(), 1)).contains(applied);
    assertThat(inForce.status(ACME, held.id()).inForce()).contains(applied);
    assertThat(typesAbout(held)).endsWith(EventType.INSTRUCTION_APPLIED);
    List<OutgoingNotice> decided = outbox.byReference(ACME, held.ref()).stream()
        .filter(n -> n.topic().equals("instruction.decided")).toList();
    assertThat(decided).hasSize(2).allSatisfy(n -> {
      assertThat(n.textBody()).contains("applied").contains("Clauses checked.");
      assertThat(n.jsonPayload()).contains("\"decision\":\"APPLIED\"");
    });
  }

  @Test
  void anInstructionThatOnlyNeedsReviewCanBeAppliedDirectly() {
    Instruction held = service.submit(dpo, ACME, reidentify(), "req-1");
    assertThat(held.analysis().outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(outbox.byReference(ACME, held.ref())).allSatisfy(n -> assertThat(n.subjectLine()).startsWith("Needs review"));

    Instruction applied = service.decide(officer, ACME, held.id(), 1, true, "Reviewed: lawful basis exists.", "req-2");

    assertThat(applied.state()).isEqualTo(InstructionState.APPLIED);
  }

  @Test
  void theOfficerCanRefuse() {
    Instruction held = service.submit(dpo, ACME, toVietnam(), "req-1");

    Instruction refused = service.decide(officer, ACME, held.id(), 1, false, "No safeguard: refused.", "req-2");

    assertThat(refused.state()).isEqualTo(InstructionState.REFUSED);
    assertThat(store.find(ACME, held.id(), 1)).contains(refused);
    assertThat(typesAbout(held)).endsWith(EventType.INSTRUCTION_REFUSED);
    assertThat(outbox.byReference(ACME, held.ref()).stream().filter(n -> n.topic().equals("instruction.decided")))
        .hasSize(2).allSatisfy(n -> assertThat(n.jsonPayload()).contains("\"decision\":\"REFUSED\""));
    assertThat(inForce.status(ACME, held.id()).latest()).isEmpty();
    assertThatThrownBy(() -> service.decide(officer, ACME, held.id(), 1, true, "Changed my mind.", "req-3"))
        .isInstanceOf(Conflict.class);
    assertThatThrownBy(() -> service.amend(dpo, ACME, held.id(), clean(), "req-4")).isInstanceOf(Conflict.class);
  }

  @Test
  void aDecisionNeedsANote() {
    Instruction held = service.submit(dpo, ACME, toVietnam(), "req-1");

    assertThatThrownBy(() -> service.decide(officer, ACME, held.id(), 1, false, " ", "req-2"))
        .isInstanceOf(InvalidInput.class);
    assertThat(store.find(ACME, held.id(), 1)).contains(held);
  }

  // Roles and tenants -----------------------------------------------------------------------------

  @Test
  void onlyTheRightRolesActOnInstructions() {
    Instruction held = service.submit(app, ACME, toVietnam(), "req-1");

    assertThatThrownBy(() -> service.confirm(app, ACME, held.id(), 1, JUSTIFICATION, "req-2"))
        .as("the customer's application cannot confirm").isInstanceOf(Forbidden.class);
    for (Principal p : List.of(dpo, app, admin)) {
      assertThatThrownBy(() -> service.decide(p, ACME, held.id(), 1, false, "Refused by me.", "req-3"))
          .as(p.role().code() + " cannot decide").isInstanceOf(Forbidden.class);
    }
    assertThatThrownBy(() -> service.amend(admin, ACME, held.id(), clean(), "req-4")).isInstanceOf(Forbidden.class);
    assertThatThrownBy(() -> service.submit(officer, ACME, clean(), "req-5")).isInstanceOf(Forbidden.class);
    assertThat(store.find(ACME, held.id(), 1)).contains(held);
  }

  @Test
  void anotherCustomersDpoGetsNotFound() {
    customer("globex", "Gil Bates");
    Instruction held = service.submit(dpo, ACME, toVietnam(), "req-1");

    for (Runnable call : List.<Runnable>of(
        () -> service.find(globexDpo, ACME, held.id(), 1),
        () -> service.confirm(globexDpo, ACME, held.id(), 1, JUSTIFICATION, "r"),
        () -> service.withdraw(globexDpo, ACME, held.id(), null, "r"),
        () -> service.amend(globexDpo, ACME, held.id(), clean(), "r"),
        () -> service.submit(globexDpo, ACME, clean(), "r"),
        () -> service.list(globexDpo, ACME, null, 10),
        () -> service.check(globexDpo, ACME, "t", clean().fields(), null))) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(NotFound.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.CUSTOMER_NOT_FOUND));
    }
    assertThatThrownBy(() -> service.find(globexDpo, GLOBEX, held.id(), 1))
        .as("nor under its own customer").isInstanceOfSatisfying(NotFound.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INSTRUCTION_NOT_FOUND));
    assertThat(store.find(ACME, held.id(), 1)).contains(held);
  }

  @Test
  void anInstructionRecordedByTheProcessorIsAuthorisedOnlyIfTheDpoGaveIt() {
    Submission fromDpo = new Submission("Phoned in by the DPO.", clean().fields(), "  dana OKAFOR ", "DPO");
    Submission fromSomeoneElse = new Submission("Phoned in by sales.", clean().fields(), "Sam Sales", "Sales");

    Instruction authorised = service.submit(admin, ACME, fromDpo, "req-1");
    Instruction notAuthorised = service.submit(admin, ACME, fromSomeoneElse, "req-2");

    assertThat(authorised.givenBy()).isEqualTo(new Instruction.GivenBy("dana OKAFOR", "DPO", true));
    assertThat(authorised.state()).isEqualTo(InstructionState.CLEARED);
    assertThat(authorised.submittedBy()).isEqualTo("key_admin/processor-admin");
    assertThat(notAuthorised.givenBy()).isEqualTo(new Instruction.GivenBy("Sam Sales", "Sales", false));
    assertThat(notAuthorised.state()).isEqualTo(InstructionState.HELD);
    assertThat(notAuthorised.analysis().findings()).extracting(f -> f.rule()).containsExactly("EU-AUTHORITY-1");
    assertThatThrownBy(() -> service.submit(admin, ACME, clean(), "req-3")).as("the processor names who gave it")
        .isInstanceOf(InvalidInput.class);
    Instruction byKey = service.submit(app, ACME,
        new Submission("From the app.", clean().fields(), "Sam Sales", "Sales"), "req-4");
    assertThat(byKey.givenBy()).as("a customer key speaks for the customer")
        .isEqualTo(new Instruction.GivenBy(null, "customer-application", true));
  }

  // Standing instructions -------------------------------------------------------------------------

  @Test
  void acceptingAnAgreementGivesOneStandingInstructionPerPurposeAndANewVersionSupersedesThem() {
    List<Instruction> first = store.latest(ACME, null, 100);
    assertThat(first).singleElement().satisfies(s -> {
      assertThat(s.standing()).isTrue();
      assertThat(s.agreementVersion()).isEqualTo(1);
      assertThat(s.state()).isEqualTo(InstructionState.CLEARED);
      assertThat(s.fields().purpose()).isEqualTo("dpv:ServiceProvision");
      assertThat(s.givenBy().authorised()).isTrue();
      assertThat(s.submittedBy()).isEqualTo("key_dpo/customer-dpo");
    });
    assertThat(typesAbout(first.getFirst())).containsExactly(EventType.INSTRUCTION_RECEIVED,
        EventType.INSTRUCTION_ANALYSED, EventType.INSTRUCTION_CLEARED);
    assertThat(about(first.getFirst()).getFirst().reasons()).containsExactly("STANDING");
    clock.advance(Duration.ofDays(1));

    accept(ACME, dpo, terms("dpv:ServiceProvision", "dpv:CustomerOrderManagement"));

    List<Instruction> all = store.latest(ACME, null, 100);
    List<Instruction> second = all.stream().filter(i -> i.agreementVersion() == 2).toList();
    assertThat(second).hasSize(2).allSatisfy(s -> {
      assertThat(s.standing()).isTrue();
      assertThat(s.state()).isEqualTo(InstructionState.CLEARED);
    });
    assertThat(second).extracting(s -> s.fields().purpose())
        .containsExactlyInAnyOrder("dpv:ServiceProvision", "dpv:CustomerOrderManagement");
    assertThat(store.find(ACME, first.getFirst().id(), 1).orElseThrow().state()).isEqualTo(InstructionState.SUPERSEDED);
    assertThat(about(first.getFirst()).getLast().reasons()).containsExactly("AGREEMENT_SUPERSEDED");
    assertThat(store.current(ACME)).containsExactlyInAnyOrderElementsOf(second);
    assertThatThrownBy(() -> service.amend(dpo, ACME, second.getFirst().id(), clean(), "req-1"))
        .as("a standing instruction changes only by a new agreement version").isInstanceOf(Conflict.class);
  }

  @Test
  void aStandingClauseThatIsHeldIsNotInForceUntilDecided() {
    clock.advance(Duration.ofDays(1));
    accept(ACME, dpo, terms("dpv:ServiceProvision", "dpv:FraudPreventionAndDetection"));

    Instruction held = store.latest(ACME, InstructionState.HELD, 10).getFirst();
    assertThat(held.standing()).isTrue();
    assertThat(held.fields().purpose()).isEqualTo("dpv:FraudPreventionAndDetection");
    assertThat(held.analysis().outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(outbox.byReference(ACME, held.ref())).hasSize(2)
        .allSatisfy(n -> assertThat(n.textBody()).contains("given by accepting agreement version 2"));
    assertThat(inForce.standing(ACME, 2, "dpv:FraudPreventionAndDetection"))
        .isEqualTo(new InstructionsInForce.Standing(InstructionsInForce.StandingState.ON_HOLD, held));
    assertThat(inForce.standing(ACME, 2, "dpv:ServiceProvision").state()).isEqualTo(InstructionsInForce.StandingState.IN_FORCE);
    assertThat(inForce.standing(ACME, 2, "dpv:Marketing").state()).as("no such clause: nothing analysed")
        .isEqualTo(InstructionsInForce.StandingState.NOT_ANALYSED);
    assertThatThrownBy(() -> service.withdraw(dpo, ACME, held.id(), null, "r")).isInstanceOf(Conflict.class);

    service.decide(officer, ACME, held.id(), 1, true, "Reviewed: fraud screening is expected here.", "req-1");

    assertThat(inForce.standing(ACME, 2, "dpv:FraudPreventionAndDetection").state())
        .isEqualTo(InstructionsInForce.StandingState.IN_FORCE);
  }

  @Test
  void standingInstructionsMissingAfterAFailedAcceptanceAreRepairedAndNothingIsDoubled() {
    clock.advance(Duration.ofDays(1));
    accept(ACME, dpo, terms("dpv:ServiceProvision", "dpv:FraudPreventionAndDetection"));
    int before = store.current(ACME).size();

    assertThat(service.ensureStanding(ACME)).as("all clauses already have theirs").isEmpty();
    assertThat(store.current(ACME)).hasSize(before);
  }

  // The dry run -----------------------------------------------------------------------------------

  @Test
  void aCheckStoresAndLogsNothing() {
    int logged = log.all().size();
    List<Instruction> stored = store.latest(ACME, null, 100);

    Analysis infringing = service.check(app, ACME, null, toVietnam().fields(), null);
    Analysis notAuthorised = service.check(admin, ACME, "Phoned in.", clean().fields(), false);
    Analysis clean = service.check(dpo, ACME, "Planned.", clean().fields(), true);

    assertThat(infringing.outcome()).isEqualTo(Outcome.POSSIBLE_INFRINGEMENT);
    assertThat(infringing.findings()).extracting(f -> f.rule()).containsExactly("EU-TRANSFER-1");
    assertThat(notAuthorised.findings()).extracting(f -> f.rule()).containsExactly("EU-AUTHORITY-1");
    assertThat(clean.outcome()).isEqualTo(Outcome.NO_INFRINGEMENT_FOUND);
    assertThat(log.all()).hasSize(logged);
    assertThat(store.latest(ACME, null, 100)).isEqualTo(stored);
    assertThat(outbox.recent(ACME, 100)).isEmpty();
  }
}
