package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Finding;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.Instruction.GivenBy;
import dev.mandate.core.instruction.Instruction.Step;
import dev.mandate.core.instruction.InstructionFields;
import dev.mandate.core.instruction.InstructionFields.AutomatedDecision;
import dev.mandate.core.instruction.InstructionFields.Breaches;
import dev.mandate.core.instruction.InstructionFields.ConsentBasis;
import dev.mandate.core.instruction.InstructionFields.DataSubjectRights;
import dev.mandate.core.instruction.InstructionFields.Disclosure;
import dev.mandate.core.instruction.InstructionFields.Marketing;
import dev.mandate.core.instruction.InstructionFields.Minors;
import dev.mandate.core.instruction.InstructionFields.Recipient;
import dev.mandate.core.instruction.InstructionFields.RecipientRole;
import dev.mandate.core.instruction.InstructionFields.Sale;
import dev.mandate.core.instruction.InstructionFields.SubProcessor;
import dev.mandate.core.instruction.InstructionFields.Transfer;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.core.instruction.InstructionStore;
import dev.mandate.core.instruction.Outcome;
import dev.mandate.core.instruction.Rule.Severity;
import dev.mandate.core.notice.NoticeOutbox;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.notice.OutgoingNotice.State;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InstructionStore} must do: a version reads back field by field; a version
 * number is taken once; a state moves only from the state the caller saw; the notices about a
 * version are written with it, or not at all; and one customer never sees another's instructions.
 */
public abstract class InstructionStoreContract {
  protected static final CustomerId ACME = new CustomerId("acme");
  protected static final CustomerId GLOBEX = new CustomerId("globex");
  private static final AtomicInteger NOTICE_IDS = new AtomicInteger();
  protected InstructionStore store;
  protected NoticeOutbox outbox;

  /** A store and the outbox it writes its notices to. */
  public record Backend(InstructionStore store, NoticeOutbox outbox) {}

  protected abstract Backend newBackend();

  /** Makes the customer exist, for backends that check it (a foreign key); nothing by default. */
  protected void customerExists(CustomerId customer) {}

  @BeforeEach
  void newStoreForEachTest() {
    Backend backend = newBackend();
    store = backend.store();
    outbox = backend.outbox();
    customerExists(ACME);
    customerExists(GLOBEX);
  }

  // Test data -------------------------------------------------------------------------------------

  /** An instruction id made of {@code marker}, padded to the id's form. */
  public static InstructionId id(String marker) {
    return new InstructionId("ins_" + (marker + "00000000000000000000").substring(0, 20));
  }

  /** Fields that use every field: nested records, nulls next to explicit false, text with quotes and unicode. */
  public static InstructionFields fullFields() {
    return new InstructionFields("custom:MonthlyPayroll", "dpv:ServiceProvision",
        List.of("pd:Name", "pd:Salary"), List.of("pd:HealthRecord"), "eu-gdpr:A9-2-b", null,
        List.of("dpv:Store", "dpv:Transfer"), List.of("dpv:Employee"),
        List.of(new Recipient("Payroll \"Partner\" é 中", RecipientRole.THIRD_PARTY, "CH"),
            new Recipient("Self", RecipientRole.PROCESSOR_ITSELF, null)),
        List.of(new Transfer("VN", "Archive Co", null, false, null),
            new Transfer("US", null, "eu-gdpr:SCCByCommission", null, "A49-1-a")),
        null, true, "Tax law\tkeeps\nrecords", "eu-gdpr:A6-1-b",
        new Marketing(ConsentBasis.ASSUMED, false),
        new Sale(true, null, false, null, false),
        new AutomatedDecision(false, "CONTRACT", null, true),
        new Minors(true, 13, null),
        List.of("DISABLE_MFA"),
        List.of(new SubProcessor("Hosting GmbH", "DE", true), new SubProcessor("Mail Inc", null, null)),
        new DataSubjectRights(false, 30),
        new Breaches(null, 72),
        false, null,
        new Disclosure("Tax office", "FR", true, null, false),
        null);
  }

