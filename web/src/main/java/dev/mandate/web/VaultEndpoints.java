package dev.mandate.web;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.failure.ProcessingDenied;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.VaultService;
import dev.mandate.core.vault.VaultService.Created;
import dev.mandate.web.Requests.VaultChangeBody;
import dev.mandate.web.Requests.VaultRecordBody;
import dev.mandate.web.Requests.VaultSearchBody;
import dev.mandate.web.Views.DecisionView;
import dev.mandate.web.Views.SearchResult;
import dev.mandate.web.Views.VaultCreated;
import dev.mandate.web.Views.VaultDeleted;
import dev.mandate.web.Views.VaultRecordView;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /v1/customers/{customerId}/vault}: PII held for the customer; every call names a purpose
 * and is decided and recorded first (8.2.2). A denial is a 403 whose problem carries the decision
 * and nothing about the record.
 */
final class VaultEndpoints {
  private final VaultService vault;
  private final CustomerService customers;
  private final HttpMetrics metrics;

  VaultEndpoints(VaultService vault, CustomerService customers, HttpMetrics metrics) {
    this.vault = vault;
    this.customers = customers;
    this.metrics = metrics;
  }

  Reply create(Exchange x) {
    VaultRecordBody body = x.body(VaultRecordBody.class);
    Created created = counted(() -> vault.create(x.principal(), x.customer(), body.toCore(), x.requestId()));
    created.decisions().forEach(d -> metrics.decision(d.effect()));
    return x.created(new VaultCreated(created.id().toString(),
        created.decisions().stream().map(DecisionView::of).toList()));
  }

  Reply read(Exchange x) {
    RecordId id = recordId(x);
    String purpose = x.query("purpose").orElse(null);
    Set<String> names = x.query("fields").map(VaultEndpoints::names).orElse(null);
    VaultService.Revealed r = counted(() -> vault.read(x.principal(), x.customer(), id, purpose, names, x.requestId()));
    metrics.decision(r.decision().effect());
    return x.ok(VaultRecordView.of(r));
  }

  Reply update(Exchange x) {
    RecordId id = recordId(x);
    VaultChangeBody body = x.body(VaultChangeBody.class);
    VaultService.Revealed r = counted(() ->
        vault.update(x.principal(), x.customer(), id, body.purpose(), body.changes(), x.requestId()));
    metrics.decision(r.decision().effect());
    return x.ok(VaultRecordView.of(r));
  }

  Reply delete(Exchange x) {
    RecordId id = recordId(x);
    String purpose = x.query("purpose").orElse(null);
    Decision d = counted(() -> vault.delete(x.principal(), x.customer(), id, purpose, x.requestId()));
    metrics.decision(d.effect());
    return x.ok(new VaultDeleted(DecisionView.of(d)));
  }

  Reply search(Exchange x) {
    VaultSearchBody b = x.body(VaultSearchBody.class);
    var ids = counted(() -> vault.search(x.principal(), x.customer(), b.purpose(), b.field(), b.category(), b.value(),
        b.dataSubjectCategory(), x.requestId()));
    metrics.decision(Effect.PERMIT);
    return x.ok(SearchResult.of(ids));
  }

  private <T> T counted(Supplier<T> call) {
    try {
      return call.get();
    } catch (ProcessingDenied e) {
      metrics.decision(Effect.DENY);
      throw e;
    }
  }

  /**
   * The record id from the path. A malformed id is answered like an unknown one (404), after the
   * same role and tenant checks the vault makes, so the answer reveals nothing more.
   */
  private RecordId recordId(Exchange x) {
    String raw = x.path("recordId");
    if (isCanonicalUuid(raw)) {
      return new RecordId(UUID.fromString(raw));
    }
    CustomerId customer = x.customer();
    AccessPolicy.require(x.principal(), Action.USE_VAULT, customer);
    customers.visible(x.principal(), customer);
    throw new NotFound(ErrorCode.RECORD_NOT_FOUND, "No vault record with this id.");
  }

  static boolean isCanonicalUuid(String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> names(String csv) {
    Set<String> names = new LinkedHashSet<>();
    int start = 0;
    while (start <= csv.length()) {
      int comma = csv.indexOf(',', start);
      int end = comma < 0 ? csv.length() : comma;
      String name = csv.substring(start, end).strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return names.isEmpty() ? null : names;
  }
}
