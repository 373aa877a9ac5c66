package dev.mandate.web;

import dev.mandate.core.decision.Effect;
import dev.mandate.core.processinglog.ProcessingRecords;
import dev.mandate.core.processinglog.RecordedEvent;
import dev.mandate.web.Views.RecordPage;
import dev.mandate.web.Views.RecordView;
import java.util.List;

/** {@code /v1/customers/{customerId}/processing-records}: the records of processing (8.2.6). */
final class RecordEndpoints {
  static final int DEFAULT_PAGE = 100;
  private final ProcessingRecords records;

  RecordEndpoints(ProcessingRecords records) {
    this.records = records;
  }

  Reply list(Exchange x) {
    long from = x.longQuery("from", 0);
    int limit = x.intQuery("limit", DEFAULT_PAGE);
    Effect effect = x.query("effect").map(RecordEndpoints::effect).orElse(null);
    List<RecordedEvent> page = records.read(x.principal(), x.customer(), from, limit, effect);
    Long next = page.size() == limit && !page.isEmpty() ? page.getLast().index() + 1 : null;
    return x.ok(new RecordPage(page.stream().map(RecordView::of).toList(), next));
  }

  private static Effect effect(String value) {
    return switch (value) {
      case "PERMIT" -> Effect.PERMIT;
      case "DENY" -> Effect.DENY;
      default -> throw HttpProblem.badParameter("effect", "INVALID_VALUE", "effect is PERMIT or DENY.");
    };
  }
}
