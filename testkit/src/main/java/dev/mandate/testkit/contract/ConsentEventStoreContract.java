package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.T0;
import static dev.mandate.testkit.contract.Fixtures.at;
import static dev.mandate.testkit.contract.Fixtures.index;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.consent.ConsentChange;
import dev.mandate.core.consent.ConsentEvent;
import dev.mandate.core.consent.ConsentEventStore;
import dev.mandate.core.consent.ConsentSource;
import dev.mandate.core.consent.Notice;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConsentEventStore} must do: events read back field by field, a submission is
 * appended all or nothing and only once per customer, and a person's history comes in ledger
 * order. (The verdicts the store keeps are checked through {@link AudienceStoreContract}.)
 */
public abstract class ConsentEventStoreContract {
  protected static final CustomerId ACME = new CustomerId("acme");
  protected static final CustomerId GLOBEX = new CustomerId("globex");
  public static final String MARKETING = "dpv:DirectMarketing";
  public static final String ADS = "dpv:PersonalisedAdvertising";
  protected ConsentEventStore store;

  protected abstract ConsentEventStore newStore();

  /** Makes the customer exist, for backends that check it (a foreign key); nothing by default. */
  protected void customerExists(CustomerId customer) {}

  @BeforeEach
  void newStoreForEachTest() {
    store = newStore();
    customerExists(ACME);
    customerExists(GLOBEX);
  }

  // Test data -------------------------------------------------------------------------------------

  private static final AtomicLong LOG_INDEX = new AtomicLong(1000);

  /** The pseudonym of a test person; their blind index is the vault fixtures' {@code index("subject-" + person)}. */
  public static String pseudonym(String person) {
    return "psn_" + person;
  }

  /**
   * A consent event of {@code person} for {@code purpose}, by default a grant through the
   * person's own form, expressed at T0 and recorded a second later, with a fresh id, submission
   * and (increasing) log index.
   */
  public static Event event(CustomerId customer, String person, String purpose) {
    return new Event(customer, person, purpose);
  }

  /** A mutable builder of {@link ConsentEvent}s. */
  public static final class Event {
    private UUID id = UUID.randomUUID();
    private final CustomerId customer;
    private final String person;
    private final String purpose;
    private ConsentChange change = ConsentChange.GRANTED;
    private ConsentSource source = ConsentSource.DATA_SUBJECT_FORM;
    private Instant expressedAt = T0;
    private Instant recordedAt = T0.plusSeconds(1);
    private Instant validUntil;
    private Notice notice;
    private boolean conditionOfService;
    private String jurisdiction;
    private Map<String, String> evidence = Map.of();
    private String submission = "sub-" + UUID.randomUUID();
    private String actor = "key_svc/processor-service";
    private long logIndex = LOG_INDEX.getAndIncrement();

    private Event(CustomerId customer, String person, String purpose) {
      this.customer = customer;
      this.person = person;
      this.purpose = purpose;
    }

    public Event id(UUID id) {
      this.id = id;
      return this;
    }

    public Event change(ConsentChange change) {
      this.change = change;
      return this;
    }

    public Event source(ConsentSource source) {
      this.source = source;
      return this;
    }

    /** Expressed {@code seconds} after T0 and recorded one second later. */
    public Event at(long seconds) {
      this.expressedAt = Fixtures.at(seconds);
      this.recordedAt = Fixtures.at(seconds + 1);
      return this;
    }

    public Event expressedAt(Instant expressedAt) {
      this.expressedAt = expressedAt;
      return this;
    }

    public Event recordedAt(Instant recordedAt) {
      this.recordedAt = recordedAt;
      return this;
    }

    public Event validUntil(Instant validUntil) {
      this.validUntil = validUntil;
      return this;
    }

    public Event notice(Notice notice) {
      this.notice = notice;
      return this;
    }

    public Event conditionOfService(boolean conditionOfService) {
      this.conditionOfService = conditionOfService;
      return this;
    }

