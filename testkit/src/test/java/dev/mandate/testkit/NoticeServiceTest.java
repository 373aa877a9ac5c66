package dev.mandate.testkit;

import static dev.mandate.testkit.contract.Fixtures.T0;
import static dev.mandate.testkit.contract.Fixtures.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.notice.NoticeDraft;
import dev.mandate.core.notice.NoticeService;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.notice.OutgoingNotice.State;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Queuing a notice: one per endpoint, durable before it is recorded, and recorded or failed. */
class NoticeServiceTest {
  static final CustomerId ACME = new CustomerId("acme");
  final MutableClock clock = new MutableClock(T0);
  final InMemoryCustomerStore customers = new InMemoryCustomerStore();
  final InMemoryNoticeOutbox outbox = new InMemoryNoticeOutbox();
  final InMemoryProcessingLog log = new InMemoryProcessingLog();
  final NoticeService notices = new NoticeService(outbox, log, customers::find, clock);

  static NoticeDraft held(CustomerId customer) {
    return new NoticeDraft(customer, "instruction.held", "instruction:ins_x/v2", "An instruction was held",
        "Instruction ins_x version 2 was held for review.", "{\"topic\":\"instruction.held\"}");
  }

  @Test
  void aNoticeIsQueuedForEveryEndpointAndEachIsRecorded() {
    customers.insert(customer("acme")); // a webhook and an e-mail address

    List<OutgoingNotice> queued = notices.send(held(ACME), "req-1");

    assertThat(queued).extracting(OutgoingNotice::channel).containsExactly(Kind.WEBHOOK, Kind.EMAIL);
    assertThat(queued).extracting(OutgoingNotice::address)
        .containsExactly("https://acme.example/hooks", "privacy@acme.example");
    assertThat(queued).allSatisfy(n -> {
      assertThat(n.id()).matches("ntc_[a-z2-7]{26}");
      assertThat(n.state()).isEqualTo(State.PENDING);
      assertThat(n.attempts()).isZero();
      assertThat(n.createdAt()).isEqualTo(T0);
      assertThat(n.nextAttemptAt()).as("due at once").isEqualTo(T0);
      assertThat(n.topic()).isEqualTo("instruction.held");
      assertThat(n.jsonPayload()).isEqualTo("{\"topic\":\"instruction.held\"}");
    });
    assertThat(queued.get(0).id()).isNotEqualTo(queued.get(1).id());
    assertThat(outbox.byReference(ACME, "instruction:ins_x/v2")).containsExactlyInAnyOrderElementsOf(queued);

    List<ProcessingEvent> records = log.all();
    assertThat(records).hasSize(2).allSatisfy(e -> {
      assertThat(e.type()).isEqualTo(EventType.NOTICE_QUEUED);
      assertThat(e.customer()).isEqualTo(ACME);
      assertThat(e.actor()).isEqualTo("system");
      assertThat(e.time()).isEqualTo(T0);
      assertThat(e.reasons()).containsExactly("instruction.held", "instruction:ins_x/v2");
      assertThat(e.requestId()).isEqualTo("req-1");
      assertThat(e.subject()).as("no data subject").isNull();
    });
    assertThat(records).extracting(ProcessingEvent::recordRef)
        .containsExactly("notice:" + queued.get(0).id(), "notice:" + queued.get(1).id());
    assertThat(records).extracting(ProcessingEvent::operation).containsExactly("webhook", "email");
  }

  @Test
  void aCustomerWithoutEndpointsGetsNothingQueuedAndNothingRecorded() {
    Customer acme = customer("acme");
    customers.insert(new Customer(acme.id(), acme.name(), acme.jurisdictions(), acme.dpo(), List.of(),
        acme.createdAt(), acme.updatedAt()));

    assertThat(notices.send(held(ACME), "req-1")).isEmpty();

    assertThat(outbox.recent(ACME, 10)).isEmpty();
    assertThat(log.all()).isEmpty();
  }

  @Test
  void anUnknownCustomerIsNotFound() {
    assertThatThrownBy(() -> notices.send(held(new CustomerId("initech")), "req-1")).isInstanceOf(NotFound.class);
    assertThat(log.all()).isEmpty();
  }

  @Test
  void whenTheRecordCannotBeMadeTheCallFailsButTheQueuedNoticeIsKept() {
    customers.insert(customer("acme"));
    log.failNextAppends(true);

    assertThatThrownBy(() -> notices.send(held(ACME), "req-1")).isInstanceOf(Unavailable.class);

    assertThat(outbox.recent(ACME, 10)).as("durable first, so it is still delivered").hasSize(2);
  }

  @Test
  void aDraftNamesItsTopicInLowercaseDottedForm() {
    for (String topic : List.of("Instruction.Held", "held", "instruction held", "instruction..held", "")) {
      assertThatThrownBy(() -> new NoticeDraft(ACME, topic, "ref:1", "s", "b", "{}")).as(topic)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new NoticeDraft(ACME, "breach.reported", "ref:1", "s", "b", "[1]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new NoticeDraft(ACME, "dsr.deadline_near", "dsr:d_1", "s", "b", "{}").topic())
        .isEqualTo("dsr.deadline_near");
  }
}
