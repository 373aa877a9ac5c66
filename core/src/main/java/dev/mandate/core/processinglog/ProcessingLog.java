package dev.mandate.core.processinglog;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import java.util.List;

/**
 * Port: the append-only record of processing. {@link #append} returns only once the event is
 * durable (committed); if that is impossible it throws, and the caller must not proceed: the
 * product fails closed. Implementations batch concurrent appends into one commit (group commit).
 */
public interface ProcessingLog {
  /**
   * Makes the event durable and returns its sequence number.
   *
   * @throws dev.mandate.core.failure.Unavailable if it cannot be recorded
   */
  long append(ProcessingEvent event);

  /** Events of one customer after {@code afterSequence}, oldest first; {@code effect} null for all. */
  List<RecordedEvent> read(CustomerId customer, long afterSequence, int limit, Effect effect);
}
