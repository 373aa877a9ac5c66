package dev.mandate.testkit;

import static dev.mandate.testkit.contract.Fixtures.T0;
import static dev.mandate.testkit.contract.Fixtures.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.notice.NoticeChannel;
import dev.mandate.core.notice.NoticeChannel.Delivery;
import dev.mandate.core.notice.NoticeDispatcher;
import dev.mandate.core.notice.NoticeDraft;
import dev.mandate.core.notice.NoticeService;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.notice.OutgoingNotice.State;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivering queued notices: retries with growing delays, giving up for good, and a record of each step. */
class NoticeDispatcherTest {
  static final CustomerId ACME = new CustomerId("acme");
  final MutableClock clock = new MutableClock(T0);
  final InMemoryCustomerStore customers = new InMemoryCustomerStore();
  final InMemoryNoticeOutbox outbox = new InMemoryNoticeOutbox();
  final InMemoryProcessingLog log = new InMemoryProcessingLog();
  final ScriptedChannel webhook = new ScriptedChannel();
  final ScriptedChannel email = new ScriptedChannel();
  final List<Duration> backoff = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2));
  final NoticeDispatcher dispatcher = new NoticeDispatcher(outbox, Map.of(Kind.WEBHOOK, webhook, Kind.EMAIL, email),
      log, clock, backoff, Duration.ofMinutes(2), 50);
  OutgoingNotice hook;
  OutgoingNotice mail;

  /** A channel that answers from a script, then "accepted"; it records what it was given. */
  static final class ScriptedChannel implements NoticeChannel {
    final Deque<Object> script = new ArrayDeque<>();
    final List<OutgoingNotice> attempts = new ArrayList<>();

    ScriptedChannel then(Object outcome) {
      script.add(outcome);
      return this;
    }

    @Override
    public Delivery deliver(OutgoingNotice n) {
      attempts.add(n);
      Object next = script.isEmpty() ? Delivery.accepted("HTTP 204") : script.poll();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (Delivery) next;
    }
  }

  @BeforeEach
  void queueANotice() {
    customers.insert(customer("acme"));
    List<OutgoingNotice> queued = new NoticeService(outbox, log, customers::find, clock).send(
        new NoticeDraft(ACME, "instruction.held", "instruction:ins_x/v2", "Held", "Held for review.", "{}"), "req-1");
    hook = queued.get(0);
    mail = queued.get(1);
  }

  @Test
  void dueNoticesAreDeliveredAndRecorded() {
    clock.advance(Duration.ofSeconds(1));

    assertThat(dispatcher.dispatchDue()).isEqualTo(2);

    assertThat(webhook.attempts).extracting(OutgoingNotice::id).containsExactly(hook.id());
    assertThat(email.attempts).extracting(OutgoingNotice::id).containsExactly(mail.id());
    assertThat(stored(hook)).satisfies(n -> {
      assertThat(n.state()).isEqualTo(State.DELIVERED);
      assertThat(n.attempts()).isEqualTo(1);
      assertThat(n.deliveredAt()).isEqualTo(clock.instant());
    });
    assertThat(records(EventType.NOTICE_DELIVERED)).hasSize(2).allSatisfy(e -> {
      assertThat(e.reasons()).containsExactly("instruction.held", "instruction:ins_x/v2");
      assertThat(e.actor()).isEqualTo("system");
      assertThat(e.time()).isEqualTo(clock.instant());
    });
    assertThat(records(EventType.NOTICE_DELIVERED)).extracting(ProcessingEvent::recordRef)
        .containsExactlyInAnyOrder(hook.recordRef(), mail.recordRef());
    assertThat(dispatcher.dispatchDue()).as("nothing is sent twice").isZero();
  }

  @Test
  void aFailedAttemptIsRetriedAfterTheNextDelay() {
    webhook.then(Delivery.retryLater("HTTP 503")).then(Delivery.retryLater("timeout"));

    dispatcher.dispatchDue();

    assertThat(stored(hook)).satisfies(n -> {
      assertThat(n.state()).isEqualTo(State.PENDING);
      assertThat(n.attempts()).isEqualTo(1);
      assertThat(n.lastError()).isEqualTo("HTTP 503");
      assertThat(n.nextAttemptAt()).isEqualTo(T0.plusSeconds(30));
    });
    assertThat(records(EventType.NOTICE_DELIVERY_FAILED)).singleElement().satisfies(e -> {
      assertThat(e.recordRef()).isEqualTo(hook.recordRef());
      assertThat(e.operation()).isEqualTo("webhook");
      assertThat(e.reasons()).containsExactly("instruction.held", "instruction:ins_x/v2", "HTTP 503");
    });

    clock.advance(Duration.ofSeconds(29));
    assertThat(dispatcher.dispatchDue()).as("not yet due").isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(dispatcher.dispatchDue()).isEqualTo(1);
    assertThat(stored(hook).nextAttemptAt()).as("second delay").isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
    assertThat(stored(hook).lastError()).isEqualTo("timeout");

    clock.advance(Duration.ofMinutes(2));
    dispatcher.dispatchDue();
    assertThat(stored(hook).state()).isEqualTo(State.DELIVERED);
    assertThat(stored(hook).attempts()).isEqualTo(3);
    assertThat(webhook.attempts).hasSize(3);
  }

  @Test
  void afterTheLastDelayTheNoticeIsGivenUp() {
    for (int i = 0; i < 3; i++) {
      webhook.then(Delivery.retryLater("HTTP 500"));
    }

    dispatcher.dispatchDue();
    clock.advance(Duration.ofSeconds(30));
    dispatcher.dispatchDue();
    clock.advance(Duration.ofMinutes(2));
    dispatcher.dispatchDue();

    assertThat(stored(hook)).satisfies(n -> {
      assertThat(n.state()).isEqualTo(State.GAVE_UP);
      assertThat(n.attempts()).as("one attempt plus one per delay").isEqualTo(3);
      assertThat(n.lastError()).isEqualTo("HTTP 500");
    });
    assertThat(records(EventType.NOTICE_DELIVERY_FAILED)).hasSize(3);
    assertThat(records(EventType.NOTICE_GAVE_UP)).singleElement().satisfies(e -> {
      assertThat(e.recordRef()).isEqualTo(hook.recordRef());
      assertThat(e.reasons()).containsExactly("instruction.held", "instruction:ins_x/v2", "HTTP 500");
    });
    clock.advance(Duration.ofDays(30));
    assertThat(dispatcher.dispatchDue()).isZero();
  }

  @Test
  void aPermanentFailureGivesUpAtOnce() {
    webhook.then(Delivery.permanent("HTTP 410"));

    dispatcher.dispatchDue();

    assertThat(stored(hook).state()).isEqualTo(State.GAVE_UP);
    assertThat(stored(hook).attempts()).isEqualTo(1);
    assertThat(records(EventType.NOTICE_GAVE_UP)).singleElement()
        .satisfies(e -> assertThat(e.reasons()).last().isEqualTo("HTTP 410"));
    assertThat(stored(mail).state()).as("the other endpoint is not affected").isEqualTo(State.DELIVERED);
  }

  @Test
  void aThrowingChannelIsAFailureNamedByItsClassOnly() {
    email.then(new IllegalStateException("550 no such user jane.doe@example.com"));

    dispatcher.dispatchDue();

    assertThat(stored(mail).state()).isEqualTo(State.PENDING);
    assertThat(stored(mail).lastError()).isEqualTo("IllegalStateException");
    assertThat(log.all()).allSatisfy(e -> assertThat(e.toString()).doesNotContain("jane"));
    assertThat(outbox.recent(ACME, 10)).allSatisfy(n -> assertThat(n.toString()).doesNotContain("jane"));
  }

  @Test
  void aNoticeWhoseSenderDiedComesBackWhenItsLeaseEnds() {
    outbox.claimDue(clock.instant(), 10, clock.instant().plus(Duration.ofMinutes(2))); // a sender that then crashed

    assertThat(dispatcher.dispatchDue()).isZero();
    clock.advance(Duration.ofMinutes(2));
    assertThat(dispatcher.dispatchDue()).isEqualTo(2);
    assertThat(stored(hook).state()).isEqualTo(State.DELIVERED);
    assertThat(stored(hook).attempts()).as("the crashed claim counted").isEqualTo(2);
  }

  @Test
  void aNoticeReclaimedAfterACrashOnItsLastAttemptIsGivenUpWithoutDelivery() {
    webhook.then(Delivery.retryLater("HTTP 503")).then(Delivery.retryLater("HTTP 503"));
    dispatcher.dispatchDue();
    clock.advance(Duration.ofSeconds(30));
    dispatcher.dispatchDue();
    clock.advance(Duration.ofMinutes(2));
    // the third and last attempt: a sender claims it, then dies mid-delivery
    assertThat(outbox.claimDue(clock.instant(), 10, clock.instant().plus(Duration.ofMinutes(2))))
        .singleElement().satisfies(n -> assertThat(n.attempts()).isEqualTo(3));
    clock.advance(Duration.ofMinutes(2));

    assertThat(dispatcher.dispatchDue()).as("claimed once more").isEqualTo(1);

    assertThat(webhook.attempts).as("not delivered again").hasSize(2);
    assertThat(stored(hook)).satisfies(n -> {
      assertThat(n.state()).isEqualTo(State.GAVE_UP);
      assertThat(n.attempts()).isEqualTo(3);
      assertThat(n.lastError()).isEqualTo("no outcome after 3 attempts");
      assertThat(n.nextAttemptAt()).isEqualTo(clock.instant());
    });
    assertThat(records(EventType.NOTICE_DELIVERY_FAILED)).hasSize(2);
    assertThat(records(EventType.NOTICE_GAVE_UP)).singleElement().satisfies(e -> {
      assertThat(e.recordRef()).isEqualTo(hook.recordRef());
      assertThat(e.reasons())
          .containsExactly("instruction.held", "instruction:ins_x/v2", "no outcome after 3 attempts");
    });
    clock.advance(Duration.ofDays(30));
    assertThat(dispatcher.dispatchDue()).isZero();
  }

  @Test
  void aNoticeThatKillsItsSenderEveryTimeIsNotRetriedForever() {
    for (int i = 0; i < 3; i++) { // every claim ends in a crash, without an outcome
      outbox.claimDue(clock.instant(), 10, clock.instant().plus(Duration.ofMinutes(2)));
      clock.advance(Duration.ofMinutes(2));
    }

    assertThat(dispatcher.dispatchDue()).isEqualTo(2);

    assertThat(webhook.attempts).isEmpty();
    assertThat(email.attempts).isEmpty();
    assertThat(List.of(stored(hook), stored(mail))).allSatisfy(n -> {
      assertThat(n.state()).isEqualTo(State.GAVE_UP);
      assertThat(n.lastError()).isEqualTo("no outcome after 3 attempts");
    });
    assertThat(records(EventType.NOTICE_GAVE_UP)).hasSize(2);
    assertThat(records(EventType.NOTICE_DELIVERY_FAILED)).isEmpty();
  }

  @Test
  void aKindWithoutAChannelWaitsForOne() {
    NoticeDispatcher webhooksOnly = new NoticeDispatcher(outbox, Map.of(Kind.WEBHOOK, webhook), log, clock);

    webhooksOnly.dispatchDue();

    assertThat(stored(mail).state()).isEqualTo(State.PENDING);
    assertThat(stored(mail).lastError()).isEqualTo("no email channel");
    assertThat(stored(mail).nextAttemptAt()).isEqualTo(T0.plus(NoticeDispatcher.DEFAULT_BACKOFF.getFirst()));
  }

  @Test
  void whenTheOutcomeCannotBeRecordedTheNoticeIsSentAgainAfterTheLease() {
    log.failNextAppends(true);

    assertThatThrownBy(dispatcher::dispatchDue).isInstanceOf(Unavailable.class);
    // the two notices were queued at the same instant: either may have been tried first
    boolean hookFirst = !webhook.attempts.isEmpty();
    OutgoingNotice first = hookFirst ? hook : mail;
    ScriptedChannel channel = hookFirst ? webhook : email;
    assertThat(stored(first).state()).as("no state change without its record").isEqualTo(State.PENDING);
    assertThat(stored(first).attempts()).as("only the claim's count").isEqualTo(1);

    log.failNextAppends(false);
    clock.advance(Duration.ofMinutes(2));
    assertThat(dispatcher.dispatchDue()).isEqualTo(2);
    assertThat(stored(first).state()).isEqualTo(State.DELIVERED);
    assertThat(stored(first).attempts()).isEqualTo(2);
    assertThat(channel.attempts).as("at least once").hasSize(2);
  }

  @Test
  void oneCallSendsAtMostOneBatch() {
    NoticeDispatcher small = new NoticeDispatcher(outbox, Map.of(Kind.WEBHOOK, webhook, Kind.EMAIL, email), log,
        clock, backoff, Duration.ofMinutes(2), 1);

    assertThat(small.dispatchDue()).isEqualTo(1);
    assertThat(small.dispatchDue()).isEqualTo(1);
    assertThat(small.dispatchDue()).isZero();
  }

  private OutgoingNotice stored(OutgoingNotice n) {
    return outbox.byReference(ACME, n.reference()).stream().filter(s -> s.id().equals(n.id())).findFirst()
        .orElseThrow();
  }

  private List<ProcessingEvent> records(EventType type) {
    return log.all().stream().filter(e -> e.type() == type).toList();
  }
}
