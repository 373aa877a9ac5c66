package dev.mandate.testkit;

import static org.assertj.core.api.Assertions.fail;

import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementService;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.TermsValidator;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.CustomerDraft;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.decision.CompiledAgreement;
import dev.mandate.core.decision.ConsentLookup;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.DecisionPoint;
import dev.mandate.core.decision.DecisionRequest;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.decision.InForceAgreements;
import dev.mandate.core.decision.InstructionContext;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.Forbidden;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionAnalyser;
import dev.mandate.core.instruction.InstructionFields;
import dev.mandate.core.instruction.InstructionFields.Transfer;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionService;
import dev.mandate.core.instruction.InstructionService.Submission;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.core.instruction.InstructionValidator;
import dev.mandate.core.instruction.InstructionsInForce;
import dev.mandate.core.instruction.InstructionsInForce.StandingState;
import dev.mandate.core.instruction.Outcome;
import dev.mandate.core.instruction.Rule;
import dev.mandate.core.notice.NoticeService;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the instruction lifecycle (ISO 27701 8.2.4, PR-824-01…04), checked after every
 * step of random histories: submissions (clean, a transfer to Vietnam without a safeguard, one that
 * needs review, one phoned in to the processor), amendments, withdrawals, confirmations (some with a
 * justification too short), the officer's decisions (some on an old version), new agreement
 * versions (whose standing instructions {@code ensureStanding} gives through the agreement service's
 * hook), the repair run, the clock, and another customer's DPO reaching for the first customer's
 * instructions. In-memory adapters and the small rule book of {@link InstructionServiceTest}.
 *
 * <p>An operation may fail as the API would (Conflict, InvalidInput, Forbidden, NotFound); any other
 * exception fails every property. Seeded and reproducible: a failure names its seed, the operations
 * and a minimised sequence that still fails; {@code -Dmandate.properties.seeds=17} (or {@code 1-500})
 * replays it.
 */
class InstructionLifecycleProperties {
  static final Vocabulary VOCABULARY = Vocabulary.dpv();
  static final DecisionPoint DECISION_POINT = new DecisionPoint(VOCABULARY);
  static final InstructionAnalyser ANALYSER = InstructionServiceTest.analyser();
  static final CustomerId ACME = new CustomerId("acme");
  static final CustomerId GLOBEX = new CustomerId("globex");
  static final List<CustomerId> CUSTOMERS = List.of(ACME, GLOBEX);
  static final String SERVICE = "dpv:ServiceProvision";
  /** Optional purposes of generated agreements; fraud screening is a clause the analyser holds for review. */
  static final List<String> EXTRA_PURPOSES = List.of("dpv:CustomerOrderManagement", "dpv:FraudPreventionAndDetection");
  static final String JUSTIFICATION = "Our legal team has signed clauses with Archive Co; copy attached.";

  static LongStream seeds() {
    String configured = System.getProperty("mandate.properties.seeds", "1-100");
    String[] range = configured.split("-");
    long from = Long.parseLong(range[0].trim());
    long to = range.length > 1 ? Long.parseLong(range[1].trim()) : from;
    return LongStream.rangeClosed(from, to);
  }

  static AgreementTerms terms(List<String> purposes) {
    return InstructionServiceTest.terms(purposes.toArray(String[]::new));
  }

  /** ServiceProvision always, and the extra purposes whose bit is set. */
  static List<String> purposes(int mask) {
    List<String> out = new ArrayList<>(List.of(SERVICE));
    for (int b = 0; b < EXTRA_PURPOSES.size(); b++) {
      if ((mask & (1 << b)) != 0) {
        out.add(EXTRA_PURPOSES.get(b));
      }
    }
    return out;
  }

  static InstructionFields fields(List<Transfer> transfers, Boolean reidentify) {
    return InstructionServiceTest.fields(transfers, reidentify);
  }

  enum Fields {
    CLEAN, INFRINGING, REVIEW;

    Submission submission(String givenByName) {
      return switch (this) {
        case CLEAN -> new Submission("Store customer names for order handling in France.", fields(List.of(), null),
            givenByName, givenByName == null ? null : "DPO");
        case INFRINGING -> new Submission("Archive customer names with Archive Co in Vietnam.",
            fields(List.of(new Transfer("VN", "Archive Co", null, null, null)), null), givenByName,
            givenByName == null ? null : "DPO");
        case REVIEW -> new Submission("Re-identify the pseudonymised order records.", fields(List.of(), true),
            givenByName, givenByName == null ? null : "DPO");
      };
    }
  }

