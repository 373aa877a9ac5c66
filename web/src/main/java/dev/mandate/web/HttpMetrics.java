package dev.mandate.web;

import dev.mandate.core.decision.Effect;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Prometheus metrics of the API: {@code mandate_http_server_requests_seconds} by route template,
 * method and status, and {@code mandate_decisions_total} by effect. Tags never hold raw paths,
 * ids or anything a client sent, so cardinality is bounded and no personal data reaches them.
 * Timers are looked up once per (route, status) and then cached in an array.
 */
final class HttpMetrics {
  static final String REQUESTS = "mandate.http.server.requests";
  static final String DECISIONS = "mandate.decisions";
  static final String UNMATCHED = "unmatched";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  private final MeterRegistry registry;
  private final Map<Effect, Counter> decisions = new EnumMap<>(Effect.class);

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Effect e : Effect.values()) {
      decisions.put(e, Counter.builder(DECISIONS).description("Processing decisions answered through the API")
          .tag("effect", e.name()).register(registry));
    }
  }

  void decision(Effect effect) {
    decisions.get(effect).increment();
  }

  /** The timers of one route template and method. */
  RouteTimers route(String template, String method) {
    return new RouteTimers(template, method);
  }

  /** Timers for requests that matched no route: the method is kept only if it is a standard one. */
  RouteTimers unmatched(String method) {
    return new RouteTimers(UNMATCHED, METHODS.contains(method) ? method : "OTHER");
  }

  final class RouteTimers {
    private final String template;
    private final String method;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    private RouteTimers(String template, String method) {
      this.template = template;
      this.method = method;
    }

    void record(int status, long nanos) {
      int s = status >= 100 && status < 600 ? status : 599;
      Timer t = byStatus.get(s);
      if (t == null) {
        t = Timer.builder(REQUESTS).description("HTTP requests by route template, method and status")
            .tag("route", template).tag("method", method).tag("status", Integer.toString(s)).register(registry);
        byStatus.set(s, t);
      }
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
