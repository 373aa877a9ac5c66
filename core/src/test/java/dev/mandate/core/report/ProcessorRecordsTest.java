package dev.mandate.core.report;

import static dev.mandate.core.agreement.AgreementTerms.LocationUse.PROCESSING;
import static dev.mandate.core.agreement.AgreementTerms.LocationUse.STORAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.AssistanceTerms;
import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.EndOfContract;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.MarketingTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.customer.CustomerStore;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.Forbidden;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.report.ProcessorRecord.RecipientRole;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The processor's record of processing activities (GDPR Art. 30(2); ISO 27701 8.2.6, PR-826-01). */
class ProcessorRecordsTest {
  static final CustomerId ACME = new CustomerId("acme");
  static final CustomerId BETA = new CustomerId("beta");
  static final Instant NOW = Instant.parse("2027-01-05T12:00:00Z");
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
  static final ProcessorIdentity IDENTITY = new ProcessorIdentity(
      new Party("Payroll Cloud GmbH", "privacy@payroll-cloud.example"),
      new Party("Dr. Petra Schmidt", "dpo@payroll-cloud.example"),
      null);

  final Map<CustomerId, List<AgreementVersion>> versions = new LinkedHashMap<>();
  final List<ActivityCount> activity = new ArrayList<>();
  final List<Instant[]> activityQueries = new ArrayList<>();
  final ProcessorRecords records;

  ProcessorRecordsTest() {
    Map<CustomerId, Customer> customers = new LinkedHashMap<>();
    customers.put(ACME, customer(ACME, "Acme GmbH", Set.of(Jurisdiction.EU_GDPR)));
    customers.put(BETA, customer(BETA, "Beta Secret Corp", Set.of(Jurisdiction.EU_GDPR)));
    ProcessingLog log = processingLog();
    records = new ProcessorRecords(new CustomerService(new MapCustomerStore(customers), log, clock()),
        new ListAgreementStore(versions), log, IDENTITY, clock());
  }

  // Access: deny by default ------------------------------------------------------------------

  @ParameterizedTest(name = "{0} may read the record")
  @CsvSource({"processor-admin", "customer-dpo", "auditor"})
  void readableByAdminsTheCustomersDpoAndAuditors(String role) {
    assertThat(records.generate(principal(role, ACME), ACME, FROM, TO).customer()).isEqualTo(ACME);
  }

  @Test
  void notByTheProcessorsApplications() {
    assertThatThrownBy(() -> records.generate(principal("processor-service", ACME), ACME, FROM, TO))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  void anotherCustomersRecordLooksLikeAMissingCustomer() {
    Principal acmeDpo = principal("customer-dpo", ACME);
    assertThatThrownBy(() -> records.generate(acmeDpo, BETA, FROM, TO))
        .isInstanceOf(NotFound.class).hasMessage("No customer 'beta'.");
    assertThatThrownBy(() -> records.generate(acmeDpo, new CustomerId("nobody"), FROM, TO))
        .isInstanceOf(NotFound.class).hasMessage("No customer 'nobody'.");
    // visibility is checked before the period, so a bad period tells nothing either
    assertThatThrownBy(() -> records.generate(acmeDpo, BETA, "nonsense", null)).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> records.generate(principal("processor-service", ACME), ACME, "nonsense", null))
        .isInstanceOf(Forbidden.class);
  }