  enum Type { SUBMIT, SUBMIT_BY_PROCESSOR, AMEND, WITHDRAW, CONFIRM, DECIDE, ACCEPT_AGREEMENT, ENSURE_STANDING, ADVANCE, OTHER_TENANT }

  /**
   * One operation, concrete enough to replay a subsequence: {@code target} indexes the customer's
   * submitted instructions (negative: its standing ones, live ones first, then by agreement version
   * and purpose), {@code
   * back} how many versions before the latest, {@code flag} apply / a valid justification / the
   * customer's application key / the DPO's own name, {@code n} the purposes mask, minutes, or the
   * other-tenant call.
   */
  record Op(Type type, int customer, int target, int back, Fields fields, boolean flag, int n) {
    @Override
    public String toString() {
      String c = CUSTOMERS.get(customer).value();
      return switch (type) {
        case SUBMIT -> "submit " + fields + " to " + c + (flag ? " by app" : " by dpo");
        case SUBMIT_BY_PROCESSOR -> "submit " + fields + " to " + c + " by admin, given by " + (flag ? "the DPO" : "Sam Sales");
        case AMEND -> "amend " + c + "#" + target + " with " + fields + (flag ? " by app" : " by dpo");
        case WITHDRAW -> "withdraw " + c + "#" + target + (flag ? " by app" : " by dpo");
        case CONFIRM -> "confirm " + c + "#" + target + " latest-" + back + (flag ? "" : " (justification too short)")
            + (n == 1 ? " by app" : "");
        case DECIDE -> "officer " + (flag ? "APPLY" : "REFUSE") + " " + c + "#" + target + " latest-" + back;
        case ACCEPT_AGREEMENT -> "accept new agreement for " + c + " with " + purposes(n);
        case ENSURE_STANDING -> "ensureStanding(" + c + ")";
        case ADVANCE -> "advance " + n + " min";
        case OTHER_TENANT -> "globex DPO " + List.of("find", "versions", "notices", "confirm", "withdraw", "amend",
            "decide", "list").get(n) + " on acme#" + target + " latest-" + back + " under "
            + (flag || n == 6 || n == 7 ? "acme" : "globex");
      };
    }
  }

  static List<Op> generate(long seed) {
    Random r = new Random(seed);
    boolean second = r.nextInt(3) == 0;
    int max = 1 + r.nextInt(3);
    int length = 10 + r.nextInt(31);
    int[] submitted = new int[2];
    List<Op> ops = new ArrayList<>();
    while (ops.size() < length) {
      int c = second && r.nextInt(4) == 0 ? 1 : 0;
      int target = r.nextInt(5) == 0 ? -1 - r.nextInt(3) : r.nextInt(3);
      int back = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
      Fields f = Fields.values()[r.nextInt(3)];
      int roll = r.nextInt(100);
      Op op;
      if (roll < 14 || submitted[c] == 0) {
        if (submitted[c] >= max) {
          continue;
        }
        submitted[c]++;
        op = r.nextInt(6) == 0 ? new Op(Type.SUBMIT_BY_PROCESSOR, c, 0, 0, f, r.nextBoolean(), 0)
            : new Op(Type.SUBMIT, c, 0, 0, f, r.nextInt(4) == 0, 0);
      } else if (roll < 32) {
        op = new Op(Type.AMEND, c, target, 0, f, r.nextInt(4) == 0, 0);
      } else if (roll < 39) {
        op = new Op(Type.WITHDRAW, c, target, 0, f, r.nextInt(4) == 0, 0);
      } else if (roll < 55) {
        op = new Op(Type.CONFIRM, c, target, back, f, r.nextInt(5) != 0, r.nextInt(8) == 0 ? 1 : 0);
      } else if (roll < 73) {
        op = new Op(Type.DECIDE, c, target, back, f, r.nextInt(3) != 0, 0);
      } else if (roll < 79) {
        op = new Op(Type.ACCEPT_AGREEMENT, c, 0, 0, f, false, r.nextInt(4));
      } else if (roll < 81) {
        op = new Op(Type.ENSURE_STANDING, c, 0, 0, f, false, 0);
      } else if (roll < 89) {
        op = new Op(Type.ADVANCE, c, 0, 0, f, false, 1 + r.nextInt(3 * 24 * 60));
      } else {
        if (!second) {
          continue;
        }
        op = new Op(Type.OTHER_TENANT, 0, Math.abs(target), back, f, r.nextBoolean(), r.nextInt(8));
      }
      ops.add(op);
    }
    return ops;
  }

  // ---------------------------------------------------------------------------------------------
  // The world the operations run in, as InstructionServiceTest sets it up

  static Principal principal(String key, Role role, Set<CustomerId> customers) {
    return InstructionServiceTest.principal(key, role, customers);
  }

