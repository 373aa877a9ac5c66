package dev.mandate.web;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.DecisionService;
import dev.mandate.web.Requests.DecisionBody;
import dev.mandate.web.Views.DecisionView;

/** {@code POST /v1/decisions}: may this processing happen? A DENY is an answer too (200). */
final class DecisionEndpoints {
  private final DecisionService decisions;
  private final HttpMetrics metrics;

  DecisionEndpoints(DecisionService decisions, HttpMetrics metrics) {
    this.decisions = decisions;
    this.metrics = metrics;
  }

  Reply decide(Exchange x) {
    DecisionBody body = x.body(DecisionBody.class);
    if (body.customerId() == null || body.customerId().isEmpty()) {
      throw HttpProblem.badParameter("customerId", "REQUIRED", "customerId is required.");
    }
    Decision d = decisions.decide(x.principal(), new CustomerId(body.customerId()), body.toCore(), x.requestId());
    metrics.decision(d.effect());
    return x.ok(DecisionView.of(d));
  }
}
