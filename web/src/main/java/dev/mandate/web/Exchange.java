package dev.mandate.web;

import dev.mandate.core.access.Principal;
import dev.mandate.core.customer.CustomerId;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Optional;

/**
 * One request as the endpoints see it: the authenticated principal, the request id, the body
 * bytes (already size- and media-type-checked) and typed access to path and query parameters.
 * Bad parameters become 400 problems naming the parameter.
 */
final class Exchange {
  private final ServerRequest request;
  private final String requestId;
  private final Principal principal;
  private final byte[] body;
  private final Json json;

  Exchange(ServerRequest request, String requestId, Principal principal, byte[] body, Json json) {
    this.request = request;
    this.requestId = requestId;
    this.principal = principal;
    this.body = body;
    this.json = json;
  }

  String requestId() {
    return requestId;
  }

  /** The caller; never null on authenticated routes. */
  Principal principal() {
    return principal;
  }

  byte[] body() {
    return body;
  }

  <T> T body(Class<T> type) {
    return json.read(body, type);
  }

  <T> T optionalBody(Class<T> type, T empty) {
    return json.readOptional(body, type, empty);
  }

  String path(String name) {
    return request.path().pathParameters().get(name);
  }

  CustomerId customer() {
    return new CustomerId(path("customerId"));
  }

  int intPath(String name) {
    String raw = path(name);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw HttpProblem.badParameter(name, "NOT_AN_INTEGER", "The path segment " + name + " must be an integer.");
    }
  }

  /** Every value of a request header (a header sent on several lines gives several), empty if absent. */
  List<String> headers(String name) {
    return request.headers().all(HeaderNames.create(name), List::of);
  }

  Optional<String> query(String name) {
    return request.query().first(name).asOptional();
  }

  int intQuery(String name, int fallback) {
    Optional<String> raw = query(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw HttpProblem.badParameter(name, "NOT_AN_INTEGER", "The query parameter " + name + " must be an integer.");
    }
  }

  long longQuery(String name, long fallback) {
    Optional<String> raw = query(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw HttpProblem.badParameter(name, "NOT_AN_INTEGER", "The query parameter " + name + " must be an integer.");
    }
  }

  Reply ok(Object view) {
    return Reply.json(200, json.write(view));
  }

  Reply created(Object view) {
    return Reply.json(201, json.write(view));
  }
}
