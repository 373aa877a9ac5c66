package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementService;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.TermsValidator;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.CustomerDraft;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.decision.DecisionPoint;
import dev.mandate.core.decision.DecisionService;
import dev.mandate.core.decision.InForceAgreements;
import dev.mandate.core.failure.ProcessingDenied;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.VaultInput;
import dev.mandate.core.vault.VaultService;
import dev.mandate.core.vault.VaultService.NewField;
import dev.mandate.core.vault.VaultService.NewRecord;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.crypto.EnvelopeKeyRing;
import dev.mandate.testkit.InMemoryAgreementStore;
import dev.mandate.testkit.InMemoryCustomerStore;
import dev.mandate.testkit.InMemoryProcessingLog;
import dev.mandate.testkit.InMemoryVaultStore;
import dev.mandate.testkit.MutableClock;
import dev.mandate.testkit.keys.InMemoryWrappedKeyStore;
import dev.mandate.core.keys.MasterKeys;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vault with in-memory adapters and a clock we move: retention purge, denial reveals and
 * writes nothing, fail closed when the record cannot be written, no PII in records.
 */
class VaultServiceTest {
  static final Vocabulary VOCABULARY = Vocabulary.dpv();
  final MutableClock clock = MutableClock.at("2026-06-01T09:00:00Z");
  final InMemoryProcessingLog log = new InMemoryProcessingLog();
  final InMemoryVaultStore store = new InMemoryVaultStore();
  final CustomerId acme = new CustomerId("acme");
  final Principal admin = new Principal(new ApiKeyId("key_admin"), Role.PROCESSOR_ADMIN, Set.of(), Set.of());
  final Principal dpo = new Principal(new ApiKeyId("key_dpo"), Role.CUSTOMER_DPO, Set.of(acme), Set.of());
  final Principal app = new Principal(new ApiKeyId("key_app"), Role.PROCESSOR_SERVICE, Set.of(acme),
      Set.of("dpv:PersonnelPayment", "dpv:CommunicationManagement"));
  VaultService vault;

  @BeforeEach
  void wire() throws Exception {
    var agreementsStore = new InMemoryAgreementStore();
    DecisionPoint point = new DecisionPoint(VOCABULARY);
    InForceAgreements inForce = new InForceAgreements(agreementsStore, point, Duration.ZERO);
    CustomerService customers = new CustomerService(new InMemoryCustomerStore(), log, clock);
    AgreementService agreements = new AgreementService(agreementsStore, customers, new TermsValidator(VOCABULARY),
        inForce, log, clock);
    EnvelopeKeyRing keys = new EnvelopeKeyRing(new InMemoryWrappedKeyStore(), testMasterKeys(), clock);
    DecisionService decisions = new DecisionService(point, inForce, customers, keys, log, VOCABULARY, clock);
    vault = new VaultService(store, decisions, inForce, customers, keys, keys, keys, log, new VaultInput(VOCABULARY), clock);

    customers.create(admin, new CustomerDraft("acme", "Acme GmbH", Set.of("EU-GDPR"),
        new Contact("Dana Okafor", "dpo@acme.example", null), List.of()), "r1");
    var json = Examples.read("agreement-v1.json");
    // let the communication clause also store what it uses, so one record can hold both purposes
    ((com.fasterxml.jackson.databind.node.ArrayNode) json.at("/purposes/1/operations")).add("dpv:Store");
    AgreementTerms terms = TestServer.JSON.treeToValue(json, AgreementTerms.class);
    agreements.draft(admin, acme, terms, "r2");
    agreements.offer(admin, acme, 1, "r3");
    agreements.accept(dpo, acme, 1, null, "r4");
  }

  @Test
  void fieldsArePurgedAtTheEndOfTheirPurposesRetention() {
    RecordId id = create();
    clock.advance(Duration.ofDays(365).plusSeconds(1)); // CommunicationManagement keeps 365 days
    assertThat(vault.purgeExpired(100)).isEqualTo(1);
    assertThat(store.find(acme, id).orElseThrow().fields()).extracting(f -> f.name()).containsExactly("salary");
    clock.advance(Duration.ofDays(2555)); // PersonnelPayment keeps 2555 days
    assertThat(vault.purgeExpired(100)).isEqualTo(1);
    assertThat(store.find(acme, id)).isEmpty();
    assertThat(log.all()).filteredOn(e -> e.type() == EventType.VAULT_PURGE).hasSize(2)
        .allSatisfy(e -> assertThat(e.reasons()).containsExactly("RETENTION_EXPIRED"));
  }

  @Test
  void readsPastRetentionAreDeniedEvenBeforeThePurgeRuns() {
    RecordId id = create();
    clock.advance(Duration.ofDays(366));
    assertThatThrownBy(() -> vault.read(app, acme, id, "dpv:CommunicationManagement", Set.of("email"), "r"))
        .isInstanceOfSatisfying(ProcessingDenied.class,
            d -> assertThat(d.decision().reasonCodes()).containsExactly("RETENTION_EXPIRED"));
  }

  @Test
  void aDenialRevealsAndWritesNothing() {
    int before = store.size();
    Map<String, NewField> fields = Map.of("health", new NewField("pd:HealthRecord", "diabetes", null));
    assertThatThrownBy(() -> vault.create(app, acme, new NewRecord("emp-9", "dpv:Employee", "dpv:PersonnelPayment", fields), "r"))
        .isInstanceOf(ProcessingDenied.class)
        .hasMessageNotContaining("diabetes").hasMessageNotContaining("emp-9");
    assertThat(store.size()).isEqualTo(before);
  }

  @Test
  void whenTheRecordCannotBeWrittenNothingHappens() {
    RecordId id = create();
    log.failNextAppends(true);
    assertThatThrownBy(() -> vault.read(app, acme, id, "dpv:PersonnelPayment", null, "r")).isInstanceOf(Unavailable.class);
    int before = store.size();
    assertThatThrownBy(this::create).isInstanceOf(Unavailable.class);
    assertThat(store.size()).isEqualTo(before);
  }

  @Test
  void recordsHoldNoPersonalData() {
    RecordId id = create();
    vault.read(app, acme, id, "dpv:PersonnelPayment", null, "r");
    for (ProcessingEvent e : log.all()) {
      assertThat(e.toString()).doesNotContain("Jamie").doesNotContain("emp-1042").doesNotContain("5400");
    }
    assertThat(log.all()).filteredOn(e -> e.type() == EventType.VAULT_READ).singleElement()
        .satisfies(e -> assertThat(e.subject()).startsWith("ps_"));
  }

  @Test
  void searchFindsByNormalisedValueWithoutPlaintext() {
    RecordId id = create();
    assertThat(vault.search(app, acme, "dpv:CommunicationManagement", "email", "pd:EmailAddress",
        "  Jamie.Rivera@ACME.example ", "dpv:Employee", "r")).containsExactly(id);
  }

  private RecordId create() {
    Map<String, NewField> fields = new LinkedHashMap<>();
    fields.put("email", new NewField("pd:EmailAddress", "jamie.rivera@acme.example", "dpv:CommunicationManagement"));
    fields.put("salary", new NewField("pd:Salary", "5400.00 EUR", null));
    return vault.create(app, acme, new NewRecord("emp-1042", "dpv:Employee", "dpv:PersonnelPayment", fields), "r").id();
  }

  private static MasterKeys testMasterKeys() throws Exception {
    var file = java.nio.file.Files.createTempDirectory("mk").resolve("master.keys");
    return dev.mandate.crypto.FileMasterKeys.createOrLoad(file);
  }
}