  static final class World {
    final MutableClock clock = MutableClock.at("2026-06-01T09:00:00.123456Z");
    final InMemoryProcessingLog log = new InMemoryProcessingLog();
    final InMemoryNoticeOutbox outbox = new InMemoryNoticeOutbox();
    final InMemoryInstructionStore store = new InMemoryInstructionStore(outbox);
    final InMemoryAgreementStore agreementStore = new InMemoryAgreementStore();
    final CustomerService customers = new CustomerService(new InMemoryCustomerStore(), log, clock);
    final NoticeService notices = new NoticeService(outbox, log, customers::find, clock);
    final InstructionsInForce inForce = new InstructionsInForce(store, Duration.ZERO);
    final InForceAgreements agreementsInForce = new InForceAgreements(agreementStore, DECISION_POINT, Duration.ZERO);
    final InstructionService service = new InstructionService(store, ANALYSER, new InstructionValidator(VOCABULARY),
        customers, agreementStore, notices, outbox, inForce, log, clock);
    final AgreementService agreements = new AgreementService(agreementStore, customers, new TermsValidator(VOCABULARY),
        agreementsInForce, log, clock, service::ensureStanding);

    final Principal admin = principal("key_admin", Role.PROCESSOR_ADMIN, Set.of());
    final Principal officer = principal("key_po", Role.PRIVACY_OFFICER, Set.of());
    final List<Principal> dpo = List.of(principal("key_dpo", Role.CUSTOMER_DPO, Set.of(ACME)),
        principal("key_gdpo", Role.CUSTOMER_DPO, Set.of(GLOBEX)));
    final List<Principal> app = List.of(principal("key_app", Role.CUSTOMER_APPLICATION, Set.of(ACME)),
        principal("key_gapp", Role.CUSTOMER_APPLICATION, Set.of(GLOBEX)));
    final List<String> dpoName = List.of("Dana  Okafor", "Gil Bates");

    /** The instructions submitted per customer, in order. */
    final List<List<InstructionId>> submitted = List.of(new ArrayList<>(), new ArrayList<>());
    /** Every state each version was seen in after an operation, by ref. */
    final Map<String, List<InstructionState>> seen = new LinkedHashMap<>();
    /** The state of each version before the last operation. */
    Map<String, InstructionState> before = Map.of();
    /** What the last repair run created (nothing, if every clause has its standing instruction). */
    List<Instruction> repaired = List.of();
    /** The outcome of the last other-tenant call, and whether acme's instructions were left as they were. */
    String otherTenant = null;
    int request = 0;

    World() {
      for (int c = 0; c < 2; c++) {
        String id = CUSTOMERS.get(c).value();
        customers.create(admin, new CustomerDraft(id, "Customer " + id, Set.of("EU-GDPR"),
            new Contact(dpoName.get(c), "dpo@" + id + ".example", null),
            List.of(new NotificationEndpoint(Kind.WEBHOOK, "https://" + id + ".example/hooks"),
                new NotificationEndpoint(Kind.EMAIL, "privacy@" + id + ".example"))), "r-customer");
        accept(c, 0);
      }
      observe();
    }

    String req() {
      return "req-" + (++request);
    }

    void accept(int c, int mask) {
      CustomerId id = CUSTOMERS.get(c);
      int version = agreements.draft(admin, id, terms(purposes(mask)), req()).version();
      agreements.offer(admin, id, version, req());
      agreements.accept(dpo.get(c), id, version, null, req());
    }

    List<Instruction> all(CustomerId c) {
      List<Instruction> out = new ArrayList<>();
      for (Instruction latest : store.latest(c, null, 100_000)) {
        out.addAll(store.versions(c, latest.id()));
      }
      return out;
    }

    List<Instruction> all() {
      List<Instruction> out = new ArrayList<>();
      CUSTOMERS.forEach(c -> out.addAll(all(c)));
      return out;
    }

    Optional<InstructionId> target(int c, int target) {
      if (target >= 0) {
        List<InstructionId> ids = submitted.get(c);
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(target % ids.size()));
      }
      List<Instruction> standing = store.latest(CUSTOMERS.get(c), null, 100_000).stream().filter(Instruction::standing)
          .sorted(Comparator.comparing((Instruction i) -> i.state().isFinal())
              .thenComparing(Comparator.comparingInt(Instruction::agreementVersion).reversed())
              .thenComparing(i -> i.fields().purpose()))
          .toList();
      return standing.isEmpty() ? Optional.empty()
          : Optional.of(standing.get((-1 - target) % standing.size()).id());
    }

