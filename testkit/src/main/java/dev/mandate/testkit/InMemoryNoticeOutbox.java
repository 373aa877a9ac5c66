package dev.mandate.testkit;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.notice.NoticeOutbox;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.notice.OutgoingNotice.State;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The notice outbox in memory, for tests: the same rules as the database adapter, under one lock. */
public final class InMemoryNoticeOutbox implements NoticeOutbox {
  /** Creation order, then id: the order the database adapter returns claimed notices in. */
  private static final Comparator<OutgoingNotice> CREATED = Comparator.comparing(OutgoingNotice::createdAt)
      .thenComparing(OutgoingNotice::id);

  private final Map<String, OutgoingNotice> notices = new LinkedHashMap<>();

  @Override
  public synchronized void enqueue(List<OutgoingNotice> batch) {
    Set<String> ids = new HashSet<>();
    for (OutgoingNotice n : batch) {
      if (notices.containsKey(n.id()) || !ids.add(n.id())) {
        throw new IllegalStateException("notice enqueue failed: duplicate notice id"); // the primary key
      }
    }
    batch.forEach(n -> notices.put(n.id(), n));
  }

  @Override
  public synchronized List<OutgoingNotice> claimDue(Instant now, int limit, Instant leaseUntil) {
    List<OutgoingNotice> due = notices.values().stream()
        .filter(n -> n.state() == State.PENDING && !n.nextAttemptAt().isAfter(now))
        .sorted(Comparator.comparing(OutgoingNotice::nextAttemptAt).thenComparing(CREATED))
        .limit(limit)
        .map(n -> with(n, n.attempts() + 1, n.state(), n.lastError(), leaseUntil, n.deliveredAt()))
        .toList();
    due.forEach(n -> notices.put(n.id(), n));
    return due.stream().sorted(CREATED).toList();
  }

  @Override
  public void delivered(String id, Instant at, int attempts) {
    change(id, n -> with(n, attempts, State.DELIVERED, n.lastError(), at, at));
  }

  @Override
  public void failed(String id, int attempts, String error, Instant nextAttemptAt) {
    change(id, n -> with(n, attempts, State.PENDING, error, nextAttemptAt, null));
  }

  @Override
  public void gaveUp(String id, int attempts, String error, Instant at) {
    change(id, n -> with(n, attempts, State.GAVE_UP, error, at, null));
  }

  @Override
  public synchronized List<OutgoingNotice> byReference(CustomerId customer, String reference) {
    return notices.values().stream()
        .filter(n -> n.customer().equals(customer) && n.reference().equals(reference))
        .sorted(CREATED)
        .toList();
  }

  @Override
  public synchronized List<OutgoingNotice> recent(CustomerId customer, int limit) {
    return notices.values().stream()
        .filter(n -> n.customer().equals(customer))
        .sorted(CREATED.reversed())
        .limit(limit)
        .toList();
  }

  /** Changes a pending notice; a finished or unknown one stays as it is. */
  private synchronized void change(String id, UnaryOperator<OutgoingNotice> update) {
    OutgoingNotice n = notices.get(id);
    if (n != null && n.state() == State.PENDING) {
      notices.put(id, update.apply(n));
    }
  }

  private static OutgoingNotice with(OutgoingNotice n, int attempts, State state, String lastError,
      Instant nextAttemptAt, Instant deliveredAt) {
    return new OutgoingNotice(n.id(), n.customer(), n.topic(), n.reference(), n.channel(), n.address(),
        n.subjectLine(), n.textBody(), n.jsonPayload(), n.createdAt(), attempts, nextAttemptAt, state, lastError,
        deliveredAt);
  }
}
