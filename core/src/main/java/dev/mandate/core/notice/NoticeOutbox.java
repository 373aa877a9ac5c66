package dev.mandate.core.notice;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;
import java.util.List;

/**
 * Port: the durable outbox of notices to customers. A notice is written here before anyone tries
 * to deliver it, so a crash, a restart or an endpoint that is down never loses one; senders claim
 * due notices with a lease, so a sender that dies mid-delivery only delays its notices until the
 * lease runs out. Delivery is therefore at least once: receivers de-duplicate by notice id.
 *
 * <p>A finished notice ({@code DELIVERED} or {@code GAVE_UP}) stays finished: {@link #delivered},
 * {@link #failed} and {@link #gaveUp} change only {@code PENDING} notices and do nothing otherwise
 * (e.g. for a sender that outlived its lease and reports late).
 */
public interface NoticeOutbox {

  /**
   * Stores the notices, all or none; they are durable when this returns.
   *
   * @throws IllegalStateException if one cannot be stored (e.g. its id exists); none is stored then
   */
  void enqueue(List<OutgoingNotice> notices);

  /**
   * Claims up to {@code limit} pending notices due at {@code now} (earliest due first) by moving
   * their {@code nextAttemptAt} to {@code leaseUntil}, so that no other sender claims them until
   * then, and adding one to their {@code attempts} in the same atomic step; returns them as claimed
   * (with the incremented count), in the order they were created. Concurrent claims never return
   * the same notice.
   *
   * <p>A claim counts as an attempt whether or not an outcome is ever reported: a notice whose
   * delivery kills its sender every time (a crash, an out-of-memory error) still runs out of
   * attempts, instead of coming back with the same count after every lease.
   */
  List<OutgoingNotice> claimDue(Instant now, int limit, Instant leaseUntil);

  /**
   * The endpoint accepted the notice at {@code at}, on attempt number {@code attempts} (the count
   * its claim returned).
   */
  void delivered(String id, Instant at, int attempts);

  /** Attempt number {@code attempts} failed with {@code error}; try again at {@code nextAttemptAt}. */
  void failed(String id, int attempts, String error, Instant nextAttemptAt);

  /** No more attempts: the last one, number {@code attempts}, failed with {@code error} at {@code at}. */
  void gaveUp(String id, int attempts, String error, Instant at);

  /** The customer's notices about one record, oldest first: what was sent about it, and whether it arrived. */
  List<OutgoingNotice> byReference(CustomerId customer, String reference);

  /** The customer's latest {@code limit} notices, newest first. */
  List<OutgoingNotice> recent(CustomerId customer, int limit);
}
