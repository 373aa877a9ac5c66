package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.decision;
import static dev.mandate.testkit.contract.Fixtures.lifecycle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.processinglog.RecordedEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProcessingLog} must do: each customer's appends get indexes 0, 1, 2, …
 * without gaps or duplicates, events read back exactly, per customer, in index order, filtered by
 * effect.
 */
public abstract class ProcessingLogContract {
  protected static final CustomerId ACME = new CustomerId("acme");
  protected static final CustomerId GLOBEX = new CustomerId("globex");
  protected ProcessingLog log;

  protected abstract ProcessingLog newLog();

  @BeforeEach
  void newLogForEachTest() {
    log = newLog();
  }

  @Test
  void eventsReadBackExactlyWithTheirSequenceNumbers() {
    ProcessingEvent permit = decision(ACME, Effect.PERMIT, "req-1");
    ProcessingEvent deny = decision(ACME, Effect.DENY, "req-2");
    ProcessingEvent step = lifecycle(ACME, "req-3");

    long s1 = log.append(permit);
    long s2 = log.append(deny);
    long s3 = log.append(step);

    assertThat(List.of(s1, s2, s3)).containsExactly(0L, 1L, 2L);
    assertThat(log.read(ACME, 0, 10, null)).containsExactly(
        new RecordedEvent(s1, permit), new RecordedEvent(s2, deny), new RecordedEvent(s3, step));
  }

  @Test
  void readingPagesBySequenceWithinOneCustomer() {
    List<Long> acme = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      acme.add(log.append(decision(ACME, Effect.PERMIT, "acme-" + i)));
      log.append(decision(GLOBEX, Effect.PERMIT, "globex-" + i));
    }

    List<RecordedEvent> first = log.read(ACME, 0, 2, null);
    List<RecordedEvent> second = log.read(ACME, first.getLast().index() + 1, 2, null);
    List<RecordedEvent> third = log.read(ACME, second.getLast().index() + 1, 2, null);

    assertThat(acme).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(first).extracting(RecordedEvent::index).containsExactly(acme.get(0), acme.get(1));
    assertThat(second).extracting(RecordedEvent::index).containsExactly(acme.get(2), acme.get(3));
    assertThat(third).extracting(RecordedEvent::index).containsExactly(acme.get(4));
    assertThat(log.read(ACME, acme.get(4) + 1, 2, null)).isEmpty();
    assertThat(log.read(GLOBEX, 0, 100, null)).hasSize(5).allMatch(e -> e.event().customer().equals(GLOBEX));
    assertThat(log.read(new CustomerId("nobody"), 0, 100, null)).isEmpty();
  }

  @Test
  void readingCanKeepToDenials() {
    log.append(decision(ACME, Effect.PERMIT, "p1"));
    long d1 = log.append(decision(ACME, Effect.DENY, "d1"));
    log.append(lifecycle(ACME, "l1"));
    long d2 = log.append(decision(ACME, Effect.DENY, "d2"));

    assertThat(log.read(ACME, 0, 10, Effect.DENY)).extracting(RecordedEvent::index).containsExactly(d1, d2);
    assertThat(log.read(ACME, d1 + 1, 10, Effect.DENY)).extracting(RecordedEvent::index).containsExactly(d2);
    assertThat(log.read(ACME, 0, 10, Effect.PERMIT)).extracting(e -> e.event().requestId()).containsExactly("p1");
  }

  @Test
  void concurrentAppendsGetDistinctSequencesAndAllReadBack() throws Exception {
    int threads = 16;
    int perThread = 25;
    Set<String> sequences = ConcurrentHashMap.newKeySet();
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < threads; t++) {
        CustomerId customer = t % 2 == 0 ? ACME : GLOBEX;
        int thread = t;
        done.add(pool.submit(() -> {
          long previous = -1;
          for (int i = 0; i < perThread; i++) {
            long s = log.append(decision(customer, Effect.PERMIT, "t" + thread + "-" + i));
            assertThat(s).isGreaterThan(previous);
            previous = s;
            sequences.add(customer.value() + "/" + s);
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }

    assertThat(sequences).hasSize(threads * perThread);
    List<RecordedEvent> all = new ArrayList<>(log.read(ACME, 0, 1000, null));
    all.addAll(log.read(GLOBEX, 0, 1000, null));
    Set<String> read = new HashSet<>();
    all.forEach(e -> read.add(e.event().customer().value() + "/" + e.index()));
    assertThat(read).isEqualTo(sequences);
    assertThat(log.read(ACME, 0, 1000, null)).extracting(RecordedEvent::index)
        .as("no gaps").containsExactlyElementsOf(java.util.stream.LongStream.range(0, threads * perThread / 2).boxed().toList());
  }
}
