package dev.mandate.core.consent;

import dev.mandate.core.customer.CustomerId;
import java.util.List;

/**
 * Port: the append-only consent ledger (PR-CON-01). Besides the events it keeps, per person and
 * purpose, the current verdict ({@link ConsentHistory#verdict} at the time of the last event), so
 * that an audience can be selected with one indexed query.
 */
public interface ConsentEventStore {

  /**
   * Appends the events of one submission (one customer, one person) atomically: all or none.
   * Concurrent appends for the same person are serialised, and the current verdict of each
   * purpose touched is recomputed from that person's full history inside the same transaction.
   *
   * @throws dev.mandate.core.failure.Conflict {@code DUPLICATE_SUBMISSION} if the customer already
   *     has events with the same {@code submissionId}; nothing is written then
   */
  void append(List<ConsentEvent> events);

  /** Whether the customer already has a submission with this id. */
  boolean hasSubmission(CustomerId customer, String submissionId);

  /** Every event of one person (by pseudonym), in ledger order ({@link ConsentHistory#ORDER}). */
  List<ConsentEvent> history(CustomerId customer, String subject);

  /** The events of one person for the given purposes, in ledger order. */
  List<ConsentEvent> events(CustomerId customer, String subject, List<String> purposes);
}