    int version(int c, InstructionId id, int back) {
      List<Instruction> versions = store.versions(CUSTOMERS.get(c), id);
      return Math.max(1, versions.isEmpty() ? 1 : versions.getLast().version() - back);
    }

    /** Runs one operation; the failures the API reports are expected, anything else is not. */
    void run(Op op) {
      before = new HashMap<>();
      all().forEach(i -> before.put(i.ref(), i.state()));
      try {
        apply(op);
      } catch (Conflict | InvalidInput | Forbidden | NotFound expected) {
        // refused as the API would refuse it
      } catch (RuntimeException e) {
        throw new AssertionError("unexpected " + e.getClass().getName() + " from '" + op + "': " + e.getMessage(), e);
      }
      observe();
    }

    private void apply(Op op) {
      int c = op.customer();
      CustomerId id = CUSTOMERS.get(c);
      Principal customerKey = op.flag() ? app.get(c) : dpo.get(c);
      switch (op.type()) {
        case SUBMIT -> submitted.get(c).add(service.submit(customerKey, id, op.fields().submission(null), req()).id());
        case SUBMIT_BY_PROCESSOR -> submitted.get(c).add(service.submit(admin, id,
            op.fields().submission(op.flag() ? dpoName.get(c) : "Sam Sales"), req()).id());
        case AMEND -> {
          Optional<InstructionId> t = target(c, op.target());
          if (t.isPresent()) {
            service.amend(customerKey, id, t.get(), op.fields().submission(null), req());
          }
        }
        case WITHDRAW -> {
          Optional<InstructionId> t = target(c, op.target());
          if (t.isPresent()) {
            service.withdraw(customerKey, id, t.get(), op.flag() ? null : "Not needed any more.", req());
          }
        }
        case CONFIRM -> {
          Optional<InstructionId> t = target(c, op.target());
          if (t.isPresent()) {
            service.confirm(op.n() == 1 ? app.get(c) : dpo.get(c), id, t.get(), version(c, t.get(), op.back()),
                op.flag() ? JUSTIFICATION : " Because we say so!! ", req());
          }
        }
        case DECIDE -> {
          Optional<InstructionId> t = target(c, op.target());
          if (t.isPresent()) {
            service.decide(officer, id, t.get(), version(c, t.get(), op.back()), op.flag(),
                op.flag() ? "Reviewed: clauses checked." : "No safeguard: refused.", req());
          }
        }
        case ACCEPT_AGREEMENT -> accept(c, op.n());
        case ENSURE_STANDING -> repaired = service.ensureStanding(id);
        case ADVANCE -> clock.advance(Duration.ofMinutes(op.n()));
        case OTHER_TENANT -> otherTenant(op);
      }
    }

