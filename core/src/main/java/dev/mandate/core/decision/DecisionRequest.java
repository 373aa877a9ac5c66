package dev.mandate.core.decision;

import dev.mandate.core.access.Principal;
import dev.mandate.core.customer.CustomerId;
import java.time.Instant;
import java.util.List;

/**
 * A question to the decision point (PR-822-01): may this actor process these categories of a
 * data subject's PII, with this operation, for this purpose, now? {@code collectedAt} (when the
 * data was collected) enables the retention check; {@code location} and {@code recipient} are
 * checked when given; {@code processorOwnUse} marks the processor's own purposes (PR-822-02).
 */
public record DecisionRequest(
    CustomerId customer,
    Principal actor,
    String purpose,
    String operation,
    List<String> dataCategories,
    String dataSubjectCategory,
    Instant time,
    Instant collectedAt,
    String location,
    String recipient,
    boolean processorOwnUse) {
  public DecisionRequest {
    dataCategories = List.copyOf(dataCategories);
  }
}
