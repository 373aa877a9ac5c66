package dev.mandate.core.processinglog;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.failure.InvalidInput;
import java.util.List;

/** Lets the customer, its auditors and the processor read the records (PR-822-03, PR-826-02). */
public final class ProcessingRecords {
  public static final int MAX_PAGE = 1000;
  private final ProcessingLog log;
  private final CustomerService customers;

  public ProcessingRecords(ProcessingLog log, CustomerService customers) {
    this.log = log;
    this.customers = customers;
  }

  public List<RecordedEvent> read(Principal actor, CustomerId customer, long from, int limit, Effect effect) {
    AccessPolicy.require(actor, Action.READ_PROCESSING_RECORDS, customer);
    customers.visible(actor, customer);
    if (limit < 1 || limit > MAX_PAGE) {
      throw InvalidInput.field("limit", "OUT_OF_RANGE", "limit is 1 to " + MAX_PAGE + ".");
    }
    if (from < 0) {
      throw InvalidInput.field("from", "OUT_OF_RANGE", "from is an index in the customer's log, 0 or more.");
    }
    return log.read(customer, from, limit, effect);
  }
}
