package dev.mandate.core.processinglog;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import java.time.Instant;
import java.util.List;

/**
 * Port: the append-only record of processing, one log per customer. {@link #append} returns only
 * once the event is durable (committed); if that is impossible it throws, and the caller must not
 * proceed: the product fails closed. Implementations batch concurrent appends into one commit
 * (group commit). Each customer's events are numbered 0, 1, 2, … without gaps, in the order they
 * were made durable, and that order never changes.
 */
public interface ProcessingLog {
  /**
   * Makes the event durable and returns its index in the customer's log.
   *
   * @throws dev.mandate.core.failure.Unavailable if it cannot be recorded
   */
  long append(ProcessingEvent event);

  /**
   * Up to {@code limit} events of one customer from index {@code fromIndex} on, oldest first;
   * {@code effect} null for all.
   */
  List<RecordedEvent> read(CustomerId customer, long fromIndex, int limit, Effect effect);

  /**
   * Counts of one customer's records whose event time is in [{@code from}, {@code to}), grouped by
   * type, purpose, operation, data category and effect; in no particular order.
   */
  List<ActivityCount> activity(CustomerId customer, Instant from, Instant to);
}
