package dev.mandate.core.notice;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Queues a notice for every endpoint the customer named. The notice is made durable in the
 * outbox first and recorded in the processing log second: a notice is never recorded as queued
 * unless it really is, and if the record cannot be made the call fails (callers fail closed), while
 * the queued notice is still delivered. Delivery happens later, in {@link NoticeDispatcher}.
 */
public final class NoticeService {
  /** Who queues and sends notices in processing records: Mandate itself, not a person. */
  static final String ACTOR = "system";

  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private final NoticeOutbox outbox;
  private final ProcessingLog log;
  private final Function<CustomerId, Optional<Customer>> customers;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param customers the customer by id, without an access check (the caller already decided to
   *     notify it), e.g. {@code customerService::cached}
   */
  public NoticeService(NoticeOutbox outbox, ProcessingLog log, Function<CustomerId, Optional<Customer>> customers,
      Clock clock) {
    this.outbox = outbox;
    this.log = log;
    this.customers = customers;
    this.clock = clock;
  }

  /**
   * Queues {@code draft} once per endpoint of its customer and returns the queued notices; an
   * empty list, with nothing recorded, if the customer has no endpoints (the notice is then only
   * shown through the API).
   *
   * @throws dev.mandate.core.failure.NotFound if the customer does not exist
   * @throws dev.mandate.core.failure.Unavailable if the processing record cannot be made
   */
  public List<OutgoingNotice> send(NoticeDraft draft, String requestId) {
    List<OutgoingNotice> notices = address(draft);
    if (notices.isEmpty()) {
      return List.of();
    }
    outbox.enqueue(notices);
    recordQueued(notices, requestId);
    return notices;
  }

  /**
   * Addresses {@code draft} to each endpoint of its customer without queueing it: for callers that
   * store the notices in the same transaction as the change they report (see {@code
   * InstructionStore}), then call {@link #recordQueued}.
   */
  public List<OutgoingNotice> address(NoticeDraft draft) {
    Customer customer = customers.apply(draft.customer())
        .orElseThrow(() -> AccessPolicy.customerNotFound(draft.customer()));
    Instant now = clock.instant();
    List<OutgoingNotice> notices = new ArrayList<>();
    for (NotificationEndpoint endpoint : customer.notificationEndpoints()) {
      notices.add(OutgoingNotice.pending(newId(), draft, endpoint, now));
    }
    return List.copyOf(notices);
  }

  /** Records NOTICE_QUEUED for notices the caller stores itself with {@link #address}. */
  public void recordQueued(List<OutgoingNotice> notices, String requestId) {
    Instant now = clock.instant();
    for (OutgoingNotice n : notices) {
      log.append(record(n, EventType.NOTICE_QUEUED, now, List.of(n.topic(), n.reference()), requestId));
    }
  }

  /** The processing record of one step of a notice: who is always Mandate, what is the notice. */
  static ProcessingEvent record(OutgoingNotice n, EventType type, Instant at, List<String> reasons, String requestId) {
    return new ProcessingEvent(at, n.customer(), type, ACTOR, null, null, null, n.channelName(), List.of(), null,
        null, n.recordRef(), null, reasons, requestId);
  }

  private String newId() {
    StringBuilder id = new StringBuilder("ntc_");
    for (int i = 0; i < 26; i++) {
      id.append(BASE32.charAt(random.nextInt(32)));
    }
    return id.toString();
  }
}
