package dev.mandate.core.consent;

import static dev.mandate.core.vocabulary.TermKind.PURPOSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.MarketingTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.CompiledAgreement;
import dev.mandate.core.decision.ConsentLookup;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.DecisionPoint;
import dev.mandate.core.decision.DecisionRequest;
import dev.mandate.core.decision.DpvTerms;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.decision.Reason;
import dev.mandate.core.decision.ReasonCode;
import dev.mandate.core.vocabulary.Vocabulary;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the marketing gate (ISO 27701 8.2.3, PR-823-01 b, PR-823-03): consent is only ever
 * the person's own, prior, unbundled choice, and never a condition of service. Checked on random
 * agreements from the decision properties' generator ({@code RandomAgreements}), with marketing,
 * advertising, TCF-consent and sale purposes (DPV and custom ones under them) added to most of
 * them, and on random consent histories around each request's time. Consent is looked up through
 * {@link ConsentLedger#verdict} (as the decision service does) over a list-backed store.
 *
 * <p>Seeded and reproducible: a failure names its seed, and
 * {@code ./mvnw -pl core test -Dtest=ConsentProperties -Dmandate.properties.seeds=17} (or
 * {@code 1-500}) replays it. Each seed checks {@value #AGREEMENTS} x {@value #REQUESTS} requests,
 * each with its own history.
 */
class ConsentProperties {
  static final int AGREEMENTS = 10;
  static final int REQUESTS = 16;
  static final Vocabulary VOCABULARY = Vocabulary.dpv();
  static final ConsentGates GATES = ConsentGates.standard(VOCABULARY);
  static final DecisionPoint DECISION_POINT = new DecisionPoint(VOCABULARY, GATES);
  static final DpvTerms TERMS = new DpvTerms(VOCABULARY);
  static final CustomerId CUSTOMER = new CustomerId("generated-customer");
  static final String SUBJECT = "ps_generated-person";
  static final long HOUR = 3_600;

  /** DPV marketing and advertising ({@code dpv:Marketing} and narrower) that the generator's vocabulary knows. */
  static final List<String> MARKETING = TERMS.pool(PURPOSE).stream().filter(VOCABULARY::isMarketing).toList();
  /** Every DPV purpose some consent event can change a decision for: marketing, TCF consent purposes, sale. */
  static final List<String> CHOICE = TERMS.pool(PURPOSE).stream().filter(GATES::dependsOnChoice).toList();
  /** The purposes that need consent but are not marketing (TCF content personalisation). */
  static final List<String> TCF_ONLY = CHOICE.stream().filter(p -> GATES.needsConsent(p) && !VOCABULARY.isMarketing(p)).toList();
  /** The opt-out (sale) purposes. */
  static final List<String> OPT_OUT = CHOICE.stream().filter(p -> !GATES.needsConsent(p)).toList();
  static final List<ConsentSource> PERSON_SOURCES = List.of(ConsentSource.DATA_SUBJECT_FORM, ConsentSource.TCF_STRING,
      ConsentSource.GPC_SIGNAL, ConsentSource.ONE_CLICK_UNSUBSCRIBE);
  static final Set<ConsentSource> FROM_PERSON = Set.copyOf(PERSON_SOURCES);

  static LongStream seeds() {
    String configured = System.getProperty("mandate.properties.seeds", "1-100");
    String[] range = configured.split("-");
    long from = Long.parseLong(range[0].trim());
    long to = range.length > 1 ? Long.parseLong(range[1].trim()) : from;
    return LongStream.rangeClosed(from, to);
  }

  // ---------------------------------------------------------------------------------------------
  // The generator

  @Test
  void the_generator_knows_the_purposes_the_properties_rely_on() {
    assertThat(MARKETING).contains("dpv:Marketing", "dpv:DirectMarketing", "dpv:Advertising", "dpv:TargetedAdvertising",
        "dpv:PersonalisedAdvertising");
    assertThat(TCF_ONLY).contains("dpv:ServicePersonalisation");
    assertThat(OPT_OUT).containsExactlyInAnyOrder("dpv:SellDataToThirdParties", "dpv:SellInsightsFromData");
    for (ConsentSource s : ConsentSource.values()) {
      assertThat(s.fromPerson()).as("%s: the naive checks' idea of who the person is", s)
          .isEqualTo(FROM_PERSON.contains(s));
    }
  }

  /**
   * One generated request with the agreement it is decided under and the person's history.
   * {@code checkSeed} seeds the randomness a property uses on top ({@link #gen}), so that every
   * property sees the same cases whatever order they run in.
   */
  record Case(AgreementTerms terms, CompiledAgreement compiled, DecisionRequest request, List<ConsentEvent> history,
      long checkSeed, String where) {
    Gen gen() {
      return new Gen(new SplittableRandom(checkSeed));
    }

    Instant time() {
      return request.time();
    }

    String purpose() {
      return request.purpose();
    }

    String dpv() {
      return compiled.dpvPurpose(request.purpose());
    }

    boolean custom() {
      return !dpv().equals(purpose());
    }

    Decision decide(List<ConsentEvent> events) {
      return DECISION_POINT.decide(request, compiled, lookup(events, request.time()));
    }
  }

  interface Check {
    void run(Case c);
  }

  /**
   * The cases of recent seeds, generated once and shared by the properties (generating is half the
   * work); bounded, so that long replays such as {@code 1-5000} regenerate instead of filling memory.
   */
  private static final Map<Long, List<Case>> CASES = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<Case>> eldest) {
          return size() > 200;
        }
      });

  static List<Case> cases(long seed) {
    return CASES.computeIfAbsent(seed, s -> {
      Gen gen = new Gen(new SplittableRandom(s));
      List<Case> cases = new ArrayList<>();
      for (int a = 0; a < AGREEMENTS; a++) {
        AgreementTerms terms = gen.agreement();
        CompiledAgreement compiled = DECISION_POINT.compile(Gen.accepted(terms, 1 + gen.nextInt(20)));
        for (int i = 0; i < REQUESTS; i++) {
          DecisionRequest r = gen.request(terms, compiled);
          List<ConsentEvent> history = List.copyOf(gen.history(terms, compiled, r));
          cases.add(new Case(terms, compiled, r, history, gen.nextLong(), "seed " + s + ", agreement " + a + ", request " + i));
        }
      }
      return List.copyOf(cases);
    });
  }

  static void forEachCase(long seed, Check check) {
    for (Case c : cases(seed)) {
      try {
        check.run(c);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n  request: " + c.request() + "\n  history:\n" + describe(c.history())
            + "  terms: " + TermsDigest.canonicalJson(c.terms())
            + "\n  replay: -Dtest=ConsentProperties -Dmandate.properties.seeds=" + seed, e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // (a) Consent is never a condition of service

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void consentIsNeverAConditionOfService(long seed) {
    int[] checked = {0, 0};
    forEachCase(seed, c -> {
      if (GATES.dependsOnChoice(c.dpv())) {
        return;
      }
      checked[0]++;
      Decision d = c.decide(c.history());
      if (d.permitted()) {
        checked[1]++;
      }
      Gen g = c.gen();
      List<ConsentEvent> no = new ArrayList<>(c.history());
      List<ConsentEvent> yes = new ArrayList<>(c.history());
      long index = next(c.history());
      for (String p : choicePurposes(c)) {
        no.add(g.event(p, g.chance(0.5) ? ConsentChange.REFUSED : ConsentChange.WITHDRAWN,
            g.pick(List.of(ConsentSource.values())), c.time().minusSeconds(g.nextInt(100)), null, index));
        yes.add(g.event(p, ConsentChange.GRANTED, ConsentSource.DATA_SUBJECT_FORM,
            c.time().minusSeconds(1 + g.nextInt(100)), null, index++));
      }
      ConsentLookup never = (p, dpv) -> {
        throw new AssertionError("consent was asked for " + p + " (" + dpv + "), which depends on no choice");
      };
      assertSame(c, "an empty history", d, c.decide(List.of()));
      assertSame(c, "no data subject named", d, DECISION_POINT.decide(c.request(), c.compiled(), ConsentLookup.NO_SUBJECT));
      assertSame(c, "refusals and withdrawals for every marketing purpose", d, c.decide(no));
      assertSame(c, "valid grants for every marketing purpose", d, c.decide(yes));
      assertSame(c, "a lookup that must not be asked", d, DECISION_POINT.decide(c.request(), c.compiled(), never));
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(checked[0] > 0, String.format("seed %d: service-purpose requests (generator sanity)", seed));
    org.junit.jupiter.api.Assumptions.assumeTrue(checked[1] > 0, String.format("seed %d: permitted service-purpose requests (generator sanity)", seed));
  }

  static void assertSame(Case c, String what, Decision expected, Decision actual) {
    if (!expected.equals(actual)) {
      fail("%s: %s changed the decision for a service purpose%n  with the history: %s%n  with %s: %s", c.where(),
          what, describe(expected), what, describe(actual));
    }
  }

  /** Every purpose of the agreement and of DPV that depends on the person's choice, and the request's. */
  static Set<String> choicePurposes(Case c) {
    Set<String> out = new LinkedHashSet<>(CHOICE);
    for (PurposeTerms p : c.terms().purposes()) {
      if (GATES.dependsOnChoice(c.compiled().dpvPurpose(p.purpose()))) {
        out.add(p.purpose());
      }
    }
    for (CustomPurpose p : c.terms().customPurposes()) {
      if (GATES.dependsOnChoice(p.parent())) {
        out.add(p.id());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // (b) Refusing or withdrawing never turns a DENY into a PERMIT

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void refusingOrWithdrawingNeverTurnsDenyIntoPermit(long seed) {
    int[] mattered = {0};
    PendingBug pending = new PendingBug();
    forEachCase(seed, c -> {
      Gen g = c.gen();
      Decision before = c.decide(c.history());
      List<ConsentEvent> after = new ArrayList<>(c.history());
      int n = 1 + g.nextInt(2);
      for (int i = 0; i < n; i++) {
        String purpose = g.chance(0.6) ? c.purpose()
            : g.pick(List.of(c.dpv(), g.pick(CHOICE), g.pick(c.terms().purposes()).purpose()));
        ConsentChange change = g.chance(0.45) ? ConsentChange.REFUSED : g.chance(0.8) ? ConsentChange.WITHDRAWN
            : ConsentChange.EXPIRED;
        Instant expressed = c.time().minusSeconds(g.chance(0.2) ? 0 : 1 + g.nextInt((int) (60 * HOUR)));
        Instant recorded = g.chance(0.7) ? expressed : expressed.plusSeconds(g.nextInt((int) (60 * HOUR)));
        after.add(g.event(purpose, change, g.pick(List.of(ConsentSource.values())), expressed, recorded, next(after)));
      }
      Decision d = c.decide(after);
      if (!before.permitted() && d.permitted() && !pending.optOutUndone(c, after)) {
        fail("%s: a refusal or withdrawal turned a DENY into a PERMIT%n  added: %s%n  before: %s%n  after: %s",
            c.where(), describe(after.subList(c.history().size(), after.size())), describe(before), describe(d));
      }
      if (before.permitted() && GATES.dependsOnChoice(c.dpv())) {
        // the person's (or anyone's) latest word on the purpose itself is "no": denied, and saying so
        mattered[0]++;
        List<ConsentEvent> no = new ArrayList<>(c.history());
        ConsentChange change = g.chance(0.5) ? ConsentChange.REFUSED : ConsentChange.WITHDRAWN;
        no.add(g.event(c.purpose(), change, g.pick(List.of(ConsentSource.values())), c.time(), null, next(no)));
        Decision denied = c.decide(no);
        ReasonCode expected = GATES.needsConsent(c.dpv())
            ? change == ConsentChange.REFUSED ? ReasonCode.CONSENT_REFUSED : ReasonCode.CONSENT_WITHDRAWN
            : ReasonCode.OPTED_OUT;
        if (denied.permitted() || denied.reasons().stream().noneMatch(x -> x.code() == expected)) {
          fail("%s: still permitted, or not for %s, after the latest word on %s was %s%n  got: %s", c.where(), expected,
              c.purpose(), change, describe(denied));
        }
      }
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(mattered[0] > 0, String.format("seed %d: permitted requests for purposes that depend on choice (generator sanity)", seed));
    pending.abortIfSeen(seed);
  }

  // ---------------------------------------------------------------------------------------------
  // (c) A consent-gated purpose is permitted only on the person's own valid prior grant

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void gatedPurposeIsPermittedOnlyOnThePersonsValidPriorGrant(long seed) {
    int[] permits = {0};
    forEachCase(seed, c -> {
      if (!GATES.needsConsent(c.dpv())) {
        return;
      }
      List<ConsentVerdict> asked = new ArrayList<>();
      ConsentLookup real = lookup(c.history(), c.time());
      Decision d = DECISION_POINT.decide(c.request(), c.compiled(), (p, dpv) -> {
        ConsentVerdict v = real.verdict(p, dpv);
        asked.add(v);
        return v;
      });
      if (!d.permitted()) {
        return;
      }
      permits[0]++;
      if (!naivePriorConsent(c.history(), c.purpose(), c.dpv(), c.time())) {
        fail("%s: %s was permitted without the person's own valid prior grant%n  got: %s", c.where(), c.purpose(),
            describe(d));
      }
      assertThat(d.reasons()).as(c.where()).extracting(Reason::code)
          .containsExactly(ReasonCode.PERMITTED_BY_CLAUSE, ReasonCode.CONSENT_VERIFIED);
      // The verdict the permit rests on names a grant of the person's for this purpose (or its DPV parent).
      assertThat(asked).as(c.where()).hasSize(1);
      UUID cited = asked.getFirst().event();
      ConsentEvent e = c.history().stream().filter(x -> x.id().equals(cited)).findFirst()
          .orElseThrow(() -> new AssertionError(c.where() + ": the permit cites consent event " + cited
              + ", which is not in the history"));
      assertThat(d.reasons().get(1).detail()).as(c.where()).contains(cited.toString());
      assertThat(e.purpose()).as(c.where()).isIn(c.purpose(), c.dpv());
      assertThat(e.change()).as(c.where()).isEqualTo(ConsentChange.GRANTED);
      assertThat(e.source()).as(c.where()).isIn(FROM_PERSON);
      assertThat(e.conditionOfService()).as(c.where()).isFalse();
      assertThat(e.expressedAt()).as(c.where()).isBeforeOrEqualTo(c.time());
      assertThat(e.recordedAt()).as(c.where()).isBeforeOrEqualTo(c.time());
      assertThat(e.validUntil() == null || e.validUntil().isAfter(c.time())).as(c.where()).isTrue();
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(permits[0] > 0, String.format("seed %d: permitted consent-gated requests (generator sanity)", seed));
  }

  /**
   * The other direction: when the person's latest counting choice before the request is a valid
   * grant, the consent gate lets the request through (the decision is what it would be with any
   * valid consent). Skips custom purposes whose own events all come after the request, where the
   * ledger's reading ("no event for the custom purpose", at any time) and the one as of the request
   * time differ (see an_event_recorded_after_the_request_never_changes_its_decision).
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theLatestValidGrantOfThePersonPassesTheGate(long seed) {
    int[] valid = {0};
    forEachCase(seed, c -> {
      if (!GATES.needsConsent(c.dpv())) {
        return;
      }
      if (!latestCountingIsValidGrant(c.history(), new java.util.HashSet<>(List.of(c.purpose(), c.dpv())), c.time())) {
        return;
      }
      valid[0]++;
      Decision d = c.decide(c.history());
      Decision anyConsent = DECISION_POINT.decide(c.request(), c.compiled(),
          (p, dpv) -> new ConsentVerdict(ConsentVerdict.Status.VALID, p, UUID.randomUUID(), c.time(), null, 0L));
      if (d.effect() != anyConsent.effect() || !d.reasonCodes().equals(anyConsent.reasonCodes())) {
        fail("%s: the person's latest valid grant did not pass the gate%n  got: %s%n  with any valid consent: %s",
            c.where(), describe(d), describe(anyConsent));
      }
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(valid[0] > 0, String.format("seed %d: gated requests with valid consent (generator sanity)", seed));
  }

  // ---------------------------------------------------------------------------------------------
  // (d) A customer's bare assertion, or a grant bundled with the service, never permits

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void customerAssertedAndBundledGrantsNeverPermitAGatedPurpose(long seed) {
    int[] gated = {0};
    forEachCase(seed, c -> {
      if (!GATES.needsConsent(c.dpv())) {
        return;
      }
      gated[0]++;
      Gen g = c.gen();
      List<ConsentEvent> weakened = weaken(g, c.history());
      Decision d = c.decide(weakened);
      if (d.permitted()) {
        fail("%s: permitted on customer-asserted or bundled grants only%n  history:%n%s  got: %s", c.where(),
            describe(weakened), describe(d));
      }
      // and adding more of them, for the purpose and its DPV parent, still never permits
      List<ConsentEvent> more = new ArrayList<>(weakened);
      for (String p : List.of(c.purpose(), c.dpv())) {
        more.add(g.event(p, ConsentChange.GRANTED, ConsentSource.CUSTOMER_ASSERTED,
            c.time().minusSeconds(1 + g.nextInt(100)), null, next(more)));
        ConsentEvent bundled = g.event(p, ConsentChange.GRANTED,
            g.pick(PERSON_SOURCES), c.time().minusSeconds(1 + g.nextInt(100)), null, next(more));
        more.add(withConditionOfService(bundled, true));
      }
      if (c.decide(more).permitted()) {
        fail("%s: permitted on customer-asserted or bundled grants only%n  history:%n%s", c.where(), describe(more));
      }
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(gated[0] > 0, String.format("seed %d: consent-gated requests (generator sanity)", seed));
  }

  /**
   * For every purpose, including sale and sharing (opt-out): a grant that does not count (a
   * customer's bare assertion, or one bundled with the service) never turns a DENY into a PERMIT.
   * ConsentHistory's contract: such grants "neither give consent nor undo an earlier refusal or
   * withdrawal".
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void grantsThatDoNotCountNeverTurnDenyIntoPermit(long seed) {
    PendingBug pending = new PendingBug();
    forEachCase(seed, c -> {
      Gen g = c.gen();
      Decision before = c.decide(c.history());
      List<ConsentEvent> after = new ArrayList<>(c.history());
      String purpose = g.pick(List.of(c.purpose(), c.purpose(), c.dpv(), g.pick(CHOICE)));
      Instant expressed = c.time().minusSeconds(g.chance(0.2) ? 0 : 1 + g.nextInt((int) (60 * HOUR)));
      ConsentEvent grant = g.event(purpose, ConsentChange.GRANTED,
          g.chance(0.5) ? ConsentSource.CUSTOMER_ASSERTED : g.pick(PERSON_SOURCES), expressed, null, next(after));
      after.add(grant.source() == ConsentSource.CUSTOMER_ASSERTED && g.chance(0.5) ? grant : withConditionOfService(grant, true));
      Decision d = c.decide(after);
      if (!before.permitted() && d.permitted() && !pending.optOutUndone(c, after)) {
        fail("%s: a grant that does not count turned a DENY into a PERMIT%n  added: %s%n  before: %s%n  after: %s",
            c.where(), describe(after.subList(c.history().size(), after.size())), describe(before), describe(d));
      }
    });
    pending.abortIfSeen(seed);
  }

  /**
   * Known defects, reported and not fixed here, all of which let a sale or sharing opt-out lapse:
   * (1) a later "expired" event, or a later grant that does not count (a customer's bare assertion,
   * or one bundled with the service), from anyone, lifts the opt-out, because the verdict then
   * becomes EXPIRED, NOT_FROM_PERSON or BUNDLED_WITH_SERVICE and {@link ConsentVerdict#optedOut} is
   * false; (2) for a custom purpose under sale, any event for the custom purpose itself (even one
   * recorded only after the request's time) stops the DPV parent's opt-out from counting. Cases
   * with exactly these signatures are counted, and the seed is reported as aborted (not passed)
   * while the defects are there; anything else still fails. See the pending_bug_ examples below,
   * which fail once the defects are fixed.
   */
  static final class PendingBug {
    /** The defects this filter excused are fixed: nothing is excused any more. */
    static final boolean FIXED = true;
    static final Set<ConsentVerdict.Status> LIFTING = Set.of(ConsentVerdict.Status.EXPIRED,
        ConsentVerdict.Status.NOT_FROM_PERSON, ConsentVerdict.Status.BUNDLED_WITH_SERVICE);
    int count;
    String first;

    boolean optOutUndone(Case c, List<ConsentEvent> after) {
    if (FIXED) {
      return false;
    }
      if (!GATES.honoursOptOut(c.dpv())) {
        return false;
      }
      boolean ownBefore = c.history().stream().anyMatch(e -> e.purpose().equals(c.purpose()));
      boolean ownAfter = after.stream().anyMatch(e -> e.purpose().equals(c.purpose()));
      if (c.custom() && !ownBefore && ownAfter) {
        // second defect: any event for the custom purpose, even one the ledger had not yet recorded
        // at the request's time, stops the DPV parent's opt-out from counting
        if (count++ == 0) {
          first = c.where() + ": " + c.purpose() + " (under " + c.dpv() + ") lost its parent's opt-out after adding\n"
              + describe(after.subList(c.history().size(), after.size()));
        }
        return true;
      }
      ConsentVerdict was = lookup(c.history(), c.time()).verdict(c.purpose(), c.dpv());
      ConsentVerdict now = lookup(after, c.time()).verdict(c.purpose(), c.dpv());
      if (!was.optedOut() || !LIFTING.contains(now.status())) {
        return false;
      }
      if (count++ == 0) {
        first = c.where() + ": " + c.purpose() + " was " + was.status() + ", then " + now.status() + " after adding\n"
            + describe(after.subList(c.history().size(), after.size()));
      }
      return true;
    }

    void abortIfSeen(long seed) {
      if (count > 0) {
        org.junit.jupiter.api.Assumptions.abort("pending bug (seed " + seed + ", " + count + " cases): a later 'expired'"
            + " event, a grant that does not count, or an event for a custom purpose lifts a sale/sharing opt-out;"
            + " e.g. " + first);
      }
    }
  }

  /** The history with every grant made customer-asserted, bundled with the service, or both. */
  static List<ConsentEvent> weaken(Gen g, List<ConsentEvent> history) {
    List<ConsentEvent> out = new ArrayList<>();
    for (ConsentEvent e : history) {
      if (e.change() != ConsentChange.GRANTED) {
        out.add(e);
        continue;
      }
      int how = g.nextInt(3);
      ConsentEvent w = how == 1 ? e : withSource(e, ConsentSource.CUSTOMER_ASSERTED);
      out.add(how == 0 ? w : withConditionOfService(w, true));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // (e) The processor's own marketing is always denied

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void processorOwnMarketingIsAlwaysDenied(long seed) {
    int[] checked = {0};
    Map<AgreementTerms, Map<String, CompiledAgreement>> open = new java.util.IdentityHashMap<>();
    forEachCase(seed, c -> {
      Gen g = c.gen();
      List<String> marketing = new ArrayList<>();
      for (PurposeTerms p : c.terms().purposes()) {
        if (VOCABULARY.isMarketing(c.compiled().dpvPurpose(p.purpose()))) {
          marketing.add(p.purpose());
        }
      }
      String purpose = !marketing.isEmpty() && g.chance(0.7) ? g.pick(marketing) : g.pick(MARKETING);
      DecisionRequest r = withPurpose(c.request(), purpose, true);
      // the most permissive agreement for it: instructed marketing, the clause open to the processor's own use
      CompiledAgreement openCompiled = open.computeIfAbsent(c.terms(), k -> new java.util.HashMap<>())
          .computeIfAbsent(purpose, k -> DECISION_POINT.compile(Gen.accepted(openForOwnUse(c.terms(), purpose), 1)));
      ConsentLookup anyConsent = (p, dpv) -> new ConsentVerdict(ConsentVerdict.Status.VALID, p, UUID.randomUUID(),
          r.time().minusSeconds(60), null, 0L);
      for (CompiledAgreement a : List.of(c.compiled(), openCompiled)) {
        for (ConsentLookup consent : List.of(lookup(c.history(), r.time()), anyConsent, ConsentLookup.NO_SUBJECT)) {
          Decision d = DECISION_POINT.decide(r, a, consent);
          ReasonCode only = d.reasons().size() == 1 ? d.reasons().getFirst().code() : null;
          if (only == ReasonCode.PROCESSOR_OWN_MARKETING) {
            checked[0]++;
          }
          // denied before the purpose is looked at (not in force, unknown terms), or for the processor's own marketing
          if (d.permitted() || !(only == ReasonCode.PROCESSOR_OWN_MARKETING || only == ReasonCode.AGREEMENT_NOT_IN_FORCE
              || only == ReasonCode.UNKNOWN_TERM)) {
            fail("%s: the processor's own %s%n  got: %s", c.where(), purpose, describe(d));
          }
        }
      }
      if (DECISION_POINT.decide(r, null).permitted()) {
        fail("%s: permitted without an agreement", c.where());
      }
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(checked[0] > 0, String.format("seed %d: own-marketing requests under an agreement in force (generator sanity)", seed));
  }

  static AgreementTerms openForOwnUse(AgreementTerms t, String purpose) {
    List<PurposeTerms> purposes = new ArrayList<>();
    boolean found = false;
    for (PurposeTerms p : t.purposes()) {
      if (p.purpose().equals(purpose)) {
        found = true;
        purposes.add(new PurposeTerms(p.purpose(), p.dataCategories(), p.operations(), p.dataSubjects(),
            p.retentionDays(), p.legalBasis(), p.specialCategories(), true));
      } else {
        purposes.add(p);
      }
    }
    if (!found && !t.purposes().isEmpty()) {
      PurposeTerms p = t.purposes().getFirst();
      purposes.add(new PurposeTerms(purpose, p.dataCategories(), p.operations(), p.dataSubjects(), p.retentionDays(),
          p.legalBasis(), p.specialCategories(), true));
    }
    return Gen.terms(t, t.customPurposes(), purposes, new MarketingTerms(true));
  }

  // ---------------------------------------------------------------------------------------------
  // (f) Consent must come first: a grant expressed (or recorded) after the request never permits

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aGrantAfterTheRequestNeverPermits(long seed) {
    int[] gated = {0};
    PendingBug pending = new PendingBug();
    forEachCase(seed, c -> {
      Gen g = c.gen();
      Decision before = c.decide(c.history());
      List<ConsentEvent> later = new ArrayList<>(c.history());
      List<ConsentEvent> onlyLater = new ArrayList<>();
      for (String p : new LinkedHashSet<>(List.of(c.purpose(), c.dpv()))) {
        for (List<ConsentEvent> list : List.of(later, onlyLater)) {
          // expressed after the request
          Instant expressed = c.time().plusSeconds(1 + g.nextInt((int) (48 * HOUR)));
          list.add(g.event(p, ConsentChange.GRANTED, ConsentSource.DATA_SUBJECT_FORM, expressed, null, next(list)));
          // expressed before it but recorded only afterwards (backdated)
          Instant backdated = c.time().minusSeconds(g.nextInt((int) (48 * HOUR)));
          list.add(g.event(p, ConsentChange.GRANTED, ConsentSource.TCF_STRING, backdated,
              c.time().plusSeconds(1 + g.nextInt((int) HOUR)), next(list)));
        }
      }
      Decision after = c.decide(later);
      if (!before.permitted() && after.permitted() && !pending.optOutUndone(c, later)) {
        fail("%s: a grant after the request turned a DENY into a PERMIT%n  before: %s%n  after: %s", c.where(),
            describe(before), describe(after));
      }
      if (!c.custom()) {
        // nothing known only after the request can change its decision (for a custom purpose, see the c' property)
        assertSame(c, "grants after the request", before, after);
      }
      if (GATES.needsConsent(c.dpv())) {
        gated[0]++;
        if (c.decide(onlyLater).permitted()) {
          fail("%s: permitted on grants after the request only%n  history:%n%s", c.where(), describe(onlyLater));
        }
      }
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(gated[0] > 0, String.format("seed %d: consent-gated requests (generator sanity)", seed));
    pending.abortIfSeen(seed);
  }

  // ---------------------------------------------------------------------------------------------
  // Examples of the known defects the properties above count as pending (opt-outs that lapse)

  /**
   * A webshop that may sell to third parties, market directly, keep accounts, sell lists to partners
   * (custom, under sale) and run retargeting (custom, under targeted advertising), in force from 2026-01-01.
   */
  static CompiledAgreement webshop() {
    List<PurposeTerms> purposes = new ArrayList<>();
    for (String p : List.of("dpv:SellDataToThirdParties", "dpv:DirectMarketing", "dpv:AccountManagement",
        "custom:PartnerSale", "custom:Retargeting")) {
      purposes.add(new PurposeTerms(p, List.of("pd:EmailAddress"), List.of("dpv:Use"), List.of("dpv:Customer"), 365,
          "eu-gdpr:A6-1-a", AgreementTerms.SpecialCategories.NONE, false));
    }
    AgreementTerms t = new AgreementTerms("Webshop", "Orders and newsletters", java.time.LocalDate.of(2026, 1, 1), null,
        List.of("pd:EmailAddress"), List.of(new CustomPurpose("custom:PartnerSale", "Selling lists to partners",
            "dpv:SellDataToThirdParties"), new CustomPurpose("custom:Retargeting", "Retargeting campaigns",
            "dpv:TargetedAdvertising")), purposes, List.of(), List.of(), new AgreementTerms.AssistanceTerms(10, 48),
        List.of("dpv:EncryptionAtRest"), new MarketingTerms(true), AgreementTerms.EndOfContract.DELETE);
    return DECISION_POINT.compile(Gen.accepted(t, 1));
  }

  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  static Decision decideWebshop(String purpose, List<ConsentEvent> history) {
    DecisionRequest r = new DecisionRequest(CUSTOMER, null, purpose, "dpv:Use", List.of("pd:EmailAddress"),
        "dpv:Customer", NOW, null, null, null, false);
    return DECISION_POINT.decide(r, webshop(), lookup(history, NOW));
  }

  static ConsentEvent example(String purpose, ConsentChange change, ConsentSource source, int hoursBefore,
      boolean conditionOfService, long logIndex) {
    Instant at = NOW.minusSeconds(hoursBefore * HOUR);
    return new ConsentEvent(new UUID(0, logIndex), CUSTOMER, SUBJECT, new byte[32], purpose, change, source, at, at,
        null, new Notice("v1", "0".repeat(64), "en"), conditionOfService, "US-CA-CPRA", Map.of(), "example-" + logIndex,
        "example", logIndex);
  }

  @Test
  void the_example_agreement_works_as_the_pending_examples_assume() {
    String sale = "dpv:SellDataToThirdParties";
    assertThat(decideWebshop(sale, List.of()).effect()).isEqualTo(Effect.PERMIT);
    assertThat(decideWebshop("dpv:AccountManagement", List.of()).effect()).isEqualTo(Effect.PERMIT);
    assertThat(decideWebshop("dpv:DirectMarketing", List.of()).reasonCodes()).containsExactly("CONSENT_MISSING");
    assertThat(decideWebshop(sale, List.of(example(sale, ConsentChange.REFUSED, ConsentSource.GPC_SIGNAL, 5, false, 1)))
        .reasonCodes()).containsExactly("OPTED_OUT");
    // the person opting back in lifts the opt-out
    assertThat(decideWebshop(sale, List.of(example(sale, ConsentChange.REFUSED, ConsentSource.GPC_SIGNAL, 5, false, 1),
        example(sale, ConsentChange.GRANTED, ConsentSource.DATA_SUBJECT_FORM, 1, false, 2))).effect())
        .isEqualTo(Effect.PERMIT);
  }

  /**
   * Was a bug (found by these properties, fixed): after a GPC opt-out of sale, a customer's bare assertion of consent (or a grant
   * bundled with the service) lifts the opt-out. ConsentHistory returns NOT_FROM_PERSON (or
   * BUNDLED_WITH_SERVICE) for the latest, non-counting grant, and {@link ConsentVerdict#optedOut}
   * is false for those, so DecisionPoint's opt-out branch permits the sale. Aborted while the
   * defect is there; fails once it is fixed, so that this marker is removed.
   */
  @Test
  void a_grant_that_does_not_count_never_lifts_a_sale_opt_out() {
    String sale = "dpv:SellDataToThirdParties";
    ConsentEvent gpc = example(sale, ConsentChange.REFUSED, ConsentSource.GPC_SIGNAL, 5, false, 1);
    fixedBug("a grant that does not count lifts a sale opt-out", () -> {
      for (ConsentEvent grant : List.of(example(sale, ConsentChange.GRANTED, ConsentSource.CUSTOMER_ASSERTED, 1, false, 2),
          example(sale, ConsentChange.GRANTED, ConsentSource.DATA_SUBJECT_FORM, 1, true, 2))) {
        Decision d = decideWebshop(sale, List.of(gpc, grant));
        assertThat(d.reasonCodes()).as("GPC opt-out, then %s%s grant:%n%s", grant.source().code(),
            grant.conditionOfService() ? " bundled" : "", describe(d)).containsExactly("OPTED_OUT");
      }
    });
  }

  /**
   * Was a bug (found by these properties, fixed): after an opt-out of sale, an "expired" event (which anyone, e.g. the customer, may
   * report for any purpose) lifts the opt-out: the verdict becomes EXPIRED, which is not
   * {@link ConsentVerdict#optedOut}. ConsentHistory's rule "a refusal, withdrawal or expiry counts
   * whoever reported it: being told 'no' is always safe" holds for opt-in purposes only; for an
   * opt-out purpose an expiry is not a "no".
   */
  @Test
  void an_expiry_never_lifts_a_sale_opt_out() {
    String sale = "dpv:SellDataToThirdParties";
    ConsentEvent gpc = example(sale, ConsentChange.REFUSED, ConsentSource.GPC_SIGNAL, 5, false, 1);
    ConsentEvent expired = example(sale, ConsentChange.EXPIRED, ConsentSource.CUSTOMER_ASSERTED, 1, false, 2);
    fixedBug("an 'expired' event lifts a sale opt-out", () -> {
      Decision d = decideWebshop(sale, List.of(gpc, expired));
      assertThat(d.reasonCodes()).as("GPC opt-out, then expired (customer-asserted):%n%s", describe(d))
          .containsExactly("OPTED_OUT");
    });
  }

  /**
   * Was a bug (found by these properties, fixed) (live, GPC): the Global Privacy Control opt-out is recorded for the DPV purposes
   * only (ConsentGates.gpcOptOutPurposes), and a custom purpose under them is decided on its own
   * events alone as soon as the person has any (ConsentLedger.verdict: "own" events hide the
   * parent's). A person who once said yes to the customer's retargeting campaign, or of whom the
   * customer once asserted a yes to selling to partners, keeps being retargeted and sold after
   * sending GPC.
   */
  @Test
  void gpc_reaches_custom_purposes_the_person_has_events_for() {
    fixedBug("an opt-out of the DPV parent does not reach a custom purpose with events of its own", () -> {
      ConsentEvent retargetingYes = example("custom:Retargeting", ConsentChange.GRANTED, ConsentSource.DATA_SUBJECT_FORM,
          48, false, 1);
      ConsentEvent gpcAds = example("dpv:TargetedAdvertising", ConsentChange.WITHDRAWN, ConsentSource.GPC_SIGNAL, 1,
          false, 2);
      Decision ads = decideWebshop("custom:Retargeting", List.of(retargetingYes, gpcAds));
      ConsentEvent partnerAsserted = example("custom:PartnerSale", ConsentChange.GRANTED, ConsentSource.CUSTOMER_ASSERTED,
          48, false, 3);
      ConsentEvent gpcSale = example("dpv:SellDataToThirdParties", ConsentChange.REFUSED, ConsentSource.GPC_SIGNAL, 1,
          false, 4);
      Decision sale = decideWebshop("custom:PartnerSale", List.of(partnerAsserted, gpcSale));
      assertThat(ads.permitted()).as("retargeting after GPC:%n%s", describe(ads)).isFalse();
      assertThat(sale.permitted()).as("selling to partners after GPC:%n%s", describe(sale)).isFalse();
    });
  }

  /**
   * Was a bug (found by these properties, fixed) (re-deciding at a past time): whether the person "has an event for the custom
   * purpose itself" is judged over all events, including ones recorded after the request's time.
   * Deciding again at the same time after a later refusal of the custom purpose turns the DENY of
   * the parent's opt-out into a PERMIT (and, for a gated purpose, a PERMIT on the parent's grant
   * into a DENY), so a past decision cannot be reproduced from the ledger.
   */
  @Test
  void an_event_recorded_after_the_request_never_changes_its_decision() {
    ConsentEvent gpcSale = example("dpv:SellDataToThirdParties", ConsentChange.REFUSED, ConsentSource.GPC_SIGNAL, 5,
        false, 1);
    Instant later = NOW.plusSeconds(HOUR);
    ConsentEvent refusalLater = new ConsentEvent(new UUID(0, 2), CUSTOMER, SUBJECT, new byte[32], "custom:PartnerSale",
        ConsentChange.REFUSED, ConsentSource.DATA_SUBJECT_FORM, later, later, null, null, false, "US-CA-CPRA", Map.of(),
        "example-2", "example", 2);
    assertThat(decideWebshop("custom:PartnerSale", List.of(gpcSale)).reasonCodes()).containsExactly("OPTED_OUT");
    fixedBug("an event recorded after the request changes its decision", () -> {
      Decision again = decideWebshop("custom:PartnerSale", List.of(gpcSale, refusalLater));
      assertThat(again.reasonCodes()).as("decided again at %s after a refusal at %s:%n%s", NOW, later, describe(again))
          .containsExactly("OPTED_OUT");
    });
  }

  /** The repository's convention for documented defects (see DecisionCasesTest's pendingBug). */
  static void fixedBug(String bug, Runnable check) {
    check.run();
  }

  // ---------------------------------------------------------------------------------------------
  // Naive readings of the rules, written without ConsentHistory

  /** Whether the person knew of and the ledger had the event by {@code at}. */
  static boolean known(ConsentEvent e, Instant at) {
    return !e.expressedAt().isAfter(at) && !e.recordedAt().isAfter(at);
  }

  /** Whether {@code a} comes after {@code b} in the ledger: expressed, then recorded, then log position. */
  static boolean after(ConsentEvent a, ConsentEvent b) {
    int c = a.expressedAt().compareTo(b.expressedAt());
    if (c == 0) {
      c = a.recordedAt().compareTo(b.recordedAt());
    }
    return c == 0 ? a.logIndex() > b.logIndex() : c > 0;
  }

  static boolean personsOwnGrant(ConsentEvent e) {
    return e.change() == ConsentChange.GRANTED && FROM_PERSON.contains(e.source()) && !e.conditionOfService();
  }

  /**
   * The brief's rule read literally: a grant from the person, unbundled, expressed and recorded by
   * {@code at}, not expired at it, with no refusal, withdrawal or expiry (from anyone) after it; for
   * a custom purpose, the DPV parent's when the person had no event for the custom purpose itself.
   */
  static boolean naivePriorConsent(List<ConsentEvent> history, String purpose, String dpv, Instant at) {
    return grantStands(history, new java.util.HashSet<>(List.of(purpose, dpv)), at);
  }

  static boolean grantStands(List<ConsentEvent> history, Set<String> purposes, Instant at) {
    for (ConsentEvent g : history) {
      if (!purposes.contains(g.purpose()) || !personsOwnGrant(g) || !known(g, at)
          || (g.validUntil() != null && !g.validUntil().isAfter(at))) {
        continue;
      }
      boolean overruled = false;
      for (ConsentEvent e : history) {
        if (purposes.contains(e.purpose()) && e.change() != ConsentChange.GRANTED && known(e, at) && after(e, g)) {
          overruled = true;
        }
      }
      if (!overruled) {
        return true;
      }
    }
    return false;
  }

  /** Stricter: of the events that count (any "no", the person's own grants), the latest is an unexpired grant. */
  static boolean latestCountingIsValidGrant(List<ConsentEvent> history, Set<String> purposes, Instant at) {
    ConsentEvent latest = null;
    for (ConsentEvent e : history) {
      boolean counts = e.change() != ConsentChange.GRANTED || personsOwnGrant(e);
      if (purposes.contains(e.purpose()) && counts && known(e, at) && (latest == null || after(e, latest))) {
        latest = e;
      }
    }
    return latest != null && latest.change() == ConsentChange.GRANTED
        && (latest.validUntil() == null || latest.validUntil().isAfter(at));
  }

  // ---------------------------------------------------------------------------------------------
  // Consent lookups and events

  /** As the decision service looks consent up: through the ledger, over a store holding {@code events}. */
  static ConsentLookup lookup(List<ConsentEvent> events, Instant at) {
    ConsentLedger ledger = new ConsentLedger(new ListStore(events), null, null, null, null, GATES, null, null,
        OptionalInt.empty(), null);
    return (purpose, dpvPurpose) -> ledger.verdict(CUSTOMER, SUBJECT, purpose, dpvPurpose, at);
  }

  /** A read-only consent store over a list, in ledger order like the real ones. */
  record ListStore(List<ConsentEvent> all) implements ConsentEventStore {
    @Override
    public void append(List<ConsentEvent> events) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean hasSubmission(CustomerId customer, String submissionId) {
      return all.stream().anyMatch(e -> e.customer().equals(customer) && e.submissionId().equals(submissionId));
    }

    @Override
    public List<ConsentEvent> history(CustomerId customer, String subject) {
      return all.stream().filter(e -> e.customer().equals(customer) && e.subject().equals(subject))
          .sorted(ConsentHistory.ORDER).toList();
    }

    @Override
    public List<ConsentEvent> events(CustomerId customer, String subject, List<String> purposes) {
      return history(customer, subject).stream().filter(e -> purposes.contains(e.purpose())).toList();
    }
  }

  static long next(List<ConsentEvent> events) {
    return events.stream().mapToLong(ConsentEvent::logIndex).max().orElse(0) + 1;
  }

  static ConsentEvent withSource(ConsentEvent e, ConsentSource source) {
    return new ConsentEvent(e.id(), e.customer(), e.subject(), e.subjectIndex(), e.purpose(), e.change(), source,
        e.expressedAt(), e.recordedAt(), e.validUntil(), e.notice(), e.conditionOfService(), e.jurisdiction(),
        e.evidence(), e.submissionId(), e.actor(), e.logIndex());
  }

  static ConsentEvent withConditionOfService(ConsentEvent e, boolean cos) {
    return new ConsentEvent(e.id(), e.customer(), e.subject(), e.subjectIndex(), e.purpose(), e.change(), e.source(),
        e.expressedAt(), e.recordedAt(), e.validUntil(), e.notice(), cos, e.jurisdiction(), e.evidence(),
        e.submissionId(), e.actor(), e.logIndex());
  }

  static DecisionRequest withPurpose(DecisionRequest r, String purpose, boolean ownUse) {
    return new DecisionRequest(r.customer(), r.actor(), purpose, r.operation(), r.dataCategories(),
        r.dataSubjectCategory(), r.time(), r.collectedAt(), r.location(), r.recipient(), ownUse);
  }

  static String describe(Decision d) {
    StringBuilder sb = new StringBuilder(d.effect().name());
    for (Reason r : d.reasons()) {
      sb.append("\n    ").append(r.code()).append(" @ ").append(r.clause()).append(": ").append(r.detail());
    }
    return sb.toString();
  }

  static String describe(List<ConsentEvent> events) {
    StringBuilder sb = new StringBuilder();
    for (ConsentEvent e : events.stream().sorted(ConsentHistory.ORDER).toList()) {
      sb.append("    #").append(e.logIndex()).append(' ').append(e.purpose()).append(' ').append(e.change().code())
          .append(" by ").append(e.source().code()).append(e.conditionOfService() ? " (condition of service)" : "")
          .append(", expressed ").append(e.expressedAt()).append(", recorded ").append(e.recordedAt())
          .append(e.validUntil() == null ? "" : ", valid until " + e.validUntil()).append(", id ").append(e.id())
          .append('\n');
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The decision properties' {@code RandomAgreements} (package-private in
   * {@code dev.mandate.core.decision}, so reached reflectively here) plus consent: agreements with
   * marketing, advertising, TCF and sale purposes and custom purposes under them, and histories.
   */
  static final class Gen {
    private static final Class<?> TYPE;
    private static final Constructor<?> NEW;
    private static final Method AGREEMENT;
    private static final Method REQUEST;
    private static final Method CLAUSE;
    private static final Method ACCEPTED;

    static {
      try {
        TYPE = Class.forName("dev.mandate.core.decision.RandomAgreements");
        NEW = TYPE.getDeclaredConstructor(DpvTerms.class, RandomGenerator.class);
        AGREEMENT = TYPE.getDeclaredMethod("agreement");
        REQUEST = TYPE.getDeclaredMethod("request", AgreementTerms.class);
        CLAUSE = TYPE.getDeclaredMethod("clause", String.class);
        ACCEPTED = TYPE.getDeclaredMethod("accepted", AgreementTerms.class, int.class, String.class);
        for (var m : List.of(NEW, AGREEMENT, REQUEST, CLAUSE, ACCEPTED)) {
          m.setAccessible(true);
        }
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final RandomGenerator rnd;
    private final Object agreements;

    Gen(RandomGenerator rnd) {
      this.rnd = rnd;
      try {
        this.agreements = NEW.newInstance(TERMS, rnd);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Object call(Method m, Object target, Object... args) {
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Accepted, with a placeholder hash: nothing here checks hashes, and hashing every variant is slow. */
    static AgreementVersion accepted(AgreementTerms t, int version) {
      return (AgreementVersion) call(ACCEPTED, null, t, version, "hash-not-checked-here");
    }

    PurposeTerms clause(String purpose) {
      return (PurposeTerms) call(CLAUSE, agreements, purpose);
    }

    /** A generated agreement, most often with purposes that depend on the person's choice added. */
    AgreementTerms agreement() {
      AgreementTerms t = (AgreementTerms) call(AGREEMENT, agreements);
      List<PurposeTerms> clauses = new ArrayList<>(t.purposes());
      List<CustomPurpose> custom = new ArrayList<>(t.customPurposes());
      Set<String> taken = new HashSet<>();
      clauses.forEach(c -> taken.add(c.purpose()));
      if (chance(0.85)) {
        int n = 1 + nextInt(3);
        for (int i = 0; i < n; i++) {
          String p = chance(0.6) ? pick(MARKETING) : chance(0.5) ? pick(TCF_ONLY) : pick(OPT_OUT);
          if (taken.add(p)) {
            clauses.add(nextInt(clauses.size() + 1), clause(p));
          }
        }
      }
      if (chance(0.4)) {
        String id = "custom:Newsletter" + (1 + nextInt(999));
        String parent = chance(0.8) ? pick(MARKETING) : pick(CHOICE);
        if (taken.add(id)) {
          custom.add(new CustomPurpose(id, "A marketing purpose the customer named", parent));
          clauses.add(nextInt(clauses.size() + 1), clause(id));
        }
      }
      return terms(t, custom, clauses, new MarketingTerms(chance(0.7)));
    }

    static AgreementTerms terms(AgreementTerms t, List<CustomPurpose> custom, List<PurposeTerms> purposes,
        MarketingTerms marketing) {
      return new AgreementTerms(t.subjectMatter(), t.natureOfProcessing(), t.startsOn(), t.endsOn(), t.dataCategories(),
          custom, purposes, t.locations(), t.subProcessors(), t.assistance(), t.securityMeasures(), marketing,
          t.endOfContract());
    }

    /**
     * A generated request, more often than not for a purpose that depends on the person's choice
     * when the agreement has one, and then often with nothing but what the clause covers (no actor,
     * location, recipient or collection time); the processor's own use is made rarer, so that
     * marketing requests get as far as the consent gate.
     */
    DecisionRequest request(AgreementTerms t, CompiledAgreement compiled) {
      DecisionRequest r = (DecisionRequest) call(REQUEST, agreements, t);
      boolean choice = t.purposes().stream().anyMatch(p -> GATES.dependsOnChoice(compiled.dpvPurpose(p.purpose())));
      if (choice && chance(0.6)) {
        for (int i = 0; i < 4 && !GATES.dependsOnChoice(compiled.dpvPurpose(r.purpose())); i++) {
          r = (DecisionRequest) call(REQUEST, agreements, t);
        }
      }
      if (GATES.dependsOnChoice(compiled.dpvPurpose(r.purpose())) && chance(0.5)) {
        // only what the clause itself says: so that the consent gate is what decides
        return new DecisionRequest(r.customer(), null, r.purpose(), r.operation(), r.dataCategories(),
            r.dataSubjectCategory(), r.time(), null, null, null, false);
      }
      if (r.processorOwnUse() && VOCABULARY.isMarketing(compiled.dpvPurpose(r.purpose())) && chance(0.8)) {
        return withPurpose(r, r.purpose(), false);
      }
      return r;
    }

    /**
     * Zero to eight events around the request's time, on an hour grid (so that ties of expression
     * and recording are common), for the request's purpose, its DPV parent, other purposes of the
     * agreement and purposes that depend on choice. Log positions follow recording order, as in the
     * ledger; the list itself is shuffled (the ledger's order must not depend on it).
     */
    List<ConsentEvent> history(AgreementTerms t, CompiledAgreement compiled, DecisionRequest r) {
      List<String> purposes = new ArrayList<>(List.of(r.purpose(), r.purpose(), r.purpose(),
          compiled.dpvPurpose(r.purpose()), compiled.dpvPurpose(r.purpose())));
      t.purposes().forEach(p -> purposes.add(p.purpose()));
      t.customPurposes().forEach(p -> purposes.add(p.parent()));
      purposes.add(pick(CHOICE));
      int n = nextInt(9);
      List<ConsentEvent> events = new ArrayList<>();
      if (chance(GATES.dependsOnChoice(compiled.dpvPurpose(r.purpose())) ? 0.6 : 0.3)) {
        // the person's own grant for the requested purpose (or its DPV parent), before the request
        Instant expressed = r.time().minusSeconds(HOUR * (1 + nextInt(48)));
        events.add(event(chance(0.7) ? r.purpose() : compiled.dpvPurpose(r.purpose()), ConsentChange.GRANTED,
            pick(PERSON_SOURCES), expressed, chance(0.5) ? expressed : r.time(), 0));
        n = nextInt(4);
      }
      for (int i = 0; i < n; i++) {
        ConsentChange change = chance(0.5) ? ConsentChange.GRANTED : pick(List.of(ConsentChange.REFUSED,
            ConsentChange.WITHDRAWN, ConsentChange.EXPIRED));
        ConsentSource source = chance(0.25) ? ConsentSource.CUSTOMER_ASSERTED : pick(PERSON_SOURCES);
        Instant expressed = r.time().plusSeconds(HOUR * (nextInt(55) - 48) + (chance(0.1) ? nextInt(3600) : 0));
        Instant recorded = chance(0.5) ? expressed : expressed.plusSeconds(HOUR * nextInt(30));
        ConsentEvent e = event(pick(purposes), change, source, expressed, recorded, 0);
        if (change == ConsentChange.GRANTED && chance(0.4)) {
          Instant until = expressed.plusSeconds(HOUR * (1 + nextInt(72)));
          if (chance(0.15)) {
            until = r.time(); // the expiry boundary
          }
          e = new ConsentEvent(e.id(), e.customer(), e.subject(), e.subjectIndex(), e.purpose(), e.change(),
              e.source(), e.expressedAt(), e.recordedAt(), until, e.notice(), e.conditionOfService(), e.jurisdiction(),
              e.evidence(), e.submissionId(), e.actor(), e.logIndex());
        }
        events.add(withConditionOfService(e, change == ConsentChange.GRANTED && chance(0.15)));
      }
      events.sort(Comparator.comparing(ConsentEvent::recordedAt));
      List<ConsentEvent> indexed = new ArrayList<>();
      long base = nextInt(1000);
      for (int i = 0; i < events.size(); i++) {
        ConsentEvent e = events.get(i);
        indexed.add(new ConsentEvent(e.id(), e.customer(), e.subject(), e.subjectIndex(), e.purpose(), e.change(),
            e.source(), e.expressedAt(), e.recordedAt(), e.validUntil(), e.notice(), e.conditionOfService(),
            e.jurisdiction(), e.evidence(), e.submissionId(), e.actor(), base + i));
      }
      for (int i = indexed.size() - 1; i > 0; i--) {
        int j = nextInt(i + 1);
        indexed.set(i, indexed.set(j, indexed.get(i)));
      }
      return indexed;
    }

    /** One event; {@code recorded} null means when expressed; validUntil null. */
    ConsentEvent event(String purpose, ConsentChange change, ConsentSource source, Instant expressed, Instant recorded,
        long logIndex) {
      UUID id = new UUID(rnd.nextLong(), rnd.nextLong());
      return new ConsentEvent(id, CUSTOMER, SUBJECT, new byte[32], purpose, change, source, expressed,
          recorded == null ? expressed : recorded, null, new Notice("v1", "0".repeat(64), "en"), false, "EU-GDPR",
          Map.of(), "generated-" + id, "generated", logIndex);
    }

    boolean chance(double p) {
      return rnd.nextDouble() < p;
    }

    int nextInt(int bound) {
      return rnd.nextInt(bound);
    }

    long nextLong() {
      return rnd.nextLong();
    }

    <T> T pick(List<T> list) {
      return list.get(rnd.nextInt(list.size()));
    }
  }
}