    public Event jurisdiction(String jurisdiction) {
      this.jurisdiction = jurisdiction;
      return this;
    }

    public Event evidence(Map<String, String> evidence) {
      this.evidence = evidence;
      return this;
    }

    public Event submission(String submission) {
      this.submission = submission;
      return this;
    }

    public Event actor(String actor) {
      this.actor = actor;
      return this;
    }

    public Event logIndex(long logIndex) {
      this.logIndex = logIndex;
      return this;
    }

    public ConsentEvent build() {
      return new ConsentEvent(id, customer, pseudonym(person), index("subject-" + person), purpose, change, source,
          expressedAt, recordedAt, validUntil, notice, conditionOfService, jurisdiction, evidence, submission, actor,
          logIndex);
    }
  }

  /** The events as one submission (the first event's submission id for all). */
  public static List<ConsentEvent> submission(Event... events) {
    String id = "sub-" + UUID.randomUUID();
    return java.util.Arrays.stream(events).map(e -> e.submission(id).build()).toList();
  }

  // Tests -----------------------------------------------------------------------------------------

  @Test
  void eventsReadBackFieldByField() {
    ConsentEvent full = event(ACME, "P1", MARKETING).at(10)
        .validUntil(at(86_400 * 365L))
        .notice(new Notice("2026-02", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "de-CH"))
        .conditionOfService(true)
        .jurisdiction("eu-gdpr")
        .evidence(Map.of("tcString", "CQH3k0AQH3k0AAGABCENBOFgAP_gAEPgAAAAKYtV", "ipSha256",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "note", "unicode é ü 中 \"quoted\""))
        .source(ConsentSource.TCF_STRING)
        .logIndex(Long.MAX_VALUE - 1)
        .build();
    ConsentEvent bare = event(ACME, "P1", ADS).at(20).change(ConsentChange.REFUSED).source(ConsentSource.GPC_SIGNAL)
        .build();

    store.append(List.of(full));
    store.append(List.of(bare));

    assertThat(store.history(ACME, pseudonym("P1"))).usingRecursiveFieldByFieldElementComparator()
        .containsExactly(full, bare);
  }

  @Test
  void everyChangeAndSourceReadsBack() {
    long second = 0;
    for (ConsentChange change : ConsentChange.values()) {
      for (ConsentSource source : ConsentSource.values()) {
        store.append(List.of(event(ACME, "P1", MARKETING).at(second++).change(change).source(source).build()));
      }
    }

    assertThat(store.history(ACME, pseudonym("P1"))).hasSize(ConsentChange.values().length * ConsentSource.values().length)
        .extracting(e -> e.change() + "/" + e.source()).doesNotHaveDuplicates();
  }

  @Test
  void theEventsOfOneSubmissionAreAppendedTogether() {
    List<ConsentEvent> events = submission(event(ACME, "P1", MARKETING).at(10),
        event(ACME, "P1", ADS).at(10).change(ConsentChange.REFUSED));

    store.append(events);

    assertThat(store.history(ACME, pseudonym("P1"))).extracting(ConsentEvent::id)
        .containsExactlyElementsOf(events.stream().map(ConsentEvent::id).toList());
    assertThat(store.hasSubmission(ACME, events.getFirst().submissionId())).isTrue();
  }

  @Test
  void aSubmissionThatFailsPartWayLeavesNothingBehind() {
    UUID twice = UUID.randomUUID();
    List<ConsentEvent> broken = submission(event(ACME, "P1", MARKETING).at(10),
        event(ACME, "P1", ADS).at(11).id(twice), event(ACME, "P1", "dpv:Marketing").at(12).id(twice));

    assertThatThrownBy(() -> store.append(broken)).isInstanceOf(RuntimeException.class);

    assertThat(store.history(ACME, pseudonym("P1"))).isEmpty();
    assertThat(store.hasSubmission(ACME, broken.getFirst().submissionId())).isFalse();
    // the submission id was not used up: the corrected submission goes through
    List<ConsentEvent> fixed = List.of(broken.get(0), broken.get(1));
    store.append(fixed);
    assertThat(store.history(ACME, pseudonym("P1"))).extracting(ConsentEvent::id)
        .containsExactly(fixed.get(0).id(), fixed.get(1).id());
  }

