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
 *   <li>A refusal, withdrawal or expiry counts whoever reported it: being told "no" is always safe
 *       for consent. For an opt-out (sale, sharing) only the person's own valid grant undoes a
 *       refusal or withdrawal; an expiry does not.
 *   <li>Events are ordered by when the person expressed them, then by when they were recorded.
 *   <li>A custom purpose is a kind of its DPV purpose: choices about either apply to it, the
 *       latest deciding.
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
    return verdict(events, purpose, purpose, at);
  }

  /**
   * The verdict for {@code purpose} at {@code at}, where events for {@code dpvPurpose} (the DPV
   * purpose a custom purpose stands for; the purpose itself otherwise) count as events for it.
   */
  public static ConsentVerdict verdict(List<ConsentEvent> events, String purpose, String dpvPurpose, Instant at) {
    String parent = dpvPurpose == null ? purpose : dpvPurpose;
    ConsentEvent latestAny = null;
    ConsentEvent latestCounting = null;
    ConsentEvent latestNo = null;
    ConsentEvent latestValidYes = null;
    for (ConsentEvent e : events) {
      if (!(e.purpose().equals(purpose) || e.purpose().equals(parent))
          || e.expressedAt().isAfter(at) || e.recordedAt().isAfter(at)) {
        continue;
      }
      latestAny = later(latestAny, e);
      if (e.change() != ConsentChange.GRANTED || e.validGrant()) {
        latestCounting = later(latestCounting, e);
      }
      if (e.change() == ConsentChange.REFUSED || e.change() == ConsentChange.WITHDRAWN) {
        latestNo = later(latestNo, e);
      }
      if (e.validGrant() && !e.expiredAt(at)) {
        latestValidYes = later(latestValidYes, e);
      }
    }
    if (latestAny == null) {
      return ConsentVerdict.none(purpose);
    }
    ConsentEvent optOut = latestNo != null && (latestValidYes == null || ORDER.compare(latestValidYes, latestNo) < 0)
        ? latestNo : null;
    if (latestCounting != null && latestCounting.validGrant() && !latestCounting.expiredAt(at)) {
      return ConsentVerdict.of(ConsentVerdict.Status.VALID, purpose, latestCounting, optOut);
    }
    if (latestAny.change() == ConsentChange.GRANTED && !latestAny.validGrant()) {
      return ConsentVerdict.of(latestAny.conditionOfService()
          ? ConsentVerdict.Status.BUNDLED_WITH_SERVICE : ConsentVerdict.Status.NOT_FROM_PERSON, purpose, latestAny, optOut);
    }
    ConsentEvent e = latestCounting;
    if (e == null) {
      return new ConsentVerdict(ConsentVerdict.Status.NONE, purpose, null, null, null, null,
          optOut == null ? null : optOut.id(), optOut == null ? null : optOut.expressedAt());
    }
    return ConsentVerdict.of(switch (e.change()) {
      case GRANTED, EXPIRED -> ConsentVerdict.Status.EXPIRED;
      case REFUSED -> ConsentVerdict.Status.REFUSED;
      case WITHDRAWN -> ConsentVerdict.Status.WITHDRAWN;
    }, purpose, e, optOut);
  }

  private static ConsentEvent later(ConsentEvent current, ConsentEvent e) {
    return current == null || ORDER.compare(e, current) > 0 ? e : current;
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
