package dev.mandate.web;

import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.ApiKeyService;
import dev.mandate.web.Requests.ApiKeyBody;
import dev.mandate.web.Views.ApiKeyCreated;
import dev.mandate.web.Views.ApiKeyView;
import dev.mandate.web.Views.Items;

/** {@code /v1/api-keys}: issue (the secret is shown once, here), list (no secrets), revoke. */
final class ApiKeyEndpoints {
  private final ApiKeyService keys;

  ApiKeyEndpoints(ApiKeyService keys) {
    this.keys = keys;
  }

  Reply create(Exchange x) {
    ApiKeyBody body = x.body(ApiKeyBody.class);
    return x.created(ApiKeyCreated.of(keys.issue(x.principal(), body.toCore())));
  }

  Reply list(Exchange x) {
    return x.ok(new Items<>(keys.list(x.principal()).stream().map(ApiKeyView::of).toList()));
  }

  Reply revoke(Exchange x) {
    keys.revoke(x.principal(), new ApiKeyId(x.path("keyId")));
    return Reply.noContent();
  }
}
