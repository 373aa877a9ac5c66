package dev.mandate.core.consent;

import java.time.Instant;
import java.util.UUID;

/**
 * Whether a person's consent for one purpose makes processing at a given time lawful
 * (PR-823-01 b), and if not, why. {@code event} is the ledger event the verdict rests on (null
 * for {@link Status#NONE}). {@code optOutEvent} is the person's refusal or withdrawal that no
 * valid grant of theirs has answered since (null if none): it decides the opt-out purposes (sale,
 * sharing), where neither a customer's assertion nor an expiry can lift an opt-out.
 */
public record ConsentVerdict(Status status, String purpose, UUID event, Instant since, Instant validUntil, Long logIndex,
    UUID optOutEvent, Instant optOutSince) {

  public enum Status {
    /** A grant from the person, not bundled with the service, given before the time and not expired. */
    VALID,
    /** No consent event for this purpose. */
    NONE,
    /** The request named no data subject, so no consent can be checked. */
    NO_SUBJECT,
    REFUSED,
    WITHDRAWN,
    EXPIRED,
    /** The latest grant was asserted by the customer without evidence from the person. */
    NOT_FROM_PERSON,
    /** The latest grant was made a condition of the service (PR-823-03). */
    BUNDLED_WITH_SERVICE
  }

  /** A verdict whose opt-out follows its status (refused or withdrawn: opted out by that event). */
  public ConsentVerdict(Status status, String purpose, UUID event, Instant since, Instant validUntil, Long logIndex) {
    this(status, purpose, event, since, validUntil, logIndex,
        status == Status.REFUSED || status == Status.WITHDRAWN ? event : null,
        status == Status.REFUSED || status == Status.WITHDRAWN ? since : null);
  }

  public static ConsentVerdict none(String purpose) {
    return new ConsentVerdict(Status.NONE, purpose, null, null, null, null);
  }

  public static ConsentVerdict noSubject(String purpose) {
    return new ConsentVerdict(Status.NO_SUBJECT, purpose, null, null, null, null);
  }

  static ConsentVerdict of(Status status, String purpose, ConsentEvent e, ConsentEvent optOut) {
    return new ConsentVerdict(status, purpose, e.id(), e.expressedAt(), e.validUntil(), e.logIndex(),
        optOut == null ? null : optOut.id(), optOut == null ? null : optOut.expressedAt());
  }

  public boolean valid() {
    return status == Status.VALID;
  }

  /** Whether the person has said no (refused, withdrawn, opted out) and has not validly said yes since. */
  public boolean optedOut() {
    return optOutEvent != null;
  }
}
