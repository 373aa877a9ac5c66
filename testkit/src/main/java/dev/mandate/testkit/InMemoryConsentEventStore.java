package dev.mandate.testkit;

import dev.mandate.core.consent.ConsentEvent;
import dev.mandate.core.consent.ConsentEventStore;
import dev.mandate.core.consent.ConsentHistory;
import dev.mandate.core.consent.ConsentVerdict;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The consent ledger in memory, for tests: the same rules as the database adapter. An append is
 * all or nothing and runs under the store's lock (so appends for one person are serialised), and
 * keeps the current verdict per person and purpose ({@link ConsentHistory#verdict} at the latest
 * time one of its events was recorded; NONE is not kept), which {@link InMemoryAudienceStore}
 * selects from.
 */
public final class InMemoryConsentEventStore implements ConsentEventStore {
  /** A current verdict, as {@code consent_current} holds it. */
  record Current(CustomerId customer, byte[] subjectIndex, String purpose, String subject, ConsentVerdict verdict) {}

  private record Key(CustomerId customer, ByteBuffer subjectIndex, String purpose) {}

  /** Every event in the order appended (ties of the ledger order keep it, like {@code seq}). */
  private final List<ConsentEvent> events = new ArrayList<>();
  private final Set<UUID> ids = new HashSet<>();
  private final Map<CustomerId, Set<String>> submissions = new HashMap<>();
  private final Map<Key, Current> current = new LinkedHashMap<>();

  @Override
  public synchronized void append(List<ConsentEvent> batch) {
    ConsentEvent first = checkOneSubmission(batch);
    if (submissions.getOrDefault(first.customer(), Set.of()).contains(first.submissionId())) {
      throw new Conflict(ErrorCode.DUPLICATE_SUBMISSION,
          "Submission '" + first.submissionId() + "' was recorded before; nothing was changed.");
    }
    Set<UUID> batchIds = new HashSet<>();
    for (ConsentEvent e : batch) {
      if (ids.contains(e.id()) || !batchIds.add(e.id())) {
        throw new IllegalStateException("consent append failed: duplicate event id"); // the primary key
      }
    }
    // nothing can fail from here on: all or nothing
    submissions.computeIfAbsent(first.customer(), c -> new HashSet<>()).add(first.submissionId());
    events.addAll(batch);
    ids.addAll(batchIds);
    for (String purpose : ConsentHistory.purposes(batch)) {
      List<ConsentEvent> forPurpose = select(first.customer(), first.subject(), List.of(purpose));
      Instant at = forPurpose.stream().map(ConsentEvent::recordedAt).max(Instant::compareTo).orElseThrow();
      ConsentVerdict verdict = ConsentHistory.verdict(forPurpose, purpose, at);
      Key key = new Key(first.customer(), ByteBuffer.wrap(first.subjectIndex()), purpose);
      if (verdict.status() == ConsentVerdict.Status.NONE) {
        current.remove(key);
      } else {
        current.put(key, new Current(first.customer(), first.subjectIndex(), purpose, first.subject(), verdict));
      }
    }
  }

  @Override
  public synchronized boolean hasSubmission(CustomerId customer, String submissionId) {
    return submissions.getOrDefault(customer, Set.of()).contains(submissionId);
  }

  @Override
  public synchronized List<ConsentEvent> history(CustomerId customer, String subject) {
    return select(customer, subject, null);
  }

  @Override
  public synchronized List<ConsentEvent> events(CustomerId customer, String subject, List<String> purposes) {
    return select(customer, subject, purposes);
  }

  /** The current verdicts of the customer's people for one purpose. */
  synchronized List<Current> current(CustomerId customer, String purpose) {
    return current.values().stream()
        .filter(c -> c.customer().equals(customer) && c.purpose().equals(purpose)).toList();
  }

  /** The current verdict of one person for one purpose, or null (none kept). */
  synchronized Current current(CustomerId customer, byte[] subjectIndex, String purpose) {
    return current.get(new Key(customer, ByteBuffer.wrap(subjectIndex.clone()), purpose));
  }

  private List<ConsentEvent> select(CustomerId customer, String subject, List<String> purposes) {
    List<ConsentEvent> selected = new ArrayList<>();
    for (ConsentEvent e : events) {
      if (e.customer().equals(customer) && e.subject().equals(subject)
          && (purposes == null || purposes.contains(e.purpose()))) {
        selected.add(e);
      }
    }
    selected.sort(ConsentHistory.ORDER); // stable: ties stay in the order appended
    return selected;
  }

  private static ConsentEvent checkOneSubmission(List<ConsentEvent> batch) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("a consent submission has at least one event");
    }
    ConsentEvent first = batch.getFirst();
    byte[] subjectIndex = first.subjectIndex();
    for (ConsentEvent e : batch) {
      Objects.requireNonNull(e.submissionId(), "submissionId");
      Objects.requireNonNull(e.actor(), "actor");
      if (!e.customer().equals(first.customer()) || !e.subject().equals(first.subject())
          || !Arrays.equals(e.subjectIndex(), subjectIndex) || !e.submissionId().equals(first.submissionId())) {
        throw new IllegalArgumentException(
            "the events of one append must share customer, subject, subject index and submission id");
      }
    }
    return first;
  }
}
