package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.notice.NoticeOutbox;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.notice.OutgoingNotice.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link NoticeOutbox} must do: notices read back field by field, are stored all or
 * none, are claimed by one sender at a time until the lease ends (each claim counting as an
 * attempt), and once delivered or given up stay so.
 */
public abstract class NoticeOutboxContract {
  protected static final CustomerId ACME = new CustomerId("acme");
  protected static final CustomerId GLOBEX = new CustomerId("globex");
  private static final AtomicInteger IDS = new AtomicInteger();
  protected NoticeOutbox outbox;

  protected abstract NoticeOutbox newOutbox();

  /** Makes the customer exist, for backends that check it (a foreign key); nothing by default. */
  protected void customerExists(CustomerId customer) {}

  @BeforeEach
  void newOutboxForEachTest() {
    outbox = newOutbox();
    customerExists(ACME);
    customerExists(GLOBEX);
  }

  /** A pending notice created and due {@code seconds} after T0, about {@code reference}. */
  public static OutgoingNotice notice(CustomerId customer, String reference, long seconds) {
    return new OutgoingNotice("ntc_test" + IDS.incrementAndGet(), customer, "instruction.held", reference,
        Kind.WEBHOOK, "https://" + customer.value() + ".example/hooks", "Instruction held: \"quoted\" é 中",
        "An instruction was held.\nLine two\twith a tab.", "{\"topic\":\"instruction.held\",\"n\":1}",
        at(seconds), 0, at(seconds), State.PENDING, null, null);
  }

  @Test
  void aNoticeReadsBackFieldByField() {
    OutgoingNotice webhook = notice(ACME, "instruction:ins_1/v1", 0);
    OutgoingNotice email = new OutgoingNotice("ntc_mail" + IDS.incrementAndGet(), ACME, "breach.reported",
        "instruction:ins_1/v1", Kind.EMAIL, "privacy@acme.example", "Subject", "Body", "{}", at(0), 0, at(0),
        State.PENDING, null, null);

    outbox.enqueue(List.of(webhook, email));

    assertThat(outbox.byReference(ACME, "instruction:ins_1/v1")).containsExactlyInAnyOrder(webhook, email);
    assertThat(outbox.recent(ACME, 10)).containsExactlyInAnyOrder(webhook, email);
  }

  @Test
  void anEnqueueStoresAllOrNone() {
    OutgoingNotice first = notice(ACME, "ref:a", 0);
    outbox.enqueue(List.of(first));
    OutgoingNotice fresh = notice(ACME, "ref:b", 1);

    assertThatThrownBy(() -> outbox.enqueue(List.of(fresh, first))).isInstanceOf(IllegalStateException.class);

    assertThat(outbox.byReference(ACME, "ref:b")).isEmpty();
    assertThat(outbox.recent(ACME, 10)).containsExactly(first);
  }

  @Test
  void aClaimTakesDueNoticesUntilTheLeaseEnds() {
    OutgoingNotice due = notice(ACME, "ref:a", 0);
    OutgoingNotice later = notice(ACME, "ref:b", 100);
    outbox.enqueue(List.of(due, later));

    List<OutgoingNotice> claimed = outbox.claimDue(at(10), 10, at(130));

    assertThat(claimed).singleElement().satisfies(n -> {
      assertThat(n.id()).isEqualTo(due.id());
      assertThat(n.nextAttemptAt()).isEqualTo(at(130));
      assertThat(n.state()).isEqualTo(State.PENDING);
      assertThat(n.attempts()).as("the claim counts as an attempt").isEqualTo(1);
    });
    assertThat(outbox.claimDue(at(10), 10, at(130))).as("held by the first claim").isEmpty();
    assertThat(outbox.claimDue(at(100), 10, at(220))).extracting(OutgoingNotice::id).containsExactly(later.id());
    assertThat(outbox.claimDue(at(130), 10, at(250))).as("the lease ended: a crashed sender's notice comes back")
        .extracting(OutgoingNotice::id).containsExactly(due.id());
  }

  @Test
  void aClaimCountsAsAnAttempt() {
    OutgoingNotice n = notice(ACME, "ref:a", 0);
    outbox.enqueue(List.of(n));

    assertThat(outbox.claimDue(at(0), 10, at(120))).singleElement()
        .satisfies(c -> assertThat(c.attempts()).isEqualTo(1));

    OutgoingNotice stored = outbox.byReference(ACME, "ref:a").getFirst();
    assertThat(stored.attempts()).as("stored with the lease").isEqualTo(1);
    assertThat(stored.nextAttemptAt()).isEqualTo(at(120));
    assertThat(stored.state()).isEqualTo(State.PENDING);
  }

