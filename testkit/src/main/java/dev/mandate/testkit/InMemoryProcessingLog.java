package dev.mandate.testkit;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.processinglog.RecordedEvent;
import java.util.ArrayList;
import java.util.List;

/** The processing log in memory; {@link #failNextAppends} simulates a log that cannot record. */
public final class InMemoryProcessingLog implements ProcessingLog {
  private final List<RecordedEvent> events = new ArrayList<>();
  private boolean failing;

  public synchronized void failNextAppends(boolean fail) {
    this.failing = fail;
  }

  @Override
  public synchronized long append(ProcessingEvent event) {
    if (failing) {
      throw new Unavailable(ErrorCode.PROCESSING_RECORD_UNAVAILABLE, "The processing record could not be made durable.", null);
    }
    long sequence = events.size() + 1;
    events.add(new RecordedEvent(sequence, event));
    return sequence;
  }

  @Override
  public synchronized List<RecordedEvent> read(CustomerId customer, long afterSequence, int limit, Effect effect) {
    return events.stream()
        .filter(e -> e.sequence() > afterSequence && e.event().customer().equals(customer))
        .filter(e -> effect == null || e.event().effect() == effect)
        .limit(limit)
        .toList();
  }

  public synchronized List<ProcessingEvent> all() {
    List<ProcessingEvent> list = new ArrayList<>();
    events.forEach(e -> list.add(e.event()));
    return list;
  }
}