  @Test
  void anEventIdIsNeverRecordedTwice() {
    ConsentEvent first = event(ACME, "P1", MARKETING).at(10).build();
    store.append(List.of(first));
    List<ConsentEvent> again = submission(event(ACME, "P1", ADS).at(20),
        event(ACME, "P1", MARKETING).at(20).id(first.id()).change(ConsentChange.WITHDRAWN));

    assertThatThrownBy(() -> store.append(again)).isInstanceOf(RuntimeException.class);

    assertThat(store.history(ACME, pseudonym("P1"))).extracting(ConsentEvent::id).containsExactly(first.id());
    assertThat(store.hasSubmission(ACME, again.getFirst().submissionId())).isFalse();
  }

  @Test
  void aSubmissionIsOnePersonOfOneCustomer() {
    assertThatThrownBy(() -> store.append(List.of())).isInstanceOf(IllegalArgumentException.class);
    List<ConsentEvent> twoPeople = submission(event(ACME, "P1", MARKETING).at(10), event(ACME, "P2", MARKETING).at(10));
    assertThatThrownBy(() -> store.append(twoPeople)).isInstanceOf(IllegalArgumentException.class);
    List<ConsentEvent> twoCustomers =
        submission(event(ACME, "P1", MARKETING).at(10), event(GLOBEX, "P1", MARKETING).at(10));
    assertThatThrownBy(() -> store.append(twoCustomers)).isInstanceOf(IllegalArgumentException.class);
    List<ConsentEvent> twoSubmissions =
        List.of(event(ACME, "P1", MARKETING).at(10).build(), event(ACME, "P1", ADS).at(10).build());
    assertThatThrownBy(() -> store.append(twoSubmissions)).isInstanceOf(IllegalArgumentException.class);

    assertThat(store.history(ACME, pseudonym("P1"))).isEmpty();
    assertThat(store.history(ACME, pseudonym("P2"))).isEmpty();
    assertThat(store.history(GLOBEX, pseudonym("P1"))).isEmpty();
  }

  @Test
  void aDuplicateSubmissionChangesNothing() {
    ConsentEvent grant = event(ACME, "P1", MARKETING).at(10).submission("form-2026-03-01-0001").build();
    store.append(List.of(grant));
    List<ConsentEvent> replay = List.of(
        event(ACME, "P1", MARKETING).at(20).change(ConsentChange.WITHDRAWN).submission("form-2026-03-01-0001").build(),
        event(ACME, "P1", ADS).at(20).submission("form-2026-03-01-0001").build());

    assertThatThrownBy(() -> store.append(replay)).isInstanceOfSatisfying(Conflict.class, c -> {
      assertThat(c.code()).isEqualTo(ErrorCode.DUPLICATE_SUBMISSION);
      assertThat(c.getMessage())
          .isEqualTo("Submission 'form-2026-03-01-0001' was recorded before; nothing was changed.");
    });
    List<ConsentEvent> otherPerson = List.of(event(ACME, "P2", MARKETING).at(20).submission("form-2026-03-01-0001")
        .build());
    assertThatThrownBy(() -> store.append(otherPerson)).as("submission ids are per customer, not per person")
        .isInstanceOfSatisfying(Conflict.class, c -> assertThat(c.code()).isEqualTo(ErrorCode.DUPLICATE_SUBMISSION));

    assertThat(store.history(ACME, pseudonym("P1"))).extracting(ConsentEvent::id).containsExactly(grant.id());
    assertThat(store.history(ACME, pseudonym("P2"))).isEmpty();
  }

