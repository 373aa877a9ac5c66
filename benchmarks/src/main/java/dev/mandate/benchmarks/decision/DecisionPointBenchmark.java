package dev.mandate.benchmarks.decision;

import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.AssistanceTerms;
import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.agreement.AgreementTerms.EndOfContract;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationUse;
import dev.mandate.core.agreement.AgreementTerms.MarketingTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.CompiledAgreement;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.DecisionPoint;
import dev.mandate.core.decision.DecisionRequest;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.decision.ReasonCode;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decision point on an agreement of 50 purposes built from real DPV 2.3 terms (about 6 data
 * categories and 4 operations each). Targets: at least 1M decisions/s on one thread and p99 at most
 * 5 µs. Throughput methods report ops/s; {@code latency_*} methods sample single calls (ns/op with
 * p50, p99, p99.9). {@code naive_*} is the baseline the compiled agreement must beat: a linear scan
 * of the terms list with {@code Vocabulary.isSubsumedBy} for every allowed term.
 *
 * <p>Each scenario cycles through {@value #N} different pre-built requests so that no single request
 * is hot. The mix is 60% permits, 20% denied for a data category, 20% denied for a purpose.
 *
 * <pre>
 * java -cp "benchmarks/target/mandate-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *   org.openjdk.jmh.Main DecisionPointBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -t 1
 * </pre>
 */
@State(Scope.Thread)
public class DecisionPointBenchmark {
  static final int N = 1024;
  static final CustomerId CUSTOMER = new CustomerId("bench-customer");
  static final Instant NOW = Instant.parse("2026-06-15T09:30:00Z");

  static final List<String> PURPOSES = List.of(
      "dpv:AcademicResearch", "dpv:AccountManagement", "dpv:AgeVerification", "dpv:CommercialResearch",
      "dpv:CommunicationForCustomerCare", "dpv:CommunicationManagement", "dpv:CounterMoneyLaundering",
      "dpv:CustomerCare", "dpv:CustomerClaimsManagement", "dpv:CustomerManagement", "dpv:CustomerOrderManagement",
      "dpv:CustomerRelationshipManagement", "dpv:CustomerSolvencyMonitoring", "dpv:DeliveryOfGoods",
      "dpv:DisputeManagement", "dpv:EnforceAccessControl", "dpv:EnforceSecurity", "dpv:EstablishContractualAgreement",
      "dpv:FraudPreventionAndDetection", "dpv:FulfilmentOfContractualObligation", "dpv:HumanResourceManagement",
      "dpv:IdentityAuthentication", "dpv:IdentityVerification", "dpv:ImproveExistingProductsAndServices",
      "dpv:IncreaseServiceRobustness", "dpv:InternalResourceOptimisation", "dpv:LegalCompliance",
      "dpv:MaintainFraudDatabase", "dpv:MemberPartnerManagement", "dpv:MisusePreventionAndDetection",
      "dpv:OptimiseUserInterface", "dpv:OrganisationComplianceManagement", "dpv:OrganisationRiskManagement",
      "dpv:PaymentManagement", "dpv:PersonnelHiring", "dpv:PersonnelManagement", "dpv:PersonnelPayment",
      "dpv:PersonnelOffboarding", "dpv:ProvideProductRecommendations", "dpv:RecordManagement",
      "dpv:RepairImpairments", "dpv:RequestedServiceProvision", "dpv:ScientificResearch",
      "dpv:SearchFunctionalities", "dpv:ServiceProvision", "dpv:ServiceRegistration", "dpv:ServiceUsageAnalytics",
      "dpv:TechnicalServiceProvision", "dpv:VendorManagement", "dpv:VendorPayment");
  /** Purposes the agreement does not list (requests for them are denied). */
  static final List<String> OTHER_PURPOSES = List.of(
      "dpv:SellDataToThirdParties", "dpv:PersonnelMonitoring", "dpv:ProvideEventRecommendations",
      "dpv:PersonnelPerformanceManagement", "dpv:ImproveHealthcare", "dpv:SellInsightsFromData", "dpv:ServiceOptimisation",
      "dpv:UserInterfacePersonalisation");
  static final List<String> CATEGORIES = List.of(
      "pd:Name", "pd:Contact", "pd:EmailAddress", "pd:TelephoneNumber", "pd:PhysicalAddress", "pd:BirthDate",
      "pd:Identifying", "pd:OfficialID", "pd:Username", "pd:Purchase", "pd:Transaction", "pd:PaymentCard",
      "pd:BankAccount", "pd:Salary", "pd:Income", "pd:Tax", "pd:DeviceBased", "pd:IPAddress", "pd:UserAgent",
      "pd:BrowsingBehaviour", "pd:Location", "pd:Preference", "pd:Interest", "pd:EmploymentHistory",
      "pd:PerformanceAtWork", "pd:Education", "pd:Language", "pd:Gender", "pd:AgeRange", "pd:CreditScore");
  static final List<String> OPERATIONS = List.of(
      "dpv:Collect", "dpv:Store", "dpv:Use", "dpv:Retrieve", "dpv:Analyse", "dpv:Transmit", "dpv:Share",
      "dpv:Erase", "dpv:Modify", "dpv:Consult", "dpv:Combine", "dpv:Pseudonymise");
  static final List<String> SUBJECTS = List.of("dpv:Customer", "dpv:Employee", "dpv:User", "dpv:Consumer");

  Vocabulary vocabulary;
  DecisionPoint decisionPoint;
  CompiledAgreement compiled;
  NaiveDecider naive;

  DecisionRequest[] permit;
  DecisionRequest[] denyCategory;
  DecisionRequest[] denyPurpose;
  DecisionRequest[] mixed;
  int i;

  @Setup
  public void setUp() {
    vocabulary = Vocabulary.dpv();
    decisionPoint = new DecisionPoint(vocabulary);
    AgreementTerms terms = agreement(new SplittableRandom(50));
    AgreementVersion version = new AgreementVersion(CUSTOMER, 7, AgreementState.ACCEPTED, terms, TermsDigest.sha256(terms),
        new Stamp("key_benchadmin000001/processor-admin", Instant.parse("2025-12-01T00:00:00Z")),
        new Stamp("key_benchadmin000001/processor-admin", Instant.parse("2025-12-01T00:00:00Z")),
        new Stamp("key_benchdpo00000001/customer-dpo", Instant.parse("2025-12-02T00:00:00Z")), null, null);
    compiled = decisionPoint.compile(version);
    naive = new NaiveDecider(vocabulary, terms);

    SplittableRandom rnd = new SplittableRandom(2026);
    permit = new DecisionRequest[N];
    denyCategory = new DecisionRequest[N];
    denyPurpose = new DecisionRequest[N];
    mixed = new DecisionRequest[N];
    for (int k = 0; k < N; k++) {
      permit[k] = request(rnd, terms, Kind.PERMIT);
      denyCategory[k] = request(rnd, terms, Kind.DENY_CATEGORY);
      denyPurpose[k] = request(rnd, terms, Kind.DENY_PURPOSE);
      int bucket = rnd.nextInt(10);
      mixed[k] = bucket < 6 ? permit[k] : bucket < 8 ? denyCategory[k] : denyPurpose[k];
    }
    // The scenarios are what they claim, and the baseline answers the same.
    for (int k = 0; k < N; k++) {
      expect(permit[k], Effect.PERMIT, ReasonCode.PERMITTED_BY_CLAUSE);
      expect(denyCategory[k], Effect.DENY, ReasonCode.DATA_CATEGORY_NOT_ALLOWED);
      expect(denyPurpose[k], Effect.DENY, ReasonCode.PURPOSE_NOT_IN_AGREEMENT);
    }
  }

  private void expect(DecisionRequest r, Effect effect, ReasonCode code) {
    Decision d = decisionPoint.decide(r, compiled);
    Decision n = naive.decide(r);
    if (d.effect() != effect || !d.reasonCodes().equals(List.of(code.name())) || !n.reasonCodes().equals(d.reasonCodes())) {
      throw new IllegalStateException("scenario setup is wrong for " + r + ": " + d + " / naive " + n);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Throughput (ops/s)

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision decide_permit() {
    return decisionPoint.decide(permit[next()], compiled);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision decide_denyCategory() {
    return decisionPoint.decide(denyCategory[next()], compiled);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision decide_denyPurpose() {
    return decisionPoint.decide(denyPurpose[next()], compiled);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision decide_mixed() {
    return decisionPoint.decide(mixed[next()], compiled);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision naive_mixed() {
    return naive.decide(mixed[next()]);
  }

  // ---------------------------------------------------------------------------------------------
  // Latency percentiles (ns/op; JMH prints p0.50, p0.99, p0.999)

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Decision latency_decide_permit() {
    return decisionPoint.decide(permit[next()], compiled);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Decision latency_decide_mixed() {
    return decisionPoint.decide(mixed[next()], compiled);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Decision latency_naive_mixed() {
    return naive.decide(mixed[next()]);
  }

  private int next() {
    int k = i;
    i = (k + 1) & (N - 1);
    return k;
  }

  // ---------------------------------------------------------------------------------------------
  // The agreement and the requests

  static AgreementTerms agreement(SplittableRandom rnd) {
    List<PurposeTerms> clauses = new ArrayList<>();
    for (String purpose : PURPOSES) {
      clauses.add(new PurposeTerms(purpose, sample(rnd, CATEGORIES, 6), sample(rnd, OPERATIONS, 4),
          sample(rnd, SUBJECTS, 2), 365 + rnd.nextInt(3000), "eu-gdpr:A6-1-b", SpecialCategories.NONE, false));
    }
    return new AgreementTerms("Benchmark processing service", "Hosting and processing customer records.",
        LocalDate.of(2026, 1, 1), null, CATEGORIES, List.of(), clauses,
        List.of(new LocationTerms("DE", List.of(LocationUse.PROCESSING, LocationUse.STORAGE), null),
            new LocationTerms("IE", List.of(LocationUse.STORAGE), null),
            new LocationTerms("US", List.of(LocationUse.PROCESSING), "eu-gdpr:SCCByCommission")),
        List.of(new SubProcessorTerms("Nimbus Cloud Ireland Ltd", "IE", Authorisation.GENERAL, List.of()),
            new SubProcessorTerms("Payslip Print GmbH", "DE", Authorisation.SPECIFIC, List.of("dpv:PersonnelPayment"))),
        new AssistanceTerms(10, 48), List.of("dpv:EncryptionAtRest"), new MarketingTerms(false), EndOfContract.DELETE);
  }

  enum Kind { PERMIT, DENY_CATEGORY, DENY_PURPOSE }

  /** A realistic request: an actor key, two or three categories (often narrower ones), retention and location given. */
  DecisionRequest request(SplittableRandom rnd, AgreementTerms t, Kind kind) {
    PurposeTerms clause = t.purposes().get(rnd.nextInt(t.purposes().size()));
    String purpose = kind == Kind.DENY_PURPOSE ? OTHER_PURPOSES.get(rnd.nextInt(OTHER_PURPOSES.size())) : clause.purpose();
    List<String> categories = new ArrayList<>();
    int n = 2 + rnd.nextInt(2);
    for (int k = 0; k < n; k++) {
      categories.add(narrower(rnd, TermKind.PERSONAL_DATA, clause.dataCategories().get(rnd.nextInt(clause.dataCategories().size()))));
    }
    if (kind == Kind.DENY_CATEGORY) {
      String outside;
      do {
        outside = CATEGORIES.get(rnd.nextInt(CATEGORIES.size()));
      } while (covered(TermKind.PERSONAL_DATA, outside, clause.dataCategories()));
      categories.set(rnd.nextInt(categories.size()), outside);
    }
    String operation = narrower(rnd, TermKind.PROCESSING, clause.operations().get(rnd.nextInt(clause.operations().size())));
    String subject = narrower(rnd, TermKind.DATA_SUBJECT, clause.dataSubjects().get(rnd.nextInt(clause.dataSubjects().size())));
    Principal actor = new Principal(new ApiKeyId("key_benchservice0001"), Role.PROCESSOR_SERVICE, Set.of(CUSTOMER),
        Set.copyOf(List.of(purpose, "dpv:ServiceProvision", "dpv:CustomerCare")));
    Instant collectedAt = NOW.minusSeconds(rnd.nextLong(0, 300L * 86_400));
    String location = rnd.nextBoolean() ? "DE" : "US";
    String recipient = rnd.nextInt(4) == 0 ? "Nimbus Cloud Ireland Ltd" : null;
    return new DecisionRequest(CUSTOMER, actor, purpose, operation, categories, subject, NOW, collectedAt, location,
        recipient, false);
  }

  /** The term itself or, half of the time, a known narrower term of the same kind (not special). */
  String narrower(SplittableRandom rnd, TermKind kind, String term) {
    if (rnd.nextBoolean()) {
      return term;
    }
    List<String> below = vocabulary.terms(kind).stream().map(x -> x.id())
        .filter(id -> vocabulary.isSubsumedBy(kind, id, term))
        .filter(id -> kind != TermKind.PERSONAL_DATA || !vocabulary.isSpecialCategory(id))
        .toList();
    return below.isEmpty() ? term : below.get(rnd.nextInt(below.size()));
  }

  boolean covered(TermKind kind, String term, List<String> allowed) {
    for (String a : allowed) {
      if (vocabulary.isSubsumedBy(kind, term, a)) {
        return true;
      }
    }
    return false;
  }

  static List<String> sample(SplittableRandom rnd, List<String> from, int n) {
    List<String> pool = new ArrayList<>(from);
    List<String> out = new ArrayList<>();
    for (int k = 0; k < n && !pool.isEmpty(); k++) {
      out.add(pool.remove(rnd.nextInt(pool.size())));
    }
    return out;
  }
}
