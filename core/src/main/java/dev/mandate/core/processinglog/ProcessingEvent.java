package dev.mandate.core.processinglog;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import java.time.Instant;
import java.util.List;

/**
 * One record of processing (PR-826-02): who did what, for which customer, under which agreement
 * version, for which purpose, to which categories of data, with what effect and why. It never
 * holds PII: the data subject appears only as a keyed pseudonym ({@code subject}), and vault
 * records only by their random id. Unused fields are null or empty.
 */
public record ProcessingEvent(
    Instant time,
    CustomerId customer,
    EventType type,
    String actor,
    Integer agreementVersion,
    String termsHash,
    String purpose,
    String operation,
    List<String> dataCategories,
    String dataSubjectCategory,
    String subject,
    String recordRef,
    Effect effect,
    List<String> reasons,
    String requestId) {
  public ProcessingEvent {
    dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** An event that is not a decision, e.g. an agreement lifecycle step. */
  public static ProcessingEvent lifecycle(Instant time, CustomerId customer, EventType type, String actor,
      Integer agreementVersion, String termsHash, String requestId) {
    return new ProcessingEvent(time, customer, type, actor, agreementVersion, termsHash, null, null,
        List.of(), null, null, null, null, List.of(), requestId);
  }
}