  @Test
  void aClaimThatExpiresAndIsClaimedAgainCountsTwice() {
    OutgoingNotice n = notice(ACME, "ref:a", 0);
    outbox.enqueue(List.of(n));
    outbox.claimDue(at(0), 10, at(120)); // a sender that then died without reporting an outcome

    assertThat(outbox.claimDue(at(120), 10, at(240))).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(n.id());
      assertThat(c.attempts()).isEqualTo(2);
      assertThat(c.nextAttemptAt()).isEqualTo(at(240));
    });
    assertThat(outbox.byReference(ACME, "ref:a").getFirst().attempts()).isEqualTo(2);
  }

  @Test
  void aClaimTakesTheEarliestDueFirstAndAtMostTheLimit() {
    OutgoingNotice third = notice(ACME, "ref:c", 30);
    OutgoingNotice first = notice(GLOBEX, "ref:a", 10);
    OutgoingNotice second = notice(ACME, "ref:b", 20);
    outbox.enqueue(List.of(third, first, second));

    assertThat(outbox.claimDue(at(40), 2, at(100))).extracting(OutgoingNotice::id)
        .containsExactly(first.id(), second.id());
    assertThat(outbox.claimDue(at(40), 2, at(100))).extracting(OutgoingNotice::id).containsExactly(third.id());
  }

  @Test
  void aDeliveredNoticeStaysDelivered() {
    OutgoingNotice n = notice(ACME, "ref:a", 0);
    outbox.enqueue(List.of(n));
    outbox.claimDue(at(0), 10, at(120));

    outbox.delivered(n.id(), at(5), 1);
    outbox.failed(n.id(), 2, "HTTP 503", at(60));
    outbox.gaveUp(n.id(), 2, "HTTP 410", at(60));

    OutgoingNotice stored = outbox.byReference(ACME, "ref:a").getFirst();
    assertThat(stored.state()).isEqualTo(State.DELIVERED);
    assertThat(stored.deliveredAt()).isEqualTo(at(5));
    assertThat(stored.attempts()).isEqualTo(1);
    assertThat(stored.lastError()).isNull();
    assertThat(outbox.claimDue(at(1000), 10, at(2000))).isEmpty();
  }

  @Test
  void aFailedAttemptIsRetriedWhenDue() {
    OutgoingNotice n = notice(ACME, "ref:a", 0);
    outbox.enqueue(List.of(n));
    outbox.claimDue(at(0), 10, at(120));

    outbox.failed(n.id(), 1, "HTTP 503", at(30));

    OutgoingNotice stored = outbox.byReference(ACME, "ref:a").getFirst();
    assertThat(stored.state()).isEqualTo(State.PENDING);
    assertThat(stored.attempts()).isEqualTo(1);
    assertThat(stored.lastError()).isEqualTo("HTTP 503");
    assertThat(stored.nextAttemptAt()).isEqualTo(at(30));
    assertThat(stored.deliveredAt()).isNull();
    assertThat(outbox.claimDue(at(29), 10, at(200))).isEmpty();
    assertThat(outbox.claimDue(at(30), 10, at(200))).singleElement()
        .satisfies(c -> assertThat(c.attempts()).as("the retry's claim is attempt 2").isEqualTo(2));
  }

  @Test
  void aNoticeGivenUpIsNeverClaimedAgain() {
    OutgoingNotice n = notice(ACME, "ref:a", 0);
    outbox.enqueue(List.of(n));
    outbox.claimDue(at(0), 10, at(120));

    outbox.gaveUp(n.id(), 7, "HTTP 410", at(9));
    outbox.delivered(n.id(), at(10), 8);

    OutgoingNotice stored = outbox.byReference(ACME, "ref:a").getFirst();
    assertThat(stored.state()).isEqualTo(State.GAVE_UP);
    assertThat(stored.attempts()).isEqualTo(7);
    assertThat(stored.lastError()).isEqualTo("HTTP 410");
    assertThat(stored.nextAttemptAt()).isEqualTo(at(9));
    assertThat(stored.deliveredAt()).isNull();
    assertThat(outbox.claimDue(at(1000), 10, at(2000))).isEmpty();
  }

  @Test
  void lookupsSeeOnlyTheirCustomer() {
    OutgoingNotice a1 = notice(ACME, "ref:a", 1);
    OutgoingNotice a2 = notice(ACME, "ref:b", 2);
    OutgoingNotice a3 = notice(ACME, "ref:a", 3);
    OutgoingNotice g1 = notice(GLOBEX, "ref:a", 4);
    outbox.enqueue(List.of(a1, a2, a3, g1));

    assertThat(outbox.byReference(ACME, "ref:a")).containsExactly(a1, a3);
    assertThat(outbox.byReference(GLOBEX, "ref:a")).containsExactly(g1);
    assertThat(outbox.byReference(GLOBEX, "ref:b")).isEmpty();
    assertThat(outbox.recent(ACME, 2)).containsExactly(a3, a2);
    assertThat(outbox.recent(GLOBEX, 10)).containsExactly(g1);
  }

  @Test
  void concurrentClaimsNeverTakeTheSameNotice() throws Exception {
    List<OutgoingNotice> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add(notice(i % 2 == 0 ? ACME : GLOBEX, "ref:" + i, i % 5));
    }
    outbox.enqueue(all);
    Instant now = at(10);
    List<Callable<List<OutgoingNotice>>> senders = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      senders.add(() -> {
        List<OutgoingNotice> mine = new ArrayList<>();
        List<OutgoingNotice> batch;
        while (!(batch = outbox.claimDue(now, 3, at(200))).isEmpty()) {
          mine.addAll(batch);
        }
        return mine;
      });
    }
    Set<String> claimed = new HashSet<>();
    int total = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (Future<List<OutgoingNotice>> f : pool.invokeAll(senders)) {
        for (OutgoingNotice n : f.get()) {
          claimed.add(n.id());
          total++;
        }
      }
    }
    assertThat(total).as("no notice claimed twice").isEqualTo(claimed.size());
    assertThat(claimed).hasSize(all.size());
  }
}
