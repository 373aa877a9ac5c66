package dev.mandate.web;

import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.notice.WebhookSecrets;
import dev.mandate.web.Requests.CustomerBody;
import dev.mandate.web.Requests.CustomerUpdateBody;
import dev.mandate.web.Views.CustomerPage;
import dev.mandate.web.Views.CustomerView;
import java.util.List;

/** {@code /v1/customers}: the controllers (tenants) the processor works for. */
final class CustomerEndpoints {
  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;
  private final CustomerService customers;
  private final WebhookSecrets webhookSecrets;

  CustomerEndpoints(CustomerService customers, WebhookSecrets webhookSecrets) {
    this.customers = customers;
    this.webhookSecrets = webhookSecrets;
  }

  /** The secret that signs the customer's webhooks, for its DPO to check signatures with. */
  Reply webhookSecret(Exchange x) {
    return x.ok(Views.WebhookSecretView.of(x.customer(), webhookSecrets.reveal(x.principal(), x.customer())));
  }

  /** A new secret at once; the old one keeps signing for a day, so receivers can switch without a gap. */
  Reply rotateWebhookSecret(Exchange x) {
    x.optionalBody(Requests.EmptyBody.class, Requests.EmptyBody.NONE);
    return x.ok(Views.WebhookSecretView.of(x.customer(),
        webhookSecrets.rotate(x.principal(), x.customer(), x.requestId())));
  }

  Reply create(Exchange x) {
    CustomerBody body = x.body(CustomerBody.class);
    return x.created(CustomerView.of(customers.create(x.principal(), body.toCore(), x.requestId())));
  }

  Reply list(Exchange x) {
    int limit = x.intQuery("limit", DEFAULT_PAGE);
    if (limit < 1 || limit > MAX_PAGE) {
      throw HttpProblem.badParameter("limit", "OUT_OF_RANGE", "limit is 1 to " + MAX_PAGE + ".");
    }
    String after = x.query("after").filter(a -> !a.isEmpty()).orElse(null);
    List<Customer> page = customers.list(x.principal(), after, limit);
    String next = page.size() == limit ? page.getLast().id().value() : null;
    return x.ok(new CustomerPage(page.stream().map(CustomerView::of).toList(), next));
  }

  Reply get(Exchange x) {
    return x.ok(CustomerView.of(customers.get(x.principal(), x.customer())));
  }

  Reply update(Exchange x) {
    CustomerUpdateBody body = x.body(CustomerUpdateBody.class);
    return x.ok(CustomerView.of(
        customers.update(x.principal(), x.customer(), body.toCore(x.customer().value()), x.requestId())));
  }
}
