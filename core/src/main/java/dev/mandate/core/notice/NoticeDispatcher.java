package dev.mandate.core.notice;

import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.notice.NoticeChannel.Delivery;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers due notices from the outbox, one batch per {@link #dispatchDue} call; whoever owns the
 * threads (the app's scheduler, a test) decides how often to call it. A failed attempt is retried
 * with growing delays, because a customer's endpoint that is down for a day must still get the
 * notice; after the last delay, or when the endpoint said no for good, the notice is given up and
 * that too is recorded, so that the processor can show it tried and tell the customer another way.
 *
 * <p>Every outcome is recorded in the processing log before the outbox row changes: if the record
 * cannot be made, the call throws and the claimed notices come back when their lease ends, so a
 * state change is never without its record (at the price of a possible second delivery).
 *
 * <p>Each claim counts as an attempt ({@link NoticeOutbox#claimDue} increments the count), so a
 * notice whose delivery crashes the sender every time is not retried forever: claimed again after
 * its last allowed attempt ended without an outcome, it is given up without being delivered.
 */
public final class NoticeDispatcher {
  /** 30 s, 2 min, 10 min, 1 h, 6 h, 24 h: seven attempts over about 31 hours. */
  public static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofSeconds(30), Duration.ofMinutes(2),
      Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));
  /**
   * A batch of 5 takes at most about 5 × 2 min against endpoints that never answer (webhook: 10 s
   * to connect and 10 s to answer; SMTP: 20 s per phase), so a 10 min lease outlasts it.
   */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);
  public static final int DEFAULT_BATCH = 5;
  private static final int MAX_DETAIL = 120;

  private final NoticeOutbox outbox;
  private final Map<NotificationEndpoint.Kind, NoticeChannel> channels;
  private final ProcessingLog log;
  private final Clock clock;
  private final List<Duration> backoff;
  private final Duration lease;
  private final int batch;

  public NoticeDispatcher(NoticeOutbox outbox, Map<NotificationEndpoint.Kind, NoticeChannel> channels,
      ProcessingLog log, Clock clock) {
    this(outbox, channels, log, clock, DEFAULT_BACKOFF, DEFAULT_LEASE, DEFAULT_BATCH);
  }

  /**
   * @param backoff the delay before each retry; a notice gets {@code backoff.size() + 1} attempts
   * @param lease how long a claimed notice is held before another sender may take it: longer
   *     than one batch of deliveries can take
   */
  public NoticeDispatcher(NoticeOutbox outbox, Map<NotificationEndpoint.Kind, NoticeChannel> channels,
      ProcessingLog log, Clock clock, List<Duration> backoff, Duration lease, int batch) {
    if (batch < 1 || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("batch and lease must be positive");
    }
    this.outbox = outbox;
    this.channels = channels.isEmpty() ? Map.of() : new EnumMap<>(channels);
    this.log = log;
    this.clock = clock;
    this.backoff = List.copyOf(backoff);
    this.lease = lease;
    this.batch = batch;
  }

  /** Delivers the notices due now (at most one batch) and returns how many it attempted. */
  public int dispatchDue() {
    Instant now = clock.instant();
    List<OutgoingNotice> due = outbox.claimDue(now, batch, now.plus(lease));
    for (OutgoingNotice n : due) {
      attempt(n);
    }
    return due.size();
  }

  private void attempt(OutgoingNotice n) {
    int attempt = n.attempts(); // the claim counted this attempt
    if (attempt > backoff.size() + 1) {
      // earlier claims ended without an outcome (the sender died mid-delivery): no more tries
      int made = attempt - 1;
      Instant at = clock.instant();
      String error = "no outcome after " + made + " attempts";
      log.append(NoticeService.record(n, EventType.NOTICE_GAVE_UP, at, List.of(n.topic(), n.reference(), error), null));
      outbox.gaveUp(n.id(), made, error, at);
      return;
    }
    Delivery outcome = deliver(n);
    Instant at = clock.instant();
    if (outcome.delivered()) {
      log.append(NoticeService.record(n, EventType.NOTICE_DELIVERED, at, List.of(n.topic(), n.reference()), null));
      outbox.delivered(n.id(), at, attempt);
      return;
    }
    String error = shorten(outcome.detail());
    log.append(NoticeService.record(n, EventType.NOTICE_DELIVERY_FAILED, at,
        List.of(n.topic(), n.reference(), error), null));
    if (outcome.permanentFailure() || attempt > backoff.size()) {
      log.append(NoticeService.record(n, EventType.NOTICE_GAVE_UP, at, List.of(n.topic(), n.reference(), error), null));
      outbox.gaveUp(n.id(), attempt, error, at);
    } else {
      outbox.failed(n.id(), attempt, error, at.plus(backoff.get(attempt - 1)));
    }
  }

  /** One attempt; a channel that throws has failed, for a reason named by the exception's class only. */
  private Delivery deliver(OutgoingNotice n) {
    NoticeChannel channel = channels.get(n.channel());
    if (channel == null) {
      return Delivery.retryLater("no " + n.channelName() + " channel");
    }
    try {
      Delivery d = channel.deliver(n);
      return d == null ? Delivery.retryLater("no outcome") : d;
    } catch (RuntimeException e) {
      // the message may hold an address or a server reply: only the class name is kept
      return Delivery.retryLater(e.getClass().getSimpleName());
    }
  }

  private static String shorten(String detail) {
    if (detail == null || detail.isBlank()) {
      return "failed";
    }
    return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
  }
}