  /** Fields with only the purpose: every other field absent. */
  public static InstructionFields minimalFields() {
    return new InstructionFields("dpv:ServiceProvision", null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public static Analysis held(LocalDate asOf) {
    return new Analysis(Outcome.POSSIBLE_INFRINGEMENT,
        List.of(new Finding("EU-TRANSFER-1", "R-TRANSFER", "EU-GDPR", "GDPR Arts. 44-46", Severity.INFRINGES,
                "No safeguard \"named\" for é 中.", List.of("transfers[0].country", "transfers[0].safeguard")),
            new Finding("EU-REVIEW-1", "R-REVIEW", "EU-GDPR", "GDPR Art. 28(3)", Severity.NEEDS_REVIEW,
                "Look at it.", List.of())),
        List.of("CH-FADP", "EU-GDPR"), 7, List.of("EU-SPECIAL-1", "CH-TRANSFER-1"), "sha256:abc", asOf,
        "2 of the 7 rules checked found something.");
  }

  public static Analysis clear() {
    return new Analysis(Outcome.NO_INFRINGEMENT_FOUND, List.of(), List.of("EU-GDPR"), 3,
        List.of("A", "B", "C"), "sha256:abc", LocalDate.of(2026, 3, 1), "Nothing found.");
  }

  /** Version {@code version} of {@code id}, submitted {@code seconds} after T0, in {@code state}. */
  public static Instruction instruction(CustomerId customer, InstructionId id, int version, InstructionState state,
      long seconds) {
    Analysis analysis = state == InstructionState.CLEARED ? clear() : held(LocalDate.of(2026, 3, 1));
    return new Instruction(customer, id, version, state, false, 1, "Please archive payroll to Vietnam.",
        minimalFields(), new GivenBy(null, "customer-dpo", true), "key_dpo/customer-dpo", at(seconds), analysis,
        null, null, at(seconds));
  }

  public static OutgoingNotice notice(Instruction i, Kind kind) {
    return new OutgoingNotice("ntc_ins" + NOTICE_IDS.incrementAndGet(), i.customer(), "instruction.held", i.ref(), kind,
        kind == Kind.EMAIL ? "privacy@" + i.customer().value() + ".example" : "https://" + i.customer().value()
            + ".example/hooks", "Instruction held", "Your instruction is on hold.", "{\"topic\":\"instruction.held\"}",
        i.submittedAt(), 0, i.submittedAt(), State.PENDING, null, null);
  }

  // Reading back ----------------------------------------------------------------------------------

  @Test
  void aVersionReadsBackFieldByField() {
    Instant submitted = Instant.parse("2026-03-01T10:15:30.123456Z");
    Instruction full = new Instruction(ACME, id("full"), 1, InstructionState.HELD, true, 4,
        "Archive payroll to \"Vietnam\" é 中\n\twithout clauses.", fullFields(),
        new GivenBy("Dana Protection", "DPO", false), "key_admin/processor-admin", submitted,
        held(LocalDate.of(2026, 2, 28)), null, null, submitted.plusNanos(1000));

    assertThat(store.insert(full, List.of())).isTrue();

    Instruction read = store.find(ACME, full.id(), 1).orElseThrow();
    assertThat(read.customer()).isEqualTo(ACME);
    assertThat(read.id()).isEqualTo(full.id());
    assertThat(read.version()).isEqualTo(1);
    assertThat(read.state()).isEqualTo(InstructionState.HELD);
    assertThat(read.standing()).isTrue();
    assertThat(read.agreementVersion()).isEqualTo(4);
    assertThat(read.text()).isEqualTo(full.text());
    assertThat(read.fields()).isEqualTo(full.fields());
    assertThat(read.fields().marketing().honourOptOuts()).as("false stays false").isFalse();
    assertThat(read.fields().sale().honourOptOuts()).as("not said stays not said, not false").isNull();
    assertThat(read.fields().retentionDays()).isNull();
    assertThat(read.fields().retentionIndefinite()).isTrue();
    assertThat(read.fields().reidentify()).isFalse();
    assertThat(read.fields().disableRecords()).isNull();
    assertThat(read.fields().processorOwnUse()).isNull();
    assertThat(read.fields().criminalDataAuthority()).isNull();
    assertThat(read.fields().transfers().get(0).dpfCertified()).isFalse();
    assertThat(read.fields().transfers().get(1).dpfCertified()).isNull();
    assertThat(read.fields().recipients().get(1).country()).isNull();
    assertThat(read.givenBy()).isEqualTo(new GivenBy("Dana Protection", "DPO", false));
    assertThat(read.submittedBy()).isEqualTo("key_admin/processor-admin");
    assertThat(read.submittedAt()).isEqualTo(submitted);
    assertThat(read.analysis()).isEqualTo(full.analysis());
    assertThat(read.analysis().asOf()).isEqualTo(LocalDate.of(2026, 2, 28));
    assertThat(read.analysis().findings()).hasSize(2);
    assertThat(read.analysis().findings().get(0).fields()).containsExactly("transfers[0].country", "transfers[0].safeguard");
    assertThat(read.customerResponse()).isNull();
    assertThat(read.officerDecision()).isNull();
    assertThat(read.updatedAt()).isEqualTo(submitted.plusNanos(1000));
    assertThat(read).isEqualTo(full);
  }

  @Test
  void aVersionWithOnlyThePurposeReadsBackWithNullsAndEmptyLists() {
    Instruction minimal = new Instruction(ACME, id("min"), 1, InstructionState.CLEARED, false, 1, "Do it.",
        minimalFields(), new GivenBy(null, "customer-application", true), "key_app/customer-application", at(0),
        clear(), null, null, at(0));

    store.insert(minimal, List.of());

    Instruction read = store.find(ACME, minimal.id(), 1).orElseThrow();
    assertThat(read).isEqualTo(minimal);
    assertThat(read.fields().marketing()).isNull();
    assertThat(read.fields().transfers()).isEmpty();
    assertThat(read.givenBy().name()).isNull();
    assertThat(read.analysis().findings()).isEmpty();
  }

  @Test
  void responsesReadBackToTheMicrosecond() {
    Instruction v1 = instruction(ACME, id("resp"), 1, InstructionState.HELD, 0);
    store.insert(v1, List.of());
    Step response = new Step("key_dpo/customer-dpo", Instant.parse("2026-03-01T11:00:00.000001Z"),
        "We have a \"written\" basis for this: é 中\nline two.");
    Instruction confirmed = v1.with(InstructionState.CONFIRMED_BY_CUSTOMER, response, null, response.at());

    assertThat(store.transition(confirmed, InstructionState.HELD, List.of())).isTrue();
    assertThat(store.find(ACME, v1.id(), 1)).contains(confirmed);

    Step decision = new Step("key_po/processor-privacy-officer", Instant.parse("2026-03-02T09:30:00.999999Z"), "Applied.");
    Instruction applied = confirmed.with(InstructionState.APPLIED, response, decision, decision.at());
    assertThat(store.transition(applied, InstructionState.CONFIRMED_BY_CUSTOMER, List.of())).isTrue();

    Instruction read = store.find(ACME, v1.id(), 1).orElseThrow();
    assertThat(read.state()).isEqualTo(InstructionState.APPLIED);
    assertThat(read.customerResponse()).isEqualTo(response);
    assertThat(read.officerDecision()).isEqualTo(decision);
    assertThat(read.updatedAt()).isEqualTo(decision.at());
    assertThat(read.submittedAt()).as("what was analysed does not move").isEqualTo(v1.submittedAt());
    assertThat(read.analysis()).isEqualTo(v1.analysis());
    assertThat(read).isEqualTo(applied);
  }

  @Test
  void aResponseWithItsTimeCanBeStored() {
    Instruction v1 = instruction(ACME, id("step"), 1, InstructionState.HELD, 0);
    store.insert(v1, List.of());
    Instruction confirmed = v1.with(InstructionState.CONFIRMED_BY_CUSTOMER,
        new Step("key_dpo/customer-dpo", at(1), "A written justification of twenty characters."), null, at(1));

    assertThatCode(() -> store.transition(confirmed, InstructionState.HELD, List.of()))
        .as("a customer response or officer decision (Instruction.Step, with an Instant) must be storable;"
            + " if this fails with 'cannot write Step as JSON' the store's JSON mapper cannot write java.time.Instant")
        .doesNotThrowAnyException();
    assertThat(store.find(ACME, v1.id(), 1)).contains(confirmed);
  }

  @Test
  void aTransitionKeepsWhatWasAnalysedWhateverTheCallerPassesAlong() {
    Instruction v1 = instruction(ACME, id("keep"), 1, InstructionState.HELD, 0);
    store.insert(v1, List.of());
    Instruction tampered = new Instruction(ACME, v1.id(), 1, InstructionState.WITHDRAWN, true, 9, "Other words.",
        fullFields(), new GivenBy("Someone", "x", false), "key_x/x", at(50), clear(), null, null, at(60));

    assertThat(store.transition(tampered, InstructionState.HELD, List.of())).isTrue();

    Instruction read = store.find(ACME, v1.id(), 1).orElseThrow();
    assertThat(read.state()).isEqualTo(InstructionState.WITHDRAWN);
    assertThat(read.updatedAt()).isEqualTo(at(60));
    assertThat(read.with(v1.state(), null, null, v1.updatedAt())).as("only state, responses and time change")
        .isEqualTo(v1);
  }

  // Writing once ----------------------------------------------------------------------------------

  @Test
  void anExistingVersionIsNotOverwrittenAndItsNoticesAreNotWritten() {
    Instruction first = instruction(ACME, id("dup"), 1, InstructionState.CLEARED, 0);
    assertThat(store.insert(first, List.of())).isTrue();
    Instruction second = instruction(ACME, id("dup"), 1, InstructionState.HELD, 10);
    List<OutgoingNotice> notices = List.of(notice(second, Kind.WEBHOOK), notice(second, Kind.EMAIL));

    assertThat(store.insert(second, notices)).isFalse();

    assertThat(store.find(ACME, first.id(), 1)).contains(first);
    assertThat(store.versions(ACME, first.id())).containsExactly(first);
    assertThat(outbox.byReference(ACME, first.ref())).as("no notice for a version that was not kept").isEmpty();
    assertThat(outbox.recent(ACME, 10)).isEmpty();
  }

  @Test
  void aVersionIsStoredWithItsNotices() {
    Instruction v1 = instruction(ACME, id("notes"), 1, InstructionState.HELD, 0);
    OutgoingNotice webhook = notice(v1, Kind.WEBHOOK);
    OutgoingNotice email = notice(v1, Kind.EMAIL);

    assertThat(store.insert(v1, List.of(webhook, email))).isTrue();

    assertThat(store.find(ACME, v1.id(), 1)).contains(v1);
    assertThat(outbox.byReference(ACME, v1.ref())).containsExactlyInAnyOrder(webhook, email);
  }

  @Test
  void aVersionWhoseNoticesCannotBeStoredIsNotStored() {
    Instruction other = instruction(ACME, id("other"), 1, InstructionState.HELD, 0);
    OutgoingNotice taken = notice(other, Kind.WEBHOOK);
    store.insert(other, List.of(taken));
    Instruction v1 = instruction(ACME, id("atomic"), 1, InstructionState.HELD, 10);
    OutgoingNotice fresh = notice(v1, Kind.EMAIL);

    assertThatThrownBy(() -> store.insert(v1, List.of(fresh, taken))).isInstanceOf(IllegalStateException.class);

    assertThat(store.find(ACME, v1.id(), 1)).as("all or nothing").isEmpty();
    assertThat(store.versions(ACME, v1.id())).isEmpty();
    assertThat(outbox.byReference(ACME, v1.ref())).isEmpty();
    assertThat(store.insert(v1, List.of(fresh))).as("the version number was not used up").isTrue();
  }

  // Transitions -----------------------------------------------------------------------------------

  @Test
  void aTransitionHappensOnlyFromTheExpectedStateAndOtherwiseWritesNoNotice() {
    Instruction v1 = instruction(ACME, id("trans"), 1, InstructionState.HELD, 0);
    store.insert(v1, List.of());
    // no responses here: that they can be stored is checked on its own (aResponseWithItsTimeCanBeStored)
    Instruction applied = v1.with(InstructionState.APPLIED, null, null, at(5));
    List<OutgoingNotice> notices = List.of(notice(v1, Kind.WEBHOOK), notice(v1, Kind.EMAIL));

    assertThat(store.transition(applied, InstructionState.CONFIRMED_BY_CUSTOMER, notices)).isFalse();

    assertThat(store.find(ACME, v1.id(), 1)).contains(v1);
    assertThat(outbox.byReference(ACME, v1.ref())).isEmpty();

    Instruction withdrawn = v1.with(InstructionState.WITHDRAWN, null, null, at(6));
    assertThat(store.transition(withdrawn, InstructionState.HELD, List.of())).isTrue();
    assertThat(store.transition(applied, InstructionState.HELD, notices)).as("someone else moved it first").isFalse();
    assertThat(store.find(ACME, v1.id(), 1)).contains(withdrawn);
    assertThat(outbox.recent(ACME, 10)).isEmpty();
  }

  @Test
  void aTransitionOfAVersionThatDoesNotExistChangesNothing() {
    Instruction ghost = instruction(ACME, id("ghost"), 1, InstructionState.HELD, 0);

    assertThat(store.transition(ghost.with(InstructionState.WITHDRAWN, null, null, at(1)), InstructionState.HELD,
        List.of(notice(ghost, Kind.WEBHOOK)))).isFalse();

    assertThat(store.find(ACME, ghost.id(), 1)).isEmpty();
    assertThat(outbox.recent(ACME, 10)).isEmpty();
  }

  @Test
  void noticesAreWrittenWithTheTransition() {
    Instruction v1 = instruction(ACME, id("decide"), 1, InstructionState.HELD, 0);
    store.insert(v1, List.of());
    Instruction refused = v1.with(InstructionState.REFUSED, null, null, at(9));
    OutgoingNotice webhook = notice(v1, Kind.WEBHOOK);
    OutgoingNotice email = notice(v1, Kind.EMAIL);

    assertThat(store.transition(refused, InstructionState.HELD, List.of(webhook, email))).isTrue();

    assertThat(store.find(ACME, v1.id(), 1)).contains(refused);
    assertThat(outbox.byReference(ACME, v1.ref())).containsExactlyInAnyOrder(webhook, email);
  }

  @Test
  void aTransitionWhoseNoticesCannotBeStoredDoesNotHappen() {
    Instruction v1 = instruction(ACME, id("tatomic"), 1, InstructionState.HELD, 0);
    OutgoingNotice taken = notice(v1, Kind.WEBHOOK);
    store.insert(v1, List.of(taken));
    Instruction superseded = v1.with(InstructionState.SUPERSEDED, null, null, at(9)); // no response: only the notices can fail
    OutgoingNotice fresh = notice(v1, Kind.EMAIL);

    assertThatThrownBy(() -> store.transition(superseded, InstructionState.HELD, List.of(fresh, taken)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.find(ACME, v1.id(), 1)).as("all or nothing").contains(v1);
    assertThat(outbox.byReference(ACME, v1.ref())).containsExactly(taken);
  }

  // Listing ---------------------------------------------------------------------------------------

  @Test
  void versionsComeOldestFirst() {
    InstructionId id = id("vers");
    Instruction v3 = instruction(ACME, id, 3, InstructionState.CLEARED, 30);
    Instruction v1 = instruction(ACME, id, 1, InstructionState.SUPERSEDED, 10);
    Instruction v2 = instruction(ACME, id, 2, InstructionState.SUPERSEDED, 20);
    store.insert(v3, List.of());
    store.insert(v1, List.of());
    store.insert(v2, List.of());
    store.insert(instruction(ACME, id("another"), 1, InstructionState.CLEARED, 5), List.of());

    assertThat(store.versions(ACME, id)).containsExactly(v1, v2, v3);
    assertThat(store.versions(ACME, id("nothing"))).isEmpty();
  }

  @Test
  void latestGivesTheLatestVersionOfEachInstructionNewestFirst() {
    Instruction a1 = instruction(ACME, id("a"), 1, InstructionState.SUPERSEDED, 10);
    Instruction b1 = instruction(ACME, id("b"), 1, InstructionState.HELD, 20);
    Instruction c1 = instruction(ACME, id("c"), 1, InstructionState.CLEARED, 25);
    Instruction a2 = instruction(ACME, id("a"), 2, InstructionState.HELD, 30);
    Instruction d1 = instruction(ACME, id("d"), 1, InstructionState.WITHDRAWN, 5);
    for (Instruction i : List.of(a1, b1, c1, a2, d1)) {
      store.insert(i, List.of());
    }
    store.insert(instruction(GLOBEX, id("g"), 1, InstructionState.HELD, 40), List.of());

    assertThat(store.latest(ACME, null, 10)).containsExactly(a2, c1, b1, d1);
    assertThat(store.latest(ACME, InstructionState.HELD, 10)).containsExactly(a2, b1);
    assertThat(store.latest(ACME, InstructionState.SUPERSEDED, 10)).as("only the latest version counts").isEmpty();
    assertThat(store.latest(ACME, InstructionState.WITHDRAWN, 10)).containsExactly(d1);
    assertThat(store.latest(ACME, null, 2)).containsExactly(a2, c1);
    assertThat(store.latest(ACME, InstructionState.HELD, 1)).containsExactly(a2);
  }

  @Test
  void latestSeesAStateChangeOfTheLatestVersion() {
    Instruction b1 = instruction(ACME, id("b"), 1, InstructionState.HELD, 20);
    store.insert(b1, List.of());
    Instruction withdrawn = b1.with(InstructionState.WITHDRAWN, null, null, at(21));
    store.transition(withdrawn, InstructionState.HELD, List.of());

    assertThat(store.latest(ACME, InstructionState.HELD, 10)).isEmpty();
    assertThat(store.latest(ACME, InstructionState.WITHDRAWN, 10)).containsExactly(withdrawn);
  }

  @Test
  void currentHoldsVersionsInForceOrOnHoldAndNoOtherOrdinaryOnes() {
    int n = 0;
    for (InstructionState s : InstructionState.values()) {
      store.insert(instruction(ACME, id("s" + s.ordinal()), 1, s, n++), List.of());
    }
    InstructionId amended = id("amended");
    Instruction cleared = instruction(ACME, amended, 1, InstructionState.CLEARED, 100);
    Instruction heldV2 = instruction(ACME, amended, 2, InstructionState.HELD, 110);
    store.insert(cleared, List.of());
    store.insert(heldV2, List.of());

    List<Instruction> current = store.current(ACME);

    assertThat(current).extracting(Instruction::state).containsOnly(InstructionState.CLEARED, InstructionState.APPLIED,
        InstructionState.HELD, InstructionState.CONFIRMED_BY_CUSTOMER);
    assertThat(current).extracting(i -> i.id().value()).containsExactlyInAnyOrder(
        id("s" + InstructionState.CLEARED.ordinal()).value(), id("s" + InstructionState.HELD.ordinal()).value(),
        id("s" + InstructionState.CONFIRMED_BY_CUSTOMER.ordinal()).value(),
        id("s" + InstructionState.APPLIED.ordinal()).value(), amended.value(), amended.value());
    assertThat(current).as("the version in force and the held amendment").contains(cleared, heldV2);
  }

  @Test
  void theQueueOnHoldSpansCustomersOldestFirst() {
    Instruction acmeHeld = instruction(ACME, id("q1"), 1, InstructionState.HELD, 30);
    Instruction globexConfirmed = instruction(GLOBEX, id("q2"), 1, InstructionState.CONFIRMED_BY_CUSTOMER, 10);
    store.insert(acmeHeld, List.of());
    store.insert(globexConfirmed, List.of());
    store.insert(instruction(ACME, id("q3"), 1, InstructionState.CLEARED, 5), List.of());
    store.insert(instruction(ACME, id("q4"), 1, InstructionState.REFUSED, 6), List.of());

    assertThat(store.onHold(10)).containsExactly(globexConfirmed, acmeHeld);
    assertThat(store.onHold(1)).containsExactly(globexConfirmed);
  }

  @Test
  void currentAlsoHoldsRefusedStandingClauses() {
    Instruction refused = instruction(ACME, id("standing"), 1, InstructionState.REFUSED, 5);
    Instruction standing = new Instruction(refused.customer(), refused.id(), 1, InstructionState.REFUSED, true,
        refused.agreementVersion(), refused.text(), refused.fields(), refused.givenBy(), refused.submittedBy(),
        refused.submittedAt(), refused.analysis(), null, null, refused.updatedAt());
    store.insert(standing, List.of());
    store.insert(instruction(ACME, id("other"), 1, InstructionState.REFUSED, 6), List.of());

    assertThat(store.current(ACME)).as("a refused standing clause keeps its purpose out of force").containsExactly(standing);
  }

  // Tenants ---------------------------------------------------------------------------------------

  @Test
  void oneCustomersInstructionsAreInvisibleToAnother() {
    Instruction acme = instruction(ACME, id("tenant"), 1, InstructionState.HELD, 0);
    store.insert(acme, List.of(notice(acme, Kind.WEBHOOK)));

    assertThat(store.find(GLOBEX, acme.id(), 1)).isEmpty();
    assertThat(store.versions(GLOBEX, acme.id())).isEmpty();
    assertThat(store.latest(GLOBEX, null, 10)).isEmpty();
    assertThat(store.current(GLOBEX)).isEmpty();
    assertThat(outbox.recent(GLOBEX, 10)).isEmpty();
    Instruction asGlobex = new Instruction(GLOBEX, acme.id(), 1, InstructionState.WITHDRAWN, false, 1, acme.text(),
        acme.fields(), acme.givenBy(), acme.submittedBy(), acme.submittedAt(), acme.analysis(), null, null, at(5));
    assertThat(store.transition(asGlobex, InstructionState.HELD, List.of())).as("another customer cannot move it")
        .isFalse();
    assertThat(store.find(ACME, acme.id(), 1)).contains(acme);
  }

  @Test
  void theSameIdUnderTwoCustomersIsTwoInstructions() {
    Instruction acme = instruction(ACME, id("same"), 1, InstructionState.HELD, 0);
    Instruction globex = instruction(GLOBEX, id("same"), 1, InstructionState.CLEARED, 1);

    assertThat(store.insert(acme, List.of())).isTrue();
    assertThat(store.insert(globex, List.of())).isTrue();

    assertThat(store.versions(ACME, acme.id())).containsExactly(acme);
    assertThat(store.versions(GLOBEX, acme.id())).containsExactly(globex);
    assertThat(store.latest(ACME, null, 10)).containsExactly(acme);
    assertThat(store.current(GLOBEX)).containsExactly(globex);
  }
}
