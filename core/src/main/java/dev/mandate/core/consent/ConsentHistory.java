package dev.mandate.core.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Derives a consent state from ledger events (PR-CON-01): the state for a purpose at a time is
 * what the latest event expressed and recorded by then says. Pure.
 *
 * <ul>
 *   <li>A grant counts only if the person gave it (not a customer's bare assertion) and it was not
 *       a condition of the service (PR-823-03); such grants are kept in the history but neither
 *       give consent nor undo an earlier refusal or withdrawal.
 *   <li>A refusal, withdrawal or expiry counts whoever reported it: being told "no" is always safe.
 *   <li>Events are ordered by when the person expressed them, then by when they were recorded.
 * </ul>
 */
public final class ConsentHistory {
  /** The ledger's order: when expressed, then when recorded, then log position. */
  public static final Comparator<ConsentEvent> ORDER = Comparator.comparing(ConsentEvent::expressedAt)
      .thenComparing(ConsentEvent::recordedAt)
      .thenComparingLong(ConsentEvent::logIndex);

  private ConsentHistory() {}

  /** The verdict for {@code purpose} at {@code at}, from events of one person (any purposes, any order). */
  public static ConsentVerdict verdict(List<ConsentEvent> events, String purpose, Instant at) {
    ConsentEvent latestAny = null;
    ConsentEvent latestCounting = null;
    for (ConsentEvent e : events) {
      if (!e.purpose().equals(purpose) || e.expressedAt().isAfter(at) || e.recordedAt().isAfter(at)) {
        continue;
      }
      if (latestAny == null || ORDER.compare(e, latestAny) > 0) {
        latestAny = e;
      }
      boolean counts = e.change() != ConsentChange.GRANTED || e.validGrant();
      if (counts && (latestCounting == null || ORDER.compare(e, latestCounting) > 0)) {
        latestCounting = e;
      }
    }
    if (latestAny == null) {
      return ConsentVerdict.none(purpose);
    }
    if (latestCounting != null && latestCounting.validGrant() && !latestCounting.expiredAt(at)) {
      return ConsentVerdict.of(ConsentVerdict.Status.VALID, latestCounting);
    }
    if (latestAny.change() == ConsentChange.GRANTED && !latestAny.validGrant()) {
      return ConsentVerdict.of(latestAny.conditionOfService()
          ? ConsentVerdict.Status.BUNDLED_WITH_SERVICE : ConsentVerdict.Status.NOT_FROM_PERSON, latestAny);
    }
    ConsentEvent e = latestCounting;
    if (e == null) {
      return ConsentVerdict.none(purpose);
    }
    return ConsentVerdict.of(switch (e.change()) {
      case GRANTED, EXPIRED -> ConsentVerdict.Status.EXPIRED;
      case REFUSED -> ConsentVerdict.Status.REFUSED;
      case WITHDRAWN -> ConsentVerdict.Status.WITHDRAWN;
    }, e);
  }

  /** The purposes the events are about, in order of first appearance. */
  public static List<String> purposes(List<ConsentEvent> events) {
    List<String> purposes = new ArrayList<>();
    for (ConsentEvent e : events) {
      if (!purposes.contains(e.purpose())) {
        purposes.add(e.purpose());
      }
    }
    return purposes;
  }
}