    /** The other customer's DPO reaches for an acme instruction, under acme's id or its own. */
    private void otherTenant(Op op) {
      Optional<InstructionId> t = target(0, op.target());
      if (t.isEmpty()) {
        otherTenant = null;
        return;
      }
      InstructionId ins = t.get();
      int v = version(0, ins, op.back());
      // under its own id the DPO's role is checked before the instruction is looked up: deciding is
      // Forbidden there whoever's instruction it is, so that call goes under acme's id only
      CustomerId under = op.flag() || op.n() == 6 ? ACME : GLOBEX;
      Principal g = dpo.get(1);
      List<Instruction> acmeBefore = all(ACME);
      int logged = log.all().size();
      String outcome;
      try {
        switch (op.n()) {
          case 0 -> service.find(g, under, ins, v);
          case 1 -> service.versions(g, under, ins);
          case 2 -> service.notices(g, under, ins);
          case 3 -> service.confirm(g, under, ins, v, JUSTIFICATION, req());
          case 4 -> service.withdraw(g, under, ins, "Ours now.", req());
          case 5 -> service.amend(g, under, ins, Fields.CLEAN.submission(null), req());
          case 6 -> service.decide(g, under, ins, v, true, "Applied by someone else.", req());
          default -> service.list(g, ACME, null, 100);
        }
        outcome = "succeeded";
      } catch (NotFound e) {
        outcome = "NotFound";
      } catch (RuntimeException e) {
        outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (!all(ACME).equals(acmeBefore)) {
        outcome += " and changed acme's instructions";
      }
      if (log.all().size() != logged) {
        outcome += " and logged something";
      }
      otherTenant = outcome;
    }

    void observe() {
      for (Instruction i : all()) {
        List<InstructionState> states = seen.computeIfAbsent(i.ref(), k -> new ArrayList<>(
            List.of(i.analysis().outcome().holds() ? InstructionState.HELD : InstructionState.CLEARED)));
        if (states.getLast() != i.state()) {
          states.add(i.state());
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running, checking and minimising

  interface Property {
    void check(World w, Op last);
  }

  /** Runs the operations and checks after each; the failure message, or null if it held throughout. */
  static String failure(List<Op> ops, Property property) {
    World w;
    try {
      w = new World();
      property.check(w, null);
    } catch (AssertionError | RuntimeException e) {
      return "before any operation: " + e.getMessage();
    }
    for (int k = 0; k < ops.size(); k++) {
      try {
        w.run(ops.get(k));
        property.check(w, ops.get(k));
      } catch (AssertionError | RuntimeException e) {
        return "after operation " + (k + 1) + " (" + ops.get(k) + "): " + e.getMessage();
      }
    }
    return null;
  }

  static void check(String name, long seed, Property property) {
    List<Op> ops = generate(seed);
    String failure = failure(ops, property);
    if (failure == null) {
      return;
    }
    List<Op> small = new ArrayList<>(ops);
    String smallFailure = failure;
    boolean shrunk = true;
    while (shrunk) {
      shrunk = false;
      for (int k = small.size() - 1; k >= 0; k--) {
        List<Op> fewer = new ArrayList<>(small);
        fewer.remove(k);
        String f = failure(fewer, property);
        if (f != null) {
          small = fewer;
          smallFailure = f;
          shrunk = true;
        }
      }
    }
    fail("%s fails for seed %d%n  %s%n  minimised (%d of %d operations):%n%s%n  fails %s%n  all operations:%n%s%n"
            + "  replay: -Dtest=InstructionLifecycleProperties -Dmandate.properties.seeds=%d",
        name, seed, failure, small.size(), ops.size(), numbered(small), smallFailure, numbered(ops), seed);
  }

  static String numbered(List<Op> ops) {
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < ops.size(); k++) {
      s.append(String.format("    %2d. %s%n", k + 1, ops.get(k)));
    }
    return s.toString();
  }

  static Map<String, List<ProcessingEvent>> logByRef(World w) {
    Map<String, List<ProcessingEvent>> out = new HashMap<>();
    for (ProcessingEvent e : w.log.all()) {
      if (e.recordRef() != null && e.recordRef().startsWith("instruction:")) {
        out.computeIfAbsent(e.recordRef(), k -> new ArrayList<>()).add(e);
      }
    }
    return out;
  }

  static EventType entryFor(InstructionState to) {
    return switch (to) {
      case APPLIED -> EventType.INSTRUCTION_APPLIED;
      case REFUSED -> EventType.INSTRUCTION_REFUSED;
      case WITHDRAWN, SUPERSEDED -> EventType.INSTRUCTION_WITHDRAWN;
      case CONFIRMED_BY_CUSTOMER -> EventType.INSTRUCTION_CONFIRMED_BY_CUSTOMER;
      case CLEARED -> EventType.INSTRUCTION_CLEARED;
      case HELD -> EventType.INSTRUCTION_HELD;
    };
  }

  /** The log entries a version's state changes need, in order. */
  static List<EventType> changeEntries(World w, Instruction i) {
    List<InstructionState> states = w.seen.get(i.ref());
    return states.subList(1, states.size()).stream().map(InstructionLifecycleProperties::entryFor).toList();
  }

  static DecisionRequest request(CustomerId c, String purpose, World w) {
    return new DecisionRequest(c, null, purpose, "dpv:Store", List.of("pd:Name"), "dpv:Customer", w.clock.instant(),
        null, null, null, false);
  }

  static Decision decide(World w, CustomerId c, String purpose, InstructionsInForce.Status named) {
    CompiledAgreement compiled = w.agreementsInForce.get(c).orElse(null);
    return DECISION_POINT.decide(request(c, purpose, w), compiled, ConsentLookup.NO_SUBJECT,
        InstructionContext.of(w.inForce, c, named));
  }

  // ---------------------------------------------------------------------------------------------
  // The generator

  /**
   * The histories reach what the properties are about: possible infringements confirmed and
   * applied, refusals, withdrawals, supersessions, standing clauses held and refused, decisions on
   * an old version, and the other customer's calls.
   */
  @org.junit.jupiter.api.Test
  void theGeneratorReachesEveryStep() {
    Map<String, Integer> reached = new java.util.TreeMap<>();
    seeds().forEach(seed -> {
      World w = new World();
      for (Op op : generate(seed)) {
        w.run(op);
        reached.merge("op " + op.type(), 1, Integer::sum);
      }
      for (Instruction i : w.all()) {
        String kind = (i.standing() ? "standing " : "") + i.analysis().outcome();
        for (InstructionState s : w.seen.get(i.ref())) {
          reached.merge(kind + " " + s, 1, Integer::sum);
        }
      }
    });
    for (String needed : List.of("POSSIBLE_INFRINGEMENT CONFIRMED_BY_CUSTOMER", "POSSIBLE_INFRINGEMENT APPLIED",
        "POSSIBLE_INFRINGEMENT REFUSED", "POSSIBLE_INFRINGEMENT WITHDRAWN", "POSSIBLE_INFRINGEMENT SUPERSEDED",
        "NEEDS_REVIEW APPLIED", "NEEDS_REVIEW REFUSED", "NO_INFRINGEMENT_FOUND SUPERSEDED",
        "NO_INFRINGEMENT_FOUND WITHDRAWN", "standing NEEDS_REVIEW HELD", "standing NEEDS_REVIEW APPLIED",
        "standing NEEDS_REVIEW REFUSED", "standing NO_INFRINGEMENT_FOUND SUPERSEDED", "op OTHER_TENANT",
        "op ENSURE_STANDING", "op SUBMIT_BY_PROCESSOR")) {
      if (reached.getOrDefault(needed, 0) == 0) {
        fail("no history reaches %s; reached: %s", needed, reached);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The properties

  /** 1. At most one version of each instruction is in force (CLEARED or APPLIED). */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void atMostOneVersionIsInForce(long seed) {
    check("1 at most one version in force", seed, (w, op) -> {
      for (CustomerId c : CUSTOMERS) {
        for (Instruction latest : w.store.latest(c, null, 100_000)) {
          List<Instruction> inForce = w.store.versions(c, latest.id()).stream().filter(i -> i.state().inForce()).toList();
          if (inForce.size() > 1) {
            fail("%s has %d versions in force: %s", latest.id().value(), inForce.size(),
                inForce.stream().map(i -> "v" + i.version() + " " + i.state()).toList());
          }
        }
      }
    });
  }

  /**
   * 2. A possible infringement takes effect only after the customer confirmed it in writing and the
   * privacy officer decided (PR-824-03): APPLIED only with a customer response and an officer
   * decision, and only from CONFIRMED_BY_CUSTOMER.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aPossibleInfringementIsAppliedOnlyAfterConfirmationAndDecision(long seed) {
    check("2 possible infringement applied only after confirmation and decision", seed, (w, op) -> {
      for (Instruction i : w.all()) {
        boolean infringes = i.analysis().outcome() == Outcome.POSSIBLE_INFRINGEMENT
            || i.analysis().findings().stream().anyMatch(f -> f.severity() == Rule.Severity.INFRINGES);
        if (!infringes) {
          continue;
        }
        if (i.state().inForce()) {
          if (i.state() != InstructionState.APPLIED || i.customerResponse() == null || i.officerDecision() == null) {
            fail("%s (%s) is %s with customer response %s and officer decision %s", i.ref(), i.analysis().outcome(),
                i.state(), i.customerResponse(), i.officerDecision());
          }
        }
        List<InstructionState> states = w.seen.get(i.ref());
        int applied = states.indexOf(InstructionState.APPLIED);
        if (applied >= 0 && states.get(applied - 1) != InstructionState.CONFIRMED_BY_CUSTOMER) {
          fail("%s (%s) went %s", i.ref(), i.analysis().outcome(), states);
        }
      }
    });
  }

  /**
   * 3. A version not in force is never reported in force, and a request under a named instruction
   * is denied unless some version of it is in force.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void onlyAVersionInForceIsReportedInForceAndPermits(long seed) {
    check("3 a version not in force is not reported in force; a named instruction not in force denies", seed, (w, op) -> {
      for (CustomerId c : CUSTOMERS) {
        for (Instruction latest : w.store.latest(c, null, 100_000)) {
          List<Instruction> versions = w.store.versions(c, latest.id());
          Optional<Instruction> stored = versions.stream().filter(i -> i.state().inForce()).reduce((a, b) -> b);
          InstructionsInForce.Status status = w.inForce.status(c, latest.id());
          for (Instruction v : versions) {
            if (!v.state().inForce() && status.inForce().map(s -> s.version() == v.version()).orElse(false)) {
              fail("%s is %s but reported in force", v.ref(), v.state());
            }
          }
          if (!status.inForce().map(Instruction::version).equals(stored.map(Instruction::version))) {
            fail("%s: in force is reported as %s, the store has %s", latest.id().value(),
                status.inForce().map(Instruction::ref), stored.map(Instruction::ref));
          }
          Decision d = decide(w, c, latest.fields().purpose(), status);
          if (stored.isEmpty() && d.effect() != Effect.DENY) {
            fail("a request under %s was %s although no version is in force (%s)", latest.id().value(), d.effect(),
                versions.stream().map(i -> "v" + i.version() + " " + i.state()).toList());
          }
          Decision viaStatusOfNone = decide(w, c, latest.fields().purpose(),
              new InstructionsInForce.Status(Optional.empty(), Optional.of(latest)));
          if (viaStatusOfNone.effect() != Effect.DENY) {
            fail("a request under %s (%s, none in force) was %s", latest.ref(), latest.state(), viaStatusOfNone.effect());
          }
        }
      }
    });
  }

  /** 4. REFUSED, WITHDRAWN and SUPERSEDED are final: once there, a version stays. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void finalStatesNeverChange(long seed) {
    check("4 final states never change", seed, (w, op) -> {
      Set<String> stored = new java.util.HashSet<>();
      for (Instruction i : w.all()) {
        stored.add(i.ref());
        InstructionState was = w.before.get(i.ref());
        if (was != null && was.isFinal() && was != i.state()) {
          fail("%s went from %s to %s", i.ref(), was, i.state());
        }
      }
      w.before.keySet().stream().filter(ref -> !stored.contains(ref)).findFirst()
          .ifPresent(ref -> fail("%s was stored and is gone", ref));
    });
  }

  /**
   * 5. Every stored version was received, analysed, then held or cleared in the log; every state
   * change has its entry, in order; and the log shows no version held or cleared that was not
   * stored, unless an INSTRUCTION_NOT_RECORDED closes it.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyStepIsInTheProcessingLog(long seed) {
    check("5 every step is in the processing log", seed, (w, op) -> {
      Map<String, List<ProcessingEvent>> byRef = logByRef(w);
      Set<String> stored = new java.util.HashSet<>();
      for (Instruction i : w.all()) {
        stored.add(i.ref());
        List<EventType> types = byRef.getOrDefault(i.ref(), List.of()).stream().map(ProcessingEvent::type).toList();
        EventType opened = i.analysis().outcome().holds() ? EventType.INSTRUCTION_HELD : EventType.INSTRUCTION_CLEARED;
        if (types.size() < 3 || !types.subList(0, 3).equals(List.of(EventType.INSTRUCTION_RECEIVED,
            EventType.INSTRUCTION_ANALYSED, opened))) {
          fail("%s (%s) is logged as %s", i.ref(), i.analysis().outcome(), types);
        }
        List<EventType> needed = changeEntries(w, i);
        List<EventType> rest = types.subList(3, types.size());
        int at = 0;
        for (EventType t : rest) {
          if (at < needed.size() && t == needed.get(at)) {
            at++;
          }
        }
        if (at < needed.size()) {
          fail("%s went %s but is logged as %s", i.ref(), w.seen.get(i.ref()), types);
        }
      }
      for (Map.Entry<String, List<ProcessingEvent>> e : byRef.entrySet()) {
        List<EventType> types = e.getValue().stream().map(ProcessingEvent::type).toList();
        boolean shown = types.contains(EventType.INSTRUCTION_HELD) || types.contains(EventType.INSTRUCTION_CLEARED);
        if (shown && !stored.contains(e.getKey()) && types.getLast() != EventType.INSTRUCTION_NOT_RECORDED) {
          fail("%s is logged as %s but not stored", e.getKey(), types);
        }
      }
    });
  }

  /**
   * 5b. The log records the steps that happened and no others: after the opening entries, a
   * version's entries are exactly its state changes (a step whose store write did not happen is
   * closed like a version that was not recorded, or not logged at all).
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theLogRecordsNoStepThatDidNotHappen(long seed) {
    check("5b the log records no step that did not happen", seed, (w, op) -> {
      Map<String, List<ProcessingEvent>> byRef = logByRef(w);
      for (Instruction i : w.all()) {
        List<ProcessingEvent> events = byRef.getOrDefault(i.ref(), List.of());
        List<EventType> rest = events.stream().skip(3).map(ProcessingEvent::type).toList();
        if (!rest.equals(changeEntries(w, i))) {
          fail("%s went %s but after its opening entries the log has %s", i.ref(), w.seen.get(i.ref()),
              events.stream().skip(3).map(e -> e.type() + e.reasons().toString()).toList());
        }
      }
    });
  }

  /**
   * 6. Every notice in the outbox is about a stored version, and the log has one NOTICE_QUEUED per
   * notice in the outbox.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyNoticeIsAboutAStoredVersionAndLoggedOnce(long seed) {
    check("6 notices reference stored versions; NOTICE_QUEUED = outbox", seed, (w, op) -> {
      int notices = 0;
      for (CustomerId c : CUSTOMERS) {
        Set<String> refs = new java.util.HashSet<>(w.all(c).stream().map(Instruction::ref).toList());
        for (OutgoingNotice n : w.outbox.recent(c, 100_000)) {
          notices++;
          if (!refs.contains(n.reference())) {
            fail("notice %s (%s) is about %s, which %s has not stored", n.id(), n.topic(), n.reference(), c.value());
          }
        }
      }
      long queued = w.log.all().stream().filter(e -> e.type() == EventType.NOTICE_QUEUED).count();
      if (queued != notices) {
        fail("%d NOTICE_QUEUED entries for %d notices in the outbox", queued, notices);
      }
    });
  }

  /**
   * 7. Each clause of the agreement in force has exactly one standing instruction, not final
   * unless the officer refused it, and no other standing instruction is still live; the repair run
   * finds nothing to do; and the decision point denies a purpose whose clause is on hold, refused
   * or not analysed (and permits it when the clause is in force).
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void eachClauseHasOneStandingInstructionAndOnlyOneInForcePermits(long seed) {
    check("7 one standing instruction per clause; a clause not in force denies", seed, (w, op) -> {
      if (!w.repaired.isEmpty()) {
        fail("ensureStanding had to create %s", w.repaired.stream().map(Instruction::ref).toList());
      }
      for (CustomerId c : CUSTOMERS) {
        AgreementVersion agreement = w.agreementStore.inForce(c).orElseThrow();
        List<String> clauses = agreement.terms().purposes().stream().map(PurposeTerms::purpose).toList();
        List<Instruction> standing = w.all(c).stream().filter(Instruction::standing).toList();
        for (Instruction s : standing) {
          boolean ofClause = s.agreementVersion() == agreement.version() && clauses.contains(s.fields().purpose());
          if (!ofClause && !s.state().isFinal()) {
            fail("%s (standing, agreement v%d, %s) is %s although agreement v%d is in force", s.ref(),
                s.agreementVersion(), s.fields().purpose(), s.state(), agreement.version());
          }
        }
        for (String purpose : clauses) {
          List<Instruction> mine = standing.stream().filter(s -> s.agreementVersion() == agreement.version()
              && s.fields().purpose().equals(purpose)).toList();
          if (mine.size() != 1) {
            fail("the clause for %s of %s's agreement v%d has %d standing instructions: %s", purpose, c.value(),
                agreement.version(), mine.size(), mine.stream().map(s -> s.ref() + " " + s.state()).toList());
          }
          Instruction s = mine.getFirst();
          if (s.state().isFinal() && !(s.state() == InstructionState.REFUSED && s.officerDecision() != null)) {
            fail("the clause for %s has only %s, %s", purpose, s.ref(), s.state());
          }
          InstructionsInForce.Standing cached = w.inForce.standing(c, agreement.version(), purpose);
          StandingState expected = s.state().inForce() ? StandingState.IN_FORCE
              : s.state().onHold() ? StandingState.ON_HOLD : StandingState.REFUSED;
          if (cached.state() != expected) {
            fail("the clause for %s is reported %s but %s is %s", purpose, cached.state(), s.ref(), s.state());
          }
          Decision d = decide(w, c, purpose, null);
          Effect should = expected == StandingState.IN_FORCE ? Effect.PERMIT : Effect.DENY;
          if (d.effect() != should) {
            fail("a request for %s was %s while its clause is %s (%s): %s", purpose, d.effect(), expected, s.ref(),
                d.reasons());
          }
        }
        String missing = "dpv:Marketing";
        if (w.inForce.standing(c, agreement.version(), missing).state() != StandingState.NOT_ANALYSED) {
          fail("a clause with no standing instruction is not NOT_ANALYSED");
        }
      }
    });
  }

  /** 8. Another customer's DPO never sees nor changes the first customer's instructions (404). */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anotherCustomersDpoNeverReachesTheInstructions(long seed) {
    check("8 another customer's DPO gets NotFound and changes nothing", seed, (w, op) -> {
      if (op != null && op.type() == Type.OTHER_TENANT && w.otherTenant != null && !w.otherTenant.equals("NotFound")) {
        fail("the other customer's DPO call %s", w.otherTenant);
      }
      Principal g = w.dpo.get(1);
      for (Instruction latest : w.store.latest(ACME, null, 100_000)) {
        for (CustomerId under : CUSTOMERS) {
          try {
            w.service.versions(g, under, latest.id());
            fail("globex's DPO read the versions of %s under %s", latest.id().value(), under.value());
          } catch (NotFound expected) {
            // as it should
          }
        }
      }
      try {
        w.service.list(g, ACME, null, 100);
        fail("globex's DPO listed acme's instructions");
      } catch (NotFound expected) {
        // as it should
      }
    });
  }
}