  @Test
  void aBadPeriodIsInvalidInput() {
    assertThatThrownBy(() -> records.generate(principal("customer-dpo", ACME), ACME, TO, FROM))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors())
            .extracting(FieldError::field, FieldError::code).containsExactly(tuple("to", "NOT_AFTER_FROM")));
    assertThatThrownBy(() -> records.generate(principal("customer-dpo", ACME), ACME, "2026-01-01", "2027-06-01"))
        .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.errors())
            .extracting(FieldError::code).containsExactly("PERIOD_TOO_LONG"));
    assertThat(activityQueries).isEmpty();
  }

  // (a) names and contact details ------------------------------------------------------------

  @Test
  void namesTheProcessorFromConfigurationAndTheControllerFromTheCustomer() {
    ProcessorRecord r = records.generate(principal("processor-admin", null), ACME, "2026-01-01", "2027-01-01");
    assertThat(r.from()).isEqualTo(FROM);
    assertThat(r.to()).isEqualTo(TO);
    assertThat(r.generatedAt()).isEqualTo(NOW);
    assertThat(r.processors()).containsExactly(new Party("Payroll Cloud GmbH", "privacy@payroll-cloud.example"));
    assertThat(r.processorRepresentative()).isNull();
    assertThat(r.controller()).isEqualTo(new Party("Acme GmbH", "privacy@acme.example"));
    assertThat(r.controllerRepresentative()).isNull();
    assertThat(r.dpo().controller()).isEqualTo(new Party("Dana Okafor", "dpo@acme.example, +49 30 1234567"));
    assertThat(r.dpo().processor()).isEqualTo(new Party("Dr. Petra Schmidt", "dpo@payroll-cloud.example"));
  }

  // Agreement versions in force during the period ----------------------------------------------

  /**
   * Period [2026-01-01, 2027-01-01). A version counts when it was accepted before the end and was
   * not closed (superseded or terminated) at or before the start.
   */
  @ParameterizedTest(name = "{0} accepted {1}, closed {2}: in period = {3}")
  @CsvSource(nullValues = "-", value = {
      "ACCEPTED,   2025-06-01T00:00:00Z, -,                    true",
      "ACCEPTED,   2026-12-31T23:59:59Z, -,                    true",
      "ACCEPTED,   2027-01-01T00:00:00Z, -,                    false",  // accepted at the very end: not in force during it
      "SUPERSEDED, 2025-01-01T00:00:00Z, 2026-01-01T00:00:00Z, false",  // closed exactly at the start
      "SUPERSEDED, 2025-01-01T00:00:00Z, 2026-01-01T00:00:01Z, true",
      "SUPERSEDED, 2026-02-01T00:00:00Z, 2026-03-01T00:00:00Z, true",
      "TERMINATED, 2025-01-01T00:00:00Z, 2025-12-31T00:00:00Z, false",
      "TERMINATED, 2026-05-01T00:00:00Z, 2026-06-01T00:00:00Z, true",
      "REJECTED,   -,                    2026-02-01T00:00:00Z, false",
      "OFFERED,    -,                    -,                    false",
      "DRAFT,      -,                    -,                    false",
  })
  void versionsInForceDuringThePeriod(AgreementState state, Instant accepted, Instant closed, boolean expected) {
    AgreementVersion v = version(1, state, payroll(), accepted, closed);
    assertThat(ProcessorRecords.inForceDuring(v, RecordPeriod.of(FROM, TO))).isEqualTo(expected);
  }

  @Test
  void listsTheVersionsThatAppliedWithWhenTheyWereAcceptedAndSuperseded() {
    versions.put(ACME, List.of(
        version(1, AgreementState.SUPERSEDED, payroll(), Instant.parse("2025-12-01T00:00:00Z"),
            Instant.parse("2026-04-01T00:00:00Z")),
        version(2, AgreementState.ACCEPTED, payrollV2(), Instant.parse("2026-04-01T00:00:00Z"), null),
        version(3, AgreementState.OFFERED, payrollV2(), null, null)));
    ProcessorRecord r = generate();
    assertThat(r.agreementVersions()).extracting(a -> a.version(), a -> a.acceptedAt(), a -> a.supersededAt(),
        a -> a.terminatedAt())
        .containsExactly(
            tuple(1, Instant.parse("2025-12-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"), null),
            tuple(2, Instant.parse("2026-04-01T00:00:00Z"), null, null));
    assertThat(r.agreementVersions().getFirst().termsHash()).isEqualTo(TermsDigest.sha256(payroll()));
    assertThat(r.agreementVersions().getFirst().acceptedBy()).isEqualTo("key_dpo/customer-dpo");
    assertThat(r.agreementVersions().getFirst().startsOn()).isEqualTo(LocalDate.parse("2026-01-01"));
  }

  // (b) categories of processing --------------------------------------------------------------

  @Test
  void categoriesArePurposesWithWhatEachVersionAllowsMerged() {
    versions.put(ACME, List.of(
        version(1, AgreementState.SUPERSEDED, payroll(), Instant.parse("2025-12-01T00:00:00Z"),
            Instant.parse("2026-04-01T00:00:00Z")),
        version(2, AgreementState.ACCEPTED, payrollV2(), Instant.parse("2026-04-01T00:00:00Z"), null)));
    ProcessorRecord r = generate();
    assertThat(r.processingCategories()).extracting(c -> c.purpose(), c -> c.label(), c -> c.parentPurpose(),
        c -> c.operations(), c -> c.dataCategories(), c -> c.agreementVersions())
        .containsExactly(
            tuple("custom:MonthlyPayroll", "Monthly payroll run", "dpv:PersonnelPayment",
                List.of("dpv:Store", "dpv:Use", "dpv:Erase"), List.of("pd:Name", "pd:Salary", "pd:BankAccount"),
                List.of(1, 2)),
            tuple("dpv:CommunicationManagement", null, null, List.of("dpv:Use"), List.of("pd:EmailAddress"),
                List.of(1)),
            tuple("dpv:PersonnelManagement", null, null, List.of("dpv:Use"), List.of("pd:Name"), List.of(2)));
    assertThat(r.processingCategories().getFirst().dataSubjects()).containsExactly("dpv:Employee");
    assertThat(r.tomDescription().measures())
        .containsExactly("dpv:Encryption", "dpv:AccessControlMethod", "dpv:Pseudonymisation");
    assertThat(r.tomDescription().description()).contains("AES-256-GCM").contains("pseudonym");
  }

  @Test
  void withoutAnAgreementInForceTheRecordSaysSo() {
    versions.put(ACME, List.of(version(1, AgreementState.OFFERED, payroll(), null, null)));
    ProcessorRecord r = generate();
    assertThat(r.agreementVersions()).isEmpty();
    assertThat(r.processingCategories()).isEmpty();
    assertThat(r.transfers()).isEmpty();
    assertThat(r.subProcessors()).isEmpty();
    assertThat(r.tomDescription().measures()).isEmpty();
    assertThat(r.tomDescription().description()).isNotBlank();
  }

  // (c) transfers and sub-processors ----------------------------------------------------------

  @Test
  void transfersAreThirdCountryLocationsAndSubProcessorsWithTheirSafeguards() {
    versions.put(ACME, List.of(version(1, AgreementState.ACCEPTED, payroll(), Instant.parse("2025-12-01T00:00:00Z"),
        null)));
    ProcessorRecord r = generate();
    assertThat(r.transfers()).extracting(t -> t.country(), t -> t.recipient(), t -> t.recipientRole(),
        t -> t.mechanism(), t -> t.art49_2Safeguards(), t -> t.agreementVersions())
        .containsExactly(
            tuple("US", "Payroll Cloud GmbH", RecipientRole.PROCESSOR, "eu-gdpr:SCCByCommission", null, List.of(1)),
            tuple("US", "Northwind Cloud Inc.", RecipientRole.SUB_PROCESSOR, "eu-gdpr:SCCByCommission", null,
                List.of(1)),
            // India is not a location of the agreement: no safeguard is named, and the record shows it
            tuple("IN", "Helpdesk Direct Pvt Ltd", RecipientRole.SUB_PROCESSOR, null, null, List.of(1)));
    assertThat(r.subProcessors()).extracting(s -> s.name(), s -> s.country(), s -> s.authorisation(),
        s -> s.purposes())
        .containsExactly(
            tuple("Hetzner Online GmbH", "DE", Authorisation.SPECIFIC, List.of()),
            tuple("Northwind Cloud Inc.", "US", Authorisation.SPECIFIC, List.of()),
            tuple("Helpdesk Direct Pvt Ltd", "IN", Authorisation.GENERAL, List.of("dpv:CommunicationManagement")));
  }

  @Test
  void theSameTransferUnderTwoVersionsIsOneEntry() {
    versions.put(ACME, List.of(
        version(1, AgreementState.SUPERSEDED, payroll(), Instant.parse("2025-12-01T00:00:00Z"),
            Instant.parse("2026-04-01T00:00:00Z")),
        version(2, AgreementState.ACCEPTED, payrollV2(), Instant.parse("2026-04-01T00:00:00Z"), null)));
    ProcessorRecord r = generate();
    assertThat(r.transfers()).extracting(t -> t.country(), t -> t.recipient(), t -> t.agreementVersions())
        .containsExactly(
            tuple("US", "Payroll Cloud GmbH", List.of(1, 2)),
            tuple("US", "Northwind Cloud Inc.", List.of(1, 2)),
            tuple("IN", "Helpdesk Direct Pvt Ltd", List.of(1)));
  }

  // Counts of processing ---------------------------------------------------------------------

  @Test
  void countsComeFromTheLogForExactlyThePeriodSortedAndOnlyProcessing() {
    activity.addAll(List.of(
        new ActivityCount(EventType.VAULT_READ, "dpv:PersonnelPayment", "dpv:Retrieve", "pd:Salary", Effect.PERMIT, 4),
        new ActivityCount(EventType.AGREEMENT_ACCEPTED, null, null, null, null, 1),
        new ActivityCount(EventType.DECISION, "dpv:PersonnelPayment", "dpv:Retrieve", "pd:BankAccount", Effect.DENY, 2),
        new ActivityCount(EventType.CUSTOMER_CREATED, null, null, null, null, 1),
        new ActivityCount(EventType.DECISION, "dpv:PersonnelPayment", "dpv:Retrieve", "pd:BankAccount",
            Effect.PERMIT, 7),
        new ActivityCount(EventType.VAULT_PURGE, "dpv:CommunicationManagement", "dpv:Erase", "pd:EmailAddress",
            null, 1),
        new ActivityCount(EventType.DATA_KEY_ROTATED, null, null, null, null, 1)));
    ProcessorRecord r = generate();
    assertThat(activityQueries).singleElement().satisfies(q -> assertThat(q).containsExactly(FROM, TO));
    assertThat(r.activity()).extracting(ActivityCount::type, ActivityCount::dataCategory, ActivityCount::effect,
        ActivityCount::count)
        .containsExactly(
            tuple(EventType.VAULT_PURGE, "pd:EmailAddress", null, 1L),
            tuple(EventType.DECISION, "pd:BankAccount", Effect.PERMIT, 7L),
            tuple(EventType.DECISION, "pd:BankAccount", Effect.DENY, 2L),
            tuple(EventType.VAULT_READ, "pd:Salary", Effect.PERMIT, 4L));
  }

  @Test
  void theSameInputsGiveTheSameRecord() {
    versions.put(ACME, List.of(version(1, AgreementState.ACCEPTED, payroll(), Instant.parse("2025-12-01T00:00:00Z"),
        null)));
    assertThat(generate()).isEqualTo(generate());
  }

  // Fixtures ---------------------------------------------------------------------------------

  ProcessorRecord generate() {
    return records.generate(principal("customer-dpo", ACME), ACME, FROM, TO);
  }

  static Principal principal(String role, CustomerId customer) {
    Role r = Role.fromCode(role).orElseThrow();
    return new Principal(new ApiKeyId("key_" + role), r, customer == null ? Set.of() : Set.of(customer), Set.of());
  }

  static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  static Customer customer(CustomerId id, String name, Set<Jurisdiction> jurisdictions) {
    return new Customer(id, name, jurisdictions, new Contact("Dana Okafor", "dpo@" + id + ".example", "+49 30 1234567"),
        List.of(new NotificationEndpoint(NotificationEndpoint.Kind.WEBHOOK, "https://" + id + ".example/hooks"),
            new NotificationEndpoint(NotificationEndpoint.Kind.EMAIL, "privacy@" + id + ".example")),
        Instant.parse("2025-11-01T00:00:00Z"), Instant.parse("2025-11-01T00:00:00Z"));
  }

  static AgreementVersion version(int number, AgreementState state, AgreementTerms terms, Instant accepted,
      Instant closed) {
    Stamp drafted = new Stamp("key_admin/processor-admin", Instant.parse("2025-11-01T00:00:00Z"));
    return new AgreementVersion(ACME, number, state, terms, TermsDigest.sha256(terms), drafted, drafted,
        accepted == null ? null : new Stamp("key_dpo/customer-dpo", accepted),
        closed == null ? null : new Stamp("key_admin/processor-admin", closed), null);
  }

  /** Payroll in Germany, storage in the US under the SCCs, a helpdesk sub-processor in India. */
  static AgreementTerms payroll() {
    return new AgreementTerms("Payroll for Acme", "Monthly pay", LocalDate.parse("2026-01-01"), null,
        List.of("pd:Name", "pd:EmailAddress", "pd:Salary", "pd:BankAccount"),
        List.of(new CustomPurpose("custom:MonthlyPayroll", "Monthly payroll run", "dpv:PersonnelPayment")),
        List.of(
            new PurposeTerms("custom:MonthlyPayroll", List.of("pd:Name", "pd:Salary", "pd:BankAccount"),
                List.of("dpv:Store", "dpv:Use"), List.of("dpv:Employee"), 2555, "eu-gdpr:A6-1-b",
                SpecialCategories.NONE, false),
            new PurposeTerms("dpv:CommunicationManagement", List.of("pd:EmailAddress"), List.of("dpv:Use"),
                List.of("dpv:Employee"), 365, "eu-gdpr:A6-1-b", SpecialCategories.NONE, false)),
        List.of(new LocationTerms("DE", List.of(PROCESSING, STORAGE), null),
            new LocationTerms("US", List.of(STORAGE), "eu-gdpr:SCCByCommission")),
        List.of(new SubProcessorTerms("Hetzner Online GmbH", "DE", Authorisation.SPECIFIC, List.of()),
            new SubProcessorTerms("Northwind Cloud Inc.", "US", Authorisation.SPECIFIC, List.of()),
            new SubProcessorTerms("Helpdesk Direct Pvt Ltd", "IN", Authorisation.GENERAL,
                List.of("dpv:CommunicationManagement"))),
        new AssistanceTerms(10, 24), List.of("dpv:Encryption", "dpv:AccessControlMethod"), MarketingTerms.NONE,
        EndOfContract.DELETE);
  }

  /** Version 2: erasure added to payroll, communication replaced by personnel management, no helpdesk. */
  static AgreementTerms payrollV2() {
    AgreementTerms v1 = payroll();
    return new AgreementTerms(v1.subjectMatter(), v1.natureOfProcessing(), v1.startsOn(), v1.endsOn(),
        v1.dataCategories(), v1.customPurposes(),
        List.of(
            new PurposeTerms("custom:MonthlyPayroll", List.of("pd:Name", "pd:Salary", "pd:BankAccount"),
                List.of("dpv:Store", "dpv:Use", "dpv:Erase"), List.of("dpv:Employee"), 2555, "eu-gdpr:A6-1-b",
                SpecialCategories.NONE, false),
            new PurposeTerms("dpv:PersonnelManagement", List.of("pd:Name"), List.of("dpv:Use"),
                List.of("dpv:Employee"), 1095, "eu-gdpr:A6-1-b", SpecialCategories.NONE, false)),
        v1.locations(), v1.subProcessors().subList(0, 2), v1.assistance(),
        List.of("dpv:Encryption", "dpv:Pseudonymisation"), v1.marketing(), v1.endOfContract());
  }

  /**
   * The log port answers only {@code activity}: the record reads nothing else from it. (A proxy,
   * so that the port can grow without touching this test.)
   */
  ProcessingLog processingLog() {
    return (ProcessingLog) Proxy.newProxyInstance(ProcessingLog.class.getClassLoader(),
        new Class<?>[] {ProcessingLog.class}, (proxy, method, args) -> {
          if (method.getName().equals("activity") && args[0].equals(ACME)) {
            activityQueries.add(new Instant[] {(Instant) args[1], (Instant) args[2]});
            return List.copyOf(activity);
          }
          if (method.getName().equals("activity")) {
            return List.of();
          }
          if (method.getName().equals("toString")) {
            return "test log";
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  record MapCustomerStore(Map<CustomerId, Customer> customers) implements CustomerStore {
    @Override
    public boolean insert(Customer customer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean update(Customer customer) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Customer> find(CustomerId id) {
      return Optional.ofNullable(customers.get(id));
    }

    @Override
    public List<Customer> list(String afterId, int limit, Collection<CustomerId> only) {
      throw new UnsupportedOperationException();
    }
  }

  record ListAgreementStore(Map<CustomerId, List<AgreementVersion>> versions) implements AgreementStore {
    @Override
    public boolean insertDraft(AgreementVersion draft) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean replaceDraftTerms(CustomerId customer, int version, AgreementTerms terms, String termsHash) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean transition(AgreementVersion to, AgreementState from) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<AgreementVersion> find(CustomerId customer, int version) {
      return versions(customer).stream().filter(v -> v.version() == version).findFirst();
    }

    @Override
    public List<AgreementVersion> versions(CustomerId customer) {
      return versions.getOrDefault(customer, List.of());
    }

    @Override
    public Optional<AgreementVersion> inForce(CustomerId customer) {
      return versions(customer).stream().filter(v -> v.state() == AgreementState.ACCEPTED).findFirst();
    }
  }
}
