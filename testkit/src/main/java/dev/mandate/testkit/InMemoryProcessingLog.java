package dev.mandate.testkit;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Unavailable;
import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.processinglog.RecordedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    long index = events.stream().filter(e -> e.event().customer().equals(event.customer())).count();
    events.add(new RecordedEvent(index, event));
    return index;
  }

  @Override
  public synchronized List<RecordedEvent> read(CustomerId customer, long fromIndex, int limit, Effect effect) {
    return events.stream()
        .filter(e -> e.index() >= fromIndex && e.event().customer().equals(customer))
        .filter(e -> effect == null || e.event().effect() == effect)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<ActivityCount> activity(CustomerId customer, Instant from, Instant to) {
    Map<List<Object>, Long> counts = new LinkedHashMap<>();
    for (RecordedEvent r : events) {
      ProcessingEvent e = r.event();
      if (!e.customer().equals(customer) || e.time().isBefore(from) || !e.time().isBefore(to)) {
        continue;
      }
      List<String> categories = e.dataCategories().isEmpty() ? Arrays.asList((String) null) : e.dataCategories();
      for (String category : categories) {
        counts.merge(Arrays.asList(e.type(), e.purpose(), e.operation(), category, e.effect()), 1L, Long::sum);
      }
    }
    List<ActivityCount> result = new ArrayList<>();
    counts.forEach((k, n) -> result.add(new ActivityCount((dev.mandate.core.processinglog.EventType) k.get(0),
        (String) k.get(1), (String) k.get(2), (String) k.get(3), (Effect) k.get(4), n)));
    return result;
  }

  public synchronized List<ProcessingEvent> all() {
    List<ProcessingEvent> list = new ArrayList<>();
    events.forEach(e -> list.add(e.event()));
    return list;
  }
}