  @Test
  void submissionIdsArePerCustomer() {
    store.append(List.of(event(ACME, "P1", MARKETING).at(10).submission("s-1").build()));
    store.append(List.of(event(GLOBEX, "P1", MARKETING).at(10).submission("s-1").build()));

    assertThat(store.hasSubmission(ACME, "s-1")).isTrue();
    assertThat(store.hasSubmission(GLOBEX, "s-1")).isTrue();
    assertThat(store.hasSubmission(ACME, "s-2")).isFalse();
    assertThat(store.hasSubmission(new CustomerId("initech"), "s-1")).isFalse();
  }

  @Test
  void historyIsInLedgerOrderWhateverTheOrderOfAppends() {
    // expressed, then recorded, then log index, then the order of appending
    ConsentEvent late = event(ACME, "P1", MARKETING).at(300).logIndex(1).build();
    ConsentEvent recordedLater = event(ACME, "P1", MARKETING).expressedAt(at(100)).recordedAt(at(250)).logIndex(2)
        .change(ConsentChange.WITHDRAWN).build();
    ConsentEvent higherLog = event(ACME, "P1", ADS).expressedAt(at(100)).recordedAt(at(200)).logIndex(9).build();
    ConsentEvent lowerLog = event(ACME, "P1", MARKETING).expressedAt(at(100)).recordedAt(at(200)).logIndex(8).build();
    ConsentEvent early = event(ACME, "P1", ADS).at(5).logIndex(50).build();
    List<ConsentEvent> tie = submission(
        event(ACME, "P1", "dpv:Marketing").expressedAt(at(400)).recordedAt(at(401)).logIndex(7),
        event(ACME, "P1", MARKETING).expressedAt(at(400)).recordedAt(at(401)).logIndex(7));
    store.append(List.of(late));
    store.append(List.of(recordedLater));
    store.append(List.of(higherLog));
    store.append(tie);
    store.append(List.of(lowerLog));
    store.append(List.of(early));
    store.append(List.of(event(ACME, "P2", MARKETING).at(50).build()));
    store.append(List.of(event(GLOBEX, "P1", MARKETING).at(50).build()));

    assertThat(store.history(ACME, pseudonym("P1"))).extracting(ConsentEvent::id).containsExactly(
        early.id(), lowerLog.id(), higherLog.id(), recordedLater.id(), late.id(), tie.get(0).id(), tie.get(1).id());
    assertThat(store.events(ACME, pseudonym("P1"), List.of(MARKETING))).extracting(ConsentEvent::id)
        .containsExactly(lowerLog.id(), recordedLater.id(), late.id(), tie.get(1).id());
    assertThat(store.events(ACME, pseudonym("P1"), List.of(ADS, "dpv:Marketing"))).extracting(ConsentEvent::id)
        .containsExactly(early.id(), higherLog.id(), tie.get(0).id());
    assertThat(store.events(ACME, pseudonym("P1"), List.of("dpv:Other"))).isEmpty();
    assertThat(store.events(ACME, pseudonym("P1"), List.of())).isEmpty();
    assertThat(store.history(ACME, pseudonym("P9"))).isEmpty();
    assertThat(store.history(GLOBEX, pseudonym("P1"))).hasSize(1);
  }

  /** Instants a microsecond apart stay apart (every backend keeps microseconds). */
  @Test
  void microsecondsOrderTheLedger() {
    ConsentEvent second = event(ACME, "P1", MARKETING).expressedAt(T0.plus(Duration.ofNanos(1_000)))
        .recordedAt(at(5)).logIndex(1).build();
    ConsentEvent first = event(ACME, "P1", MARKETING).expressedAt(T0).recordedAt(at(5)).logIndex(2).build();
    store.append(List.of(second));
    store.append(List.of(first));

    assertThat(store.history(ACME, pseudonym("P1"))).extracting(ConsentEvent::id).containsExactly(first.id(),
        second.id());
  }
}
