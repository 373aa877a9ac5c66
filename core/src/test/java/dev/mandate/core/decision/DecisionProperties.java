package dev.mandate.core.decision;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PROCESSING;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationUse;
import dev.mandate.core.agreement.AgreementTerms.MarketingTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the decision point, checked on random agreements and requests built from real DPV
 * terms. Seeded and reproducible: a failure names its seed, and
 * {@code ./mvnw -pl core test -Dtest=DecisionProperties -Dmandate.properties.seeds=17} (or
 * {@code 1-500}) replays it. Each seed decides {@value #AGREEMENTS} x {@value #REQUESTS} requests.
 */
class DecisionProperties {
  private static final dev.mandate.core.consent.TcfPurposeMap TCF = dev.mandate.core.consent.TcfPurposeMap.standard();
  static final int AGREEMENTS = 40;
  static final int REQUESTS = 50;

  static final Vocabulary VOCABULARY = Vocabulary.dpv();
  static final DecisionPoint DECISION_POINT = new DecisionPoint(VOCABULARY);
  static final DpvTerms TERMS = new DpvTerms(VOCABULARY);

  static LongStream seeds() {
    String configured = System.getProperty("mandate.properties.seeds", "1-20");
    String[] range = configured.split("-");
    long from = Long.parseLong(range[0].trim());
    long to = range.length > 1 ? Long.parseLong(range[1].trim()) : from;
    return LongStream.rangeClosed(from, to);
  }

  /** Calls {@code check} for every generated (agreement, request) pair of the seed. */
  interface Check {
    void run(RandomAgreements gen, AgreementTerms terms, CompiledAgreement compiled, DecisionRequest request, String where);
  }

  static void forEachRequest(long seed, Check check) {
    RandomGenerator rnd = new SplittableRandom(seed);
    RandomAgreements gen = new RandomAgreements(TERMS, rnd);
    for (int a = 0; a < AGREEMENTS; a++) {
      AgreementTerms terms = gen.agreement();
      CompiledAgreement compiled = DECISION_POINT.compile(RandomAgreements.accepted(terms, 1 + gen.nextInt(20)));
      for (int i = 0; i < REQUESTS; i++) {
        DecisionRequest r = gen.request(terms);
        String where = "seed " + seed + ", agreement " + a + ", request " + i;
        try {
          check.run(gen, terms, compiled, r, where);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\n  request: " + r + "\n  terms: " + TermsDigest.canonicalJson(terms)
              + "\n  replay: -Dmandate.properties.seeds=" + seed, e);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // (a) Deny by default

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void denyByDefault(long seed) {
    forEachRequest(seed, (gen, terms, compiled, r, where) -> {
      Decision none = DECISION_POINT.decide(r, null);
      assertThat(none.effect()).as(where).isEqualTo(Effect.DENY);
      assertThat(none.reasons()).as(where).extracting(Reason::code).containsExactly(ReasonCode.NO_ACCEPTED_AGREEMENT);
      assertThat(none.agreement()).as(where).isNull();
    });
    // Nothing but an accepted version can be put in force.
    RandomAgreements gen = new RandomAgreements(TERMS, new SplittableRandom(seed));
    AgreementVersion accepted = RandomAgreements.accepted(gen.agreement(), 1);
    for (AgreementState state : AgreementState.values()) {
      if (state != AgreementState.ACCEPTED) {
        assertThatThrownBy(() -> DECISION_POINT.compile(accepted.with(state))).as("seed %d, %s", seed, state)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // (b) A permit cites the accepted version, its hash and the one clause for the requested purpose

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void permitCitesVersionHashAndTheClauseForThePurpose(long seed) {
    int[] permits = {0};
    forEachRequest(seed, (gen, terms, compiled, r, where) -> {
      Decision d = DECISION_POINT.decide(r, compiled);
      if (!d.permitted()) {
        return;
      }
      permits[0]++;
      AgreementVersion v = compiled.version();
      assertThat(d.agreement()).as(where).isEqualTo(new AgreementRef(v.version(), TermsDigest.sha256(terms)));
      assertThat(d.agreement().termsHash()).as(where).isEqualTo(v.termsHash());
      assertThat(d.reasons()).as(where).hasSize(1);
      Reason reason = d.reasons().getFirst();
      assertThat(reason.code()).as(where).isEqualTo(ReasonCode.PERMITTED_BY_CLAUSE);
      assertThat(clausePurpose(terms, reason.clause())).as(where).isEqualTo(r.purpose());
      assertThat(d.errors()).as(where).isEmpty();
    });
    assertThat(permits[0]).as("seed %d: permits among %d requests (generator sanity)", seed, AGREEMENTS * REQUESTS)
        .isGreaterThan(AGREEMENTS * REQUESTS / 20);
  }

  // ---------------------------------------------------------------------------------------------
  // (c) Monotonicity: taking something out of the agreement never turns a DENY into a PERMIT

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void restrictingTheAgreementNeverTurnsDenyIntoPermit(long seed) {
    int[] mattered = {0};
    forEachRequest(seed, (gen, terms, compiled, r, where) -> {
      Decision before = DECISION_POINT.decide(r, compiled);
      Restriction restriction = restrict(gen, terms, r);
      CompiledAgreement narrower = DECISION_POINT.compile(
          RandomAgreements.accepted(restriction.terms(), compiled.ref().version() + 1, "hash-not-checked-here"));
      Decision after = DECISION_POINT.decide(r, narrower);
      if (!before.permitted() && after.permitted()) {
        fail("%s: a restriction turned a DENY into a PERMIT%n  restriction: %s%n  before: %s%n  after: %s", where,
            restriction.what(), DecisionCasesTest.describe(before), DecisionCasesTest.describe(after));
      } else if (before.permitted() && !after.permitted()) {
        mattered[0]++;
      }
    });
    assertThat(mattered[0]).as("seed %d: restrictions that turned a PERMIT into a DENY (generator sanity)", seed).isPositive();
  }

  record Restriction(String what, AgreementTerms terms) {}

  /** One random way of allowing less, mostly aimed at the clause the request uses. */
  static Restriction restrict(RandomAgreements gen, AgreementTerms t, DecisionRequest r) {
    int index = -1;
    for (int i = 0; i < t.purposes().size(); i++) {
      if (t.purposes().get(i).purpose().equals(r.purpose())) {
        index = i;
      }
    }
    if (index < 0 || gen.chance(0.3)) {
      index = gen.nextInt(t.purposes().size());
    }
    int i = index;
    PurposeTerms c = t.purposes().get(i);
    switch (gen.nextInt(11)) {
      case 0 -> {
        if (!c.dataCategories().isEmpty()) {
          String removed = gen.pick(c.dataCategories());
          return new Restriction("remove category " + removed + " from purposes[" + i + "]",
              withClause(t, i, new PurposeTerms(c.purpose(), without(c.dataCategories(), removed), c.operations(),
                  c.dataSubjects(), c.retentionDays(), c.legalBasis(), c.specialCategories(), c.processorOwnUse())));
        }
      }
      case 1 -> {
        if (!c.operations().isEmpty()) {
          String removed = gen.pick(c.operations());
          return new Restriction("remove operation " + removed + " from purposes[" + i + "]",
              withClause(t, i, new PurposeTerms(c.purpose(), c.dataCategories(), without(c.operations(), removed),
                  c.dataSubjects(), c.retentionDays(), c.legalBasis(), c.specialCategories(), c.processorOwnUse())));
        }
      }
      case 2 -> {
        if (!c.dataSubjects().isEmpty()) {
          String removed = gen.pick(c.dataSubjects());
          return new Restriction("remove data subject " + removed + " from purposes[" + i + "]",
              withClause(t, i, new PurposeTerms(c.purpose(), c.dataCategories(), c.operations(),
                  without(c.dataSubjects(), removed), c.retentionDays(), c.legalBasis(), c.specialCategories(),
                  c.processorOwnUse())));
        }
      }
      case 3 -> {
        List<PurposeTerms> purposes = new ArrayList<>(t.purposes());
        purposes.remove(i);
        return new Restriction("remove purpose clause purposes[" + i + "] " + c.purpose(), withPurposes(t, purposes));
      }
      case 4 -> {
        if (!t.locations().isEmpty()) {
          int l = gen.nextInt(t.locations().size());
          List<LocationTerms> locations = new ArrayList<>(t.locations());
          LocationTerms loc = locations.remove(l);
          if (loc.uses().size() > 1 && gen.chance(0.5)) {
            locations.add(l, new LocationTerms(loc.country(), List.of(LocationUse.STORAGE), loc.transferSafeguard()));
            return new Restriction("location " + loc.country() + " for storage only", with(t, x -> x.locations = locations));
          }
          return new Restriction("remove location " + loc.country(), with(t, x -> x.locations = locations));
        }
      }
      case 5 -> {
        if (!t.subProcessors().isEmpty()) {
          int s = gen.nextInt(t.subProcessors().size());
          List<SubProcessorTerms> subs = new ArrayList<>(t.subProcessors());
          SubProcessorTerms sub = subs.remove(s);
          if (sub.purposes().size() > 1) {
            // Narrow its purposes but never to the empty list, which means "all purposes".
            String removed = gen.pick(sub.purposes());
            subs.add(s, new SubProcessorTerms(sub.name(), sub.country(), sub.authorisation(), without(sub.purposes(), removed)));
            return new Restriction("sub-processor " + sub.name() + " no longer for " + removed, with(t, x -> x.subProcessors = subs));
          }
          return new Restriction("remove sub-processor " + sub.name(), with(t, x -> x.subProcessors = subs));
        }
      }
      case 6 -> {
        return new Restriction("no special categories in purposes[" + i + "]",
            withClause(t, i, new PurposeTerms(c.purpose(), c.dataCategories(), c.operations(), c.dataSubjects(),
                c.retentionDays(), c.legalBasis(), SpecialCategories.NONE, c.processorOwnUse())));
      }
      case 7 -> {
        int days = 1 + gen.nextInt(c.retentionDays());
        return new Restriction("retention of purposes[" + i + "] " + days + " days",
            withClause(t, i, new PurposeTerms(c.purpose(), c.dataCategories(), c.operations(), c.dataSubjects(),
                days, c.legalBasis(), c.specialCategories(), c.processorOwnUse())));
      }
      case 8 -> {
        return new Restriction("marketing not instructed", with(t, x -> x.marketing = new MarketingTerms(false)));
      }
      case 9 -> {
        if (gen.chance(0.5)) {
          LocalDate later = t.startsOn().plusDays(1 + gen.nextInt(400));
          return new Restriction("starts later, on " + later, with(t, x -> x.startsOn = later));
        }
        LocalDate earlier = t.startsOn().plusDays(1 + gen.nextInt(400));
        LocalDate end = t.endsOn() == null || earlier.isBefore(t.endsOn()) ? earlier : t.endsOn();
        return new Restriction("ends earlier, on " + end, with(t, x -> x.endsOn = end));
      }
      case 10 -> {
        if (c.processorOwnUse()) {
          return new Restriction("purposes[" + i + "] not for the processor's own use",
              withClause(t, i, new PurposeTerms(c.purpose(), c.dataCategories(), c.operations(), c.dataSubjects(),
                  c.retentionDays(), c.legalBasis(), c.specialCategories(), false)));
        }
        if (!t.customPurposes().isEmpty()) {
          CustomPurpose removed = t.customPurposes().getFirst();
          return new Restriction("custom purpose " + removed.id() + " no longer declared",
              with(t, x -> x.customPurposes = t.customPurposes().subList(1, t.customPurposes().size())));
        }
      }
      default -> throw new IllegalStateException();
    }
    List<PurposeTerms> purposes = new ArrayList<>(t.purposes());
    purposes.remove(i);
    return new Restriction("remove purpose clause purposes[" + i + "] " + c.purpose(), withPurposes(t, purposes));
  }

  // ---------------------------------------------------------------------------------------------
  // (d) Every DENY says why; every decision is repeatable

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyDenyHasAReason(long seed) {
    int[] denies = {0};
    forEachRequest(seed, (gen, terms, compiled, r, where) -> {
      Decision d = DECISION_POINT.decide(r, compiled);
      assertThat(DECISION_POINT.decide(r, compiled)).as("%s: the same question gets the same answer", where).isEqualTo(d);
      for (Reason reason : d.reasons()) {
        assertThat(reason.code()).as(where).isNotNull();
        assertThat(reason.detail()).as(where).isNotBlank();
      }
      if (!d.permitted()) {
        denies[0]++;
        assertThat(d.reasons()).as(where).isNotEmpty();
        assertThat(d.reasons()).as(where).extracting(Reason::code).doesNotContain(ReasonCode.PERMITTED_BY_CLAUSE);
        assertThat(d.agreement()).as("%s: a denial under an agreement cites it", where).isEqualTo(compiled.ref());
      }
    });
    assertThat(denies[0]).as("seed %d: denials (generator sanity)", seed).isGreaterThan(AGREEMENTS * REQUESTS / 4);
  }

  // ---------------------------------------------------------------------------------------------
  // (e) Adding a clause for another purpose changes nothing for this purpose

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void addingAnUnrelatedPurposeChangesNothing(long seed) {
    forEachRequest(seed, (gen, terms, compiled, r, where) -> {
      Set<String> taken = new HashSet<>();
      terms.purposes().forEach(p -> taken.add(p.purpose()));
      taken.add(r.purpose());
      String other = gen.pick(TERMS.pool(PURPOSE));
      if (taken.contains(other)) {
        return;
      }
      List<PurposeTerms> purposes = new ArrayList<>(terms.purposes());
      int at = gen.nextInt(purposes.size() + 1);
      purposes.add(at, gen.clause(other));
      AgreementTerms wider = withPurposes(terms, purposes);
      Decision before = DECISION_POINT.decide(r, compiled);
      Decision after = DECISION_POINT.decide(r,
          DECISION_POINT.compile(RandomAgreements.accepted(wider, compiled.ref().version() + 1, "hash-not-checked-here")));
      if (!signature(wider, after).equals(signature(terms, before))) {
        fail("%s: adding a clause for %s at purposes[%d] changed the decision%n  before: %s%n  after: %s", where, other,
            at, DecisionCasesTest.describe(before), DecisionCasesTest.describe(after));
      }
    });
  }

  /** Effect and reasons, with clause numbers replaced by the purpose they stand for. */
  static List<String> signature(AgreementTerms t, Decision d) {
    List<String> parts = new ArrayList<>();
    for (Reason reason : d.reasons()) {
      String clause = reason.clause() != null && reason.clause().startsWith("purposes[")
          ? "clause for " + clausePurpose(t, reason.clause()) : reason.clause();
      parts.add(reason.code() + " @ " + clause);
    }
    parts.sort(Comparator.naturalOrder());
    parts.addFirst(d.effect().name());
    return parts;
  }

  // ---------------------------------------------------------------------------------------------
  // (f) The compiled decision point agrees with a naive reading of the terms

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void agreesWithANaiveReadingOfTheTerms(long seed) {
    forEachRequest(seed, (gen, terms, compiled, r, where) -> {
      Decision d = DECISION_POINT.decide(r, compiled);
      assertThat(d.effect()).as("%s%n  got: %s", where, DecisionCasesTest.describe(d)).isEqualTo(naive(terms, r));
    });
  }

  /** ADR 0003 read literally: a linear scan of the terms with the vocabulary's isSubsumedBy. */
  static Effect naive(AgreementTerms t, DecisionRequest r) {
    Vocabulary v = VOCABULARY;
    Instant start = t.startsOn().atStartOfDay(ZoneOffset.UTC).toInstant();
    if (r.time().isBefore(start) || (t.endsOn() != null && !r.time().isBefore(t.endsOn().atStartOfDay(ZoneOffset.UTC).toInstant()))) {
      return Effect.DENY;
    }
    String dpvPurpose = r.purpose();
    boolean custom = false;
    for (CustomPurpose c : t.customPurposes()) {
      if (c.id().equals(r.purpose())) {
        dpvPurpose = c.parent();
        custom = true;
      }
    }
    if (!(custom || v.isKnown(PURPOSE, r.purpose())) || !v.isKnown(PROCESSING, r.operation())
        || r.dataCategories().isEmpty() || !r.dataCategories().stream().allMatch(c -> v.isKnown(PERSONAL_DATA, c))
        || !v.isKnown(DATA_SUBJECT, r.dataSubjectCategory())) {
      return Effect.DENY;
    }
    if (r.actor() != null && r.actor().role() == Role.PROCESSOR_SERVICE && !r.actor().purposes().contains(r.purpose())) {
      return Effect.DENY;
    }
    PurposeTerms clause = null;
    for (PurposeTerms p : t.purposes()) {
      if (p.purpose().equals(r.purpose())) {
        clause = p;
      }
    }
    // no data subject is named here, so every purpose that needs the person's consent is denied (PR-823-01 b)
    if (clause == null || (r.processorOwnUse() && !clause.processorOwnUse()) || v.isMarketing(dpvPurpose)
        || TCF.consentRequired(dpvPurpose)) {
      return Effect.DENY;
    }
    PurposeTerms c = clause;
    if (c.operations().stream().noneMatch(o -> v.isSubsumedBy(PROCESSING, r.operation(), o))
        || c.dataSubjects().stream().noneMatch(s -> v.isSubsumedBy(DATA_SUBJECT, r.dataSubjectCategory(), s))) {
      return Effect.DENY;
    }
    boolean special = c.specialCategories() != null && c.specialCategories().allowed();
    for (String category : r.dataCategories()) {
      if (c.dataCategories().stream().noneMatch(a -> v.isSubsumedBy(PERSONAL_DATA, category, a))
          || (!special && v.isSpecialCategory(category))) {
        return Effect.DENY;
      }
    }
    if (r.collectedAt() != null && !r.collectedAt().plusSeconds(c.retentionDays() * 86_400L).isAfter(r.time())) {
      return Effect.DENY;
    }
    if (r.location() != null && t.locations().stream()
        .noneMatch(l -> l.country().equals(r.location()) && l.uses().contains(LocationUse.PROCESSING))) {
      return Effect.DENY;
    }
    if (r.recipient() != null && t.subProcessors().stream()
        .noneMatch(s -> s.name().equals(r.recipient()) && (s.purposes().isEmpty() || s.purposes().contains(r.purpose())))) {
      return Effect.DENY;
    }
    return Effect.PERMIT;
  }

  // ---------------------------------------------------------------------------------------------
  // Building changed terms

  static String clausePurpose(AgreementTerms t, String clause) {
    assertThat(clause).matches("purposes\\[\\d+]");
    return t.purposes().get(Integer.parseInt(clause.substring(9, clause.length() - 1))).purpose();
  }

  static <T> List<T> without(List<T> list, T removed) {
    List<T> out = new ArrayList<>(list);
    out.remove(removed);
    return out;
  }

  static AgreementTerms withClause(AgreementTerms t, int i, PurposeTerms clause) {
    List<PurposeTerms> purposes = new ArrayList<>(t.purposes());
    purposes.set(i, clause);
    return withPurposes(t, purposes);
  }

  static AgreementTerms withPurposes(AgreementTerms t, List<PurposeTerms> purposes) {
    return with(t, x -> x.purposes = purposes);
  }

  /** Mutable copy of the terms' fields, for "the same terms except ...". */
  static final class Draft {
    String subjectMatter;
    String natureOfProcessing;
    LocalDate startsOn;
    LocalDate endsOn;
    List<String> dataCategories;
    List<CustomPurpose> customPurposes;
    List<PurposeTerms> purposes;
    List<LocationTerms> locations;
    List<SubProcessorTerms> subProcessors;
    AgreementTerms.AssistanceTerms assistance;
    List<String> securityMeasures;
    MarketingTerms marketing;
    AgreementTerms.EndOfContract endOfContract;
  }

  static AgreementTerms with(AgreementTerms t, java.util.function.Consumer<Draft> change) {
    Draft d = new Draft();
    d.subjectMatter = t.subjectMatter();
    d.natureOfProcessing = t.natureOfProcessing();
    d.startsOn = t.startsOn();
    d.endsOn = t.endsOn();
    d.dataCategories = t.dataCategories();
    d.customPurposes = t.customPurposes();
    d.purposes = t.purposes();
    d.locations = t.locations();
    d.subProcessors = t.subProcessors();
    d.assistance = t.assistance();
    d.securityMeasures = t.securityMeasures();
    d.marketing = t.marketing();
    d.endOfContract = t.endOfContract();
    change.accept(d);
    return new AgreementTerms(d.subjectMatter, d.natureOfProcessing, d.startsOn, d.endsOn, d.dataCategories,
        d.customPurposes, d.purposes, d.locations, d.subProcessors, d.assistance, d.securityMeasures, d.marketing,
        d.endOfContract);
  }
}
