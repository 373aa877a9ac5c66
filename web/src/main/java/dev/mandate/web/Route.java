package dev.mandate.web;

/**
 * One entry of the route table: method, Helidon path template, the OpenAPI operation id, whether
 * the caller must be authenticated, whether {@code Idempotency-Key} is honoured, and the action.
 */
record Route(String method, String path, String operationId, boolean authenticated, boolean idempotent,
    Action action) {

  /** What a route does, given the endpoints and the checked request. */
  @FunctionalInterface
  interface Action {
    Reply handle(Endpoints api, Exchange exchange) throws Exception;
  }

  /**
   * Whether the body may be a form instead of JSON: RFC 8058 one-click unsubscribe posts
   * {@code List-Unsubscribe=One-Click} as a form, and its body is not read.
   */
  boolean acceptsForm() {
    return path.startsWith("/v1/unsubscribe/");
  }

  /** Whether the request may carry a body (read, size-checked and media-type-checked up front). */
  boolean readsBody() {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }
}
