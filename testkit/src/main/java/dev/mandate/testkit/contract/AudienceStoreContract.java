package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.ConsentEventStoreContract.ADS;
import static dev.mandate.testkit.contract.ConsentEventStoreContract.MARKETING;
import static dev.mandate.testkit.contract.ConsentEventStoreContract.event;
import static dev.mandate.testkit.contract.ConsentEventStoreContract.pseudonym;
import static dev.mandate.testkit.contract.ConsentEventStoreContract.submission;
import static dev.mandate.testkit.contract.Fixtures.T0;
import static dev.mandate.testkit.contract.Fixtures.at;
import static dev.mandate.testkit.contract.Fixtures.field;
import static dev.mandate.testkit.contract.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.consent.ConsentChange;
import dev.mandate.core.consent.ConsentEvent;
import dev.mandate.core.consent.ConsentEventStore;
import dev.mandate.core.consent.ConsentHistory;
import dev.mandate.core.consent.ConsentSource;
import dev.mandate.core.consent.ConsentVerdict;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.marketing.AudienceMember;
import dev.mandate.core.marketing.AudienceStore;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.VaultRecord;
import dev.mandate.core.vault.VaultStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AudienceStore} must do, together with the {@link ConsentEventStore} that
 * keeps the verdicts it selects by: a person is in the audience exactly while their current
 * verdict for the purpose is VALID and not expired, records come a page at a time in ascending id
 * order (PostgreSQL's {@code uuid} order: unsigned), the fallback purpose counts only for people
 * with no verdict for the purpose, and no other customer's record or consent is ever used.
 */
public abstract class AudienceStoreContract {
  protected static final CustomerId ACME = new CustomerId("acme");
  protected static final CustomerId GLOBEX = new CustomerId("globex");
  /** A custom purpose and its DPV parent, for the fallback rule. */
  protected static final String NEWSLETTER = "custom:Newsletter";
  protected static final Instant LATER = at(86_400);

  /** The three stores over one backend. */
  public record Stores(ConsentEventStore consents, VaultStore vault, AudienceStore audience) {}

  protected ConsentEventStore consents;
  protected VaultStore vault;
  protected AudienceStore audience;

  protected abstract Stores newStores();

  /** Makes the customer exist, for backends that check it (a foreign key); nothing by default. */
  protected void customerExists(CustomerId customer) {}

  @BeforeEach
  void newStoresForEachTest() {
    Stores stores = newStores();
    consents = stores.consents();
    vault = stores.vault();
    audience = stores.audience();
    customerExists(ACME);
    customerExists(GLOBEX);
  }

  // Helpers ---------------------------------------------------------------------------------------

  /** A vault record of the person, with one field. */
  protected VaultRecord person(CustomerId customer, String person) {
    VaultRecord r = record(customer, person, List.of(field("email", "dpv-pd:EmailAddress", MARKETING, T0, at(9_999_999),
        person)));
    vault.insert(r);
    return r;
  }

  protected static VaultRecord withId(VaultRecord r, String id, String category) {
    return new VaultRecord(new RecordId(UUID.fromString(id)), r.customer(), r.subjectIndex(), r.subject(), category,
        r.createdAt(), r.updatedAt(), r.fields());
  }

  /** Appends one event as its own submission and returns it. */
  protected ConsentEvent append(ConsentEventStoreContract.Event e) {
    ConsentEvent built = e.build();
    consents.append(List.of(built));
    return built;
  }

  /** Every page, {@code pageSize} at a time, as the ids of the records. */
  protected List<AudienceMember> all(CustomerId customer, String purpose, String fallback, Instant at, String category) {
    List<AudienceMember> all = new ArrayList<>();
    RecordId after = null;
    while (true) {
      List<AudienceMember> page = audience.page(customer, purpose, fallback, at, category, after, 1000);
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
      after = page.getLast().record().id();
    }
  }

  protected List<RecordId> ids(List<AudienceMember> members) {
    return members.stream().map(m -> m.record().id()).toList();
  }

  protected List<RecordId> audienceIds(String purpose, Instant at) {
    return ids(all(ACME, purpose, null, at, null));
  }

  // Tests -----------------------------------------------------------------------------------------

  @Test
  void theVerdictFollowsGrantWithdrawAndGrantAgain() {
    VaultRecord p1 = person(ACME, "P1");
    VaultRecord p2 = person(ACME, "P2");
    assertThat(audienceIds(MARKETING, LATER)).as("no consent: nobody").isEmpty();

    ConsentEvent grant = append(event(ACME, "P1", MARKETING).at(10));
    assertThat(all(ACME, MARKETING, null, LATER, null)).singleElement().satisfies(m -> {
      assertThat(m.record()).usingRecursiveComparison().isEqualTo(p1);
      assertThat(m.subject()).isEqualTo(pseudonym("P1"));
      assertThat(m.consentEvent()).isEqualTo(grant.id());
      assertThat(m.consentLogIndex()).isEqualTo(grant.logIndex());
    });
    assertThat(audienceIds(ADS, LATER)).as("another purpose").isEmpty();

    append(event(ACME, "P1", MARKETING).at(20).change(ConsentChange.WITHDRAWN).source(ConsentSource.ONE_CLICK_UNSUBSCRIBE));
    assertThat(audienceIds(MARKETING, LATER)).isEmpty();

    ConsentEvent again = append(event(ACME, "P1", MARKETING).at(30));
    append(event(ACME, "P2", MARKETING).at(30).change(ConsentChange.REFUSED));
    assertThat(all(ACME, MARKETING, null, LATER, null)).singleElement().satisfies(m -> {
      assertThat(m.record().id()).isEqualTo(p1.id());
      assertThat(m.consentEvent()).isEqualTo(again.id());
      assertThat(m.consentLogIndex()).isEqualTo(again.logIndex());
    });
    assertThat(p2.id()).isNotIn(audienceIds(MARKETING, LATER));
  }

  @Test
  void aWithdrawalExpressedBeforeALaterRecordedGrantStillCountsInLedgerOrder() {
    VaultRecord p1 = person(ACME, "P1");
    append(event(ACME, "P1", MARKETING).at(10));
    // recorded after the grant but expressed before it: the grant is the latest in the ledger
    append(event(ACME, "P1", MARKETING).expressedAt(at(5)).recordedAt(at(50)).change(ConsentChange.WITHDRAWN));
    assertThat(audienceIds(MARKETING, LATER)).containsExactly(p1.id());

    append(event(ACME, "P1", MARKETING).expressedAt(at(15)).recordedAt(at(60)).change(ConsentChange.WITHDRAWN));
    assertThat(audienceIds(MARKETING, LATER)).isEmpty();
  }

  @Test
  void aGrantTheCustomerAssertsDoesNotMakeConsentValid() {
    VaultRecord asserted = person(ACME, "P1");
    VaultRecord withdrawnThenAsserted = person(ACME, "P2");
    VaultRecord givenThenAsserted = person(ACME, "P3");
    append(event(ACME, "P1", MARKETING).at(10).source(ConsentSource.CUSTOMER_ASSERTED));
    append(event(ACME, "P2", MARKETING).at(10));
    append(event(ACME, "P2", MARKETING).at(20).change(ConsentChange.WITHDRAWN));
    append(event(ACME, "P2", MARKETING).at(30).source(ConsentSource.CUSTOMER_ASSERTED));
    ConsentEvent given = append(event(ACME, "P3", MARKETING).at(10));
    append(event(ACME, "P3", MARKETING).at(20).source(ConsentSource.CUSTOMER_ASSERTED));

    List<AudienceMember> members = all(ACME, MARKETING, null, LATER, null);

    assertThat(ids(members)).containsExactly(givenThenAsserted.id())
        .doesNotContain(asserted.id(), withdrawnThenAsserted.id());
    assertThat(members.getFirst().consentEvent()).as("rests on the person's own grant").isEqualTo(given.id());
  }

  @Test
  void aGrantMadeAConditionOfServiceDoesNotMakeConsentValid() {
    person(ACME, "P1");
    VaultRecord p2 = person(ACME, "P2");
    append(event(ACME, "P1", MARKETING).at(10).conditionOfService(true));
    append(event(ACME, "P2", MARKETING).at(10).conditionOfService(true));
    append(event(ACME, "P2", MARKETING).at(20));

    assertThat(audienceIds(MARKETING, LATER)).containsExactly(p2.id());
  }

  @Test
  void aConsentThatExpiresCountsOnlyBeforeItsEnd() {
    VaultRecord p1 = person(ACME, "P1");
    VaultRecord p2 = person(ACME, "P2");
    append(event(ACME, "P1", MARKETING).at(10).validUntil(at(1000)));
    append(event(ACME, "P2", MARKETING).at(10));
    append(event(ACME, "P2", MARKETING).at(20).change(ConsentChange.EXPIRED));

    assertThat(audienceIds(MARKETING, at(999))).containsExactly(p1.id());
    assertThat(audienceIds(MARKETING, at(1000))).as("at valid_until: expired").isEmpty();
    assertThat(audienceIds(MARKETING, at(5000))).isEmpty();
    assertThat(p2.id()).isNotIn(audienceIds(MARKETING, at(15)));

    ConsentEvent renewed = append(event(ACME, "P1", MARKETING).at(2000).validUntil(at(9000)));
    assertThat(all(ACME, MARKETING, null, at(5000), null)).singleElement()
        .satisfies(m -> assertThat(m.consentEvent()).isEqualTo(renewed.id()));
  }

  @Test
  void pagesComeInUnsignedIdOrderFromTheCursor() {
    // ids whose order differs between unsigned bytes (PostgreSQL) and UUID.compareTo (signed)
    List<String> fixedIds = List.of("00000000-0000-4000-8000-000000000001", "7fffffff-ffff-4fff-bfff-ffffffffffff",
        "80000000-0000-4000-8000-000000000000", "ffffffff-ffff-4fff-bfff-fffffffffffe",
        "12345678-0000-4000-8000-000000000000", "12345678-0000-4000-0000-000000000000",
        "12345678-0000-4000-ffff-000000000000");
    List<RecordId> expected = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      VaultRecord r = record(ACME, "P" + i, List.of(field("email", "dpv-pd:EmailAddress", MARKETING, T0, at(99), "x" + i)));
      if (i < fixedIds.size()) {
        r = withId(r, fixedIds.get(i), r.dataSubjectCategory());
      }
      vault.insert(r);
      append(event(ACME, "P" + i, MARKETING).at(10));
      expected.add(r.id());
      vault.insert(record(ACME, "NoConsent" + i, List.of()));
    }
    expected.sort(Comparator.comparing(RecordId::toString)); // lowercase hex: the unsigned byte order

    List<AudienceMember> first = audience.page(ACME, MARKETING, null, LATER, null, null, 10);
    List<AudienceMember> second = audience.page(ACME, MARKETING, null, LATER, null, first.getLast().record().id(), 10);
    List<AudienceMember> third = audience.page(ACME, MARKETING, null, LATER, null, second.getLast().record().id(), 10);
    List<AudienceMember> none = audience.page(ACME, MARKETING, null, LATER, null, third.getLast().record().id(), 10);

    assertThat(ids(first)).containsExactlyElementsOf(expected.subList(0, 10));
    assertThat(ids(second)).containsExactlyElementsOf(expected.subList(10, 20));
    assertThat(ids(third)).containsExactlyElementsOf(expected.subList(20, 25));
    assertThat(none).isEmpty();
    assertThat(ids(audience.page(ACME, MARKETING, null, LATER, null, expected.get(3), 2)))
        .containsExactly(expected.get(4), expected.get(5));
    RecordId between = new RecordId(UUID.fromString("7fffffff-ffff-4fff-bfff-fffffffffffe"));
    assertThat(ids(audience.page(ACME, MARKETING, null, LATER, null, between, 1))).as("a cursor that is no record")
        .containsExactly(new RecordId(UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff")));
    assertThatThrownBy(() -> audience.page(ACME, MARKETING, null, LATER, null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyRecordOfAPersonComesWithItsFields() {
    VaultRecord one = person(ACME, "P1");
    VaultRecord two = record(ACME, "P1", List.of(
        field("email", "dpv-pd:EmailAddress", MARKETING, T0, at(100), "a"),
        field("name", "dpv-pd:Name", MARKETING, at(5), at(200), "b"),
        field("alpha", "dpv-pd:TelephoneNumber", "dpv:ServiceProvision", at(7), at(300), "c")));
    VaultRecord noFields = record(ACME, "P1", List.of());
    vault.insert(two);
    vault.insert(noFields);
    person(ACME, "P2");
    ConsentEvent grant = append(event(ACME, "P1", MARKETING).at(10));

    List<AudienceMember> members = all(ACME, MARKETING, null, LATER, null);

    List<VaultRecord> expected = new ArrayList<>(List.of(one, two, noFields));
    expected.sort(Comparator.comparing(r -> r.id().toString()));
    assertThat(members).extracting(AudienceMember::record).usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(expected);
    assertThat(members).allSatisfy(m -> {
      assertThat(m.subject()).isEqualTo(pseudonym("P1"));
      assertThat(m.consentEvent()).isEqualTo(grant.id());
    });
  }

  @Test
  void theDataSubjectCategoryNarrowsTheAudience() {
    VaultRecord employee = person(ACME, "P1");
    VaultRecord customer = withId(record(ACME, "P2", List.of()), UUID.randomUUID().toString(), "dpv:Customer");
    vault.insert(customer);
    VaultRecord sameCustomerOtherRecord = withId(record(ACME, "P1", List.of()), UUID.randomUUID().toString(),
        "dpv:Customer");
    vault.insert(sameCustomerOtherRecord);
    append(event(ACME, "P1", MARKETING).at(10));
    append(event(ACME, "P2", MARKETING).at(10));

    assertThat(ids(all(ACME, MARKETING, null, LATER, "dpv:Customer")))
        .containsExactlyInAnyOrder(customer.id(), sameCustomerOtherRecord.id());
    assertThat(ids(all(ACME, MARKETING, null, LATER, "dpv:Employee"))).containsExactly(employee.id());
    assertThat(ids(all(ACME, MARKETING, null, LATER, "dpv:Supplier"))).isEmpty();
    assertThat(all(ACME, MARKETING, null, LATER, null)).hasSize(3);
  }

  @Test
  void theFallbackPurposeCountsOnlyForPeopleWithNoVerdictForThePurpose() {
    VaultRecord onlyParent = person(ACME, "P1");
    VaultRecord withdrewCustom = person(ACME, "P2");
    VaultRecord grantedCustom = person(ACME, "P3");
    VaultRecord assertedCustom = person(ACME, "P4");
    VaultRecord nothing = person(ACME, "P5");
    VaultRecord parentWithdrawn = person(ACME, "P6");
    ConsentEvent parentGrant = append(event(ACME, "P1", MARKETING).at(10));
    append(event(ACME, "P2", MARKETING).at(10));
    append(event(ACME, "P2", NEWSLETTER).at(20).change(ConsentChange.WITHDRAWN));
    append(event(ACME, "P3", MARKETING).at(10).change(ConsentChange.REFUSED));
    ConsentEvent customGrant = append(event(ACME, "P3", NEWSLETTER).at(20));
    append(event(ACME, "P4", MARKETING).at(10));
    append(event(ACME, "P4", NEWSLETTER).at(20).source(ConsentSource.CUSTOMER_ASSERTED));
    append(event(ACME, "P6", MARKETING).at(10));
    append(event(ACME, "P6", MARKETING).at(20).change(ConsentChange.WITHDRAWN));

    List<AudienceMember> withFallback = all(ACME, NEWSLETTER, MARKETING, LATER, null);

    assertThat(ids(withFallback)).containsExactlyInAnyOrder(onlyParent.id(), grantedCustom.id())
        .doesNotContain(withdrewCustom.id(), assertedCustom.id(), nothing.id(), parentWithdrawn.id());
    assertThat(withFallback).filteredOn(m -> m.record().id().equals(onlyParent.id())).singleElement()
        .satisfies(m -> assertThat(m.consentEvent()).isEqualTo(parentGrant.id()));
    assertThat(withFallback).filteredOn(m -> m.record().id().equals(grantedCustom.id())).singleElement()
        .satisfies(m -> assertThat(m.consentEvent()).isEqualTo(customGrant.id()));
    assertThat(ids(all(ACME, NEWSLETTER, null, LATER, null))).as("without the fallback")
        .containsExactly(grantedCustom.id());
    assertThat(ids(all(ACME, NEWSLETTER, MARKETING, LATER, "dpv:Customer"))).isEmpty();
  }

  @Test
  void anExpiredFallbackConsentDoesNotCount() {
    person(ACME, "P1");
    append(event(ACME, "P1", MARKETING).at(10).validUntil(at(100)));

    assertThat(all(ACME, NEWSLETTER, MARKETING, at(99), null)).hasSize(1);
    assertThat(all(ACME, NEWSLETTER, MARKETING, at(100), null)).isEmpty();
  }

  @Test
  void anotherCustomersRecordsAndConsentsAreNeverUsed() {
    VaultRecord acmeP1 = person(ACME, "P1"); // same person (same blind index) at both customers
    VaultRecord globexP1 = person(GLOBEX, "P1");
    VaultRecord globexP2 = person(GLOBEX, "P2");
    person(ACME, "P2");
    append(event(GLOBEX, "P1", MARKETING).at(10));
    append(event(ACME, "P2", MARKETING).at(10));
    append(event(ACME, "P2", MARKETING).at(20).change(ConsentChange.WITHDRAWN));
    append(event(GLOBEX, "P2", MARKETING).at(10));

    assertThat(all(ACME, MARKETING, null, LATER, null)).isEmpty();
    assertThat(all(ACME, NEWSLETTER, MARKETING, LATER, null)).isEmpty();
    assertThat(ids(all(GLOBEX, MARKETING, null, LATER, null))).containsExactlyInAnyOrder(globexP1.id(), globexP2.id());

    append(event(ACME, "P1", MARKETING).at(30));
    assertThat(ids(all(ACME, MARKETING, null, LATER, null))).containsExactly(acmeP1.id());
    assertThat(all(new CustomerId("initech"), MARKETING, null, LATER, null)).isEmpty();
  }

  @Test
  void aDuplicateSubmissionLeavesTheVerdictAsItWas() {
    VaultRecord p1 = person(ACME, "P1");
    ConsentEvent grant = event(ACME, "P1", MARKETING).at(10).submission("s-1").build();
    consents.append(List.of(grant));
    List<ConsentEvent> withdrawal =
        List.of(event(ACME, "P1", MARKETING).at(20).change(ConsentChange.WITHDRAWN).submission("s-1").build());

    assertThatThrownBy(() -> consents.append(withdrawal)).isInstanceOf(Conflict.class);

    assertThat(all(ACME, MARKETING, null, LATER, null)).singleElement().satisfies(m -> {
      assertThat(m.record().id()).isEqualTo(p1.id());
      assertThat(m.consentEvent()).isEqualTo(grant.id());
    });
  }

  @Test
  void aSubmissionOfSeveralPurposesUpdatesEachVerdict() {
    VaultRecord p1 = person(ACME, "P1");
    consents.append(submission(event(ACME, "P1", MARKETING).at(10), event(ACME, "P1", ADS).at(10)));
    assertThat(audienceIds(MARKETING, LATER)).containsExactly(p1.id());
    assertThat(audienceIds(ADS, LATER)).containsExactly(p1.id());

    consents.append(submission(event(ACME, "P1", MARKETING).at(20).change(ConsentChange.WITHDRAWN),
        event(ACME, "P1", ADS).at(20).change(ConsentChange.WITHDRAWN).source(ConsentSource.GPC_SIGNAL),
        event(ACME, "P1", ADS).at(21)));
    assertThat(audienceIds(MARKETING, LATER)).isEmpty();
    assertThat(audienceIds(ADS, LATER)).containsExactly(p1.id());
  }

  /**
   * 8 threads append submissions for the same person at once, in an order that is not the
   * ledger order: the verdict kept is the verdict of the whole history.
   */
  @Test
  void concurrentAppendsForOnePersonKeepTheVerdictOfTheWholeHistory() throws Exception {
    VaultRecord p1 = person(ACME, "P1");
    int threads = 8;
    int perThread = 15;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random random = new Random(t);
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            long expressed = random.nextInt(10_000);
            ConsentChange change = random.nextBoolean() ? ConsentChange.GRANTED : ConsentChange.WITHDRAWN;
            consents.append(submission(
                event(ACME, "P1", MARKETING).change(change).expressedAt(at(expressed))
                    .recordedAt(at(expressed + random.nextInt(5_000))),
                event(ACME, "P1", ADS).change(random.nextBoolean() ? ConsentChange.GRANTED : ConsentChange.REFUSED)
                    .expressedAt(at(expressed)).recordedAt(at(expressed + 1))));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<ConsentEvent> history = consents.history(ACME, pseudonym("P1"));
    assertThat(history).hasSize(threads * perThread * 2);
    for (String purpose : List.of(MARKETING, ADS)) {
      List<ConsentEvent> forPurpose = history.stream().filter(e -> e.purpose().equals(purpose)).toList();
      Instant latest = forPurpose.stream().map(ConsentEvent::recordedAt).max(Instant::compareTo).orElseThrow();
      ConsentVerdict verdict = ConsentHistory.verdict(forPurpose, purpose, latest);
      List<AudienceMember> members = all(ACME, purpose, null, latest, null);
      if (verdict.valid()) {
        assertThat(members).as(purpose).singleElement().satisfies(m -> {
          assertThat(m.record().id()).isEqualTo(p1.id());
          assertThat(m.consentEvent()).isEqualTo(verdict.event());
          assertThat(m.consentLogIndex()).isEqualTo(verdict.logIndex());
        });
      } else {
        assertThat(members).as(purpose + " is " + verdict.status()).isEmpty();
      }
    }
  }

  /** The same, with the verdict forced to VALID at the end, so the test cannot pass by being empty. */
  @Test
  void concurrentAppendsEndingInAGrantLeaveTheLatestGrantValid() throws Exception {
    person(ACME, "P1");
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<ConsentEvent> finalGrants = new ArrayList<>();
    try {
      List<Future<ConsentEvent>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long slot = t;
        futures.add(pool.submit(() -> {
          start.await();
          ConsentEvent last = null;
          for (int i = 0; i < 10; i++) {
            long expressed = 1000 * i + slot;
            ConsentChange change = i % 2 == 0 ? ConsentChange.WITHDRAWN : ConsentChange.GRANTED;
            last = event(ACME, "P1", MARKETING).change(change).expressedAt(at(expressed)).recordedAt(at(expressed))
                .build();
            consents.append(List.of(last));
          }
          return last;
        }));
      }
      start.countDown();
      for (Future<ConsentEvent> f : futures) {
        finalGrants.add(f.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    ConsentEvent latest = finalGrants.stream().max(ConsentHistory.ORDER).orElseThrow();

    assertThat(all(ACME, MARKETING, null, LATER, null)).singleElement()
        .satisfies(m -> assertThat(m.consentEvent()).isEqualTo(latest.id()));
  }

  @Test
  void somebodyWithoutARecordIsNobody() {
    append(event(ACME, "P1", MARKETING).at(10));
    vault.insert(record(ACME, "P2", List.of(field("email", "dpv-pd:EmailAddress", MARKETING, T0, at(9), "z"))));

    assertThat(all(ACME, MARKETING, null, LATER, null)).isEmpty();
  }
}
