package dev.mandate.benchmarks.log;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.logverify.LogEntry;
import dev.mandate.core.processinglog.EventJson;
import dev.mandate.testkit.contract.Fixtures;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Realistic processing events for the log benchmarks: {@link Fixtures#decision} with the fields
 * that vary in production made to vary: time, request id (a UUID), subject pseudonym ({@code ps_}
 * and 16 base64url bytes, as {@code EnvelopeKeyRing.of} makes them), vault record id, and the
 * effect (4 in 5 permits). Everything is a pure function of {@code seq}, so a run can regenerate
 * the same entries (see {@link LogVerifyRun}).
 */
final class BenchEvents {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private BenchEvents() {}

  /** Event number {@code seq} of {@code customer}, at {@code time}. */
  static ProcessingEvent decision(CustomerId customer, long seq, Instant time) {
    long a = mix(seq);
    long b = mix(a ^ 0x9E3779B97F4A7C15L);
    long c = mix(b + 1);
    long d = mix(c + 1);
    Effect effect = Long.remainderUnsigned(a, 5) == 4 ? Effect.DENY : Effect.PERMIT;
    ProcessingEvent t = Fixtures.decision(customer, effect, new UUID(a, b).toString());
    byte[] pseudonym = new byte[16];
    for (int i = 0; i < 8; i++) {
      pseudonym[i] = (byte) (c >>> (8 * i));
      pseudonym[8 + i] = (byte) (d >>> (8 * i));
    }
    return new ProcessingEvent(time, customer, t.type(), t.actor(), t.agreementVersion(), t.termsHash(), t.purpose(),
        t.operation(), t.dataCategories(), t.dataSubjectCategory(), "ps_" + BASE64URL.encodeToString(pseudonym),
        new UUID(c, d).toString(), effect, t.reasons(), t.requestId());
  }

  /**
   * The same event at another time: a record copy, so a load generator can prepare varied events
   * once and spend (almost) no CPU on them while it appends.
   */
  static ProcessingEvent at(ProcessingEvent e, Instant time) {
    return new ProcessingEvent(time, e.customer(), e.type(), e.actor(), e.agreementVersion(), e.termsHash(),
        e.purpose(), e.operation(), e.dataCategories(), e.dataSubjectCategory(), e.subject(), e.recordRef(),
        e.effect(), e.reasons(), e.requestId());
  }

  /** The canonical event JSON the writer frames ({@link EventJson#canonical}). */
  static byte[] json(CustomerId customer, long seq, Instant time) {
    return EventJson.canonical(decision(customer, seq, time));
  }

  /** A framed entry as stored (index {@code index}, chained to {@code prevLeafHash}). */
  static byte[] entry(CustomerId customer, long seq, Instant time, long index, byte[] prevLeafHash) {
    return LogEntry.frame(json(customer, seq, time), index, prevLeafHash);
  }

  /** SplitMix64's finaliser: a cheap, well-mixed pure function of its input. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
