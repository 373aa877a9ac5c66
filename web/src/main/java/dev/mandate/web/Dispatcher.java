package dev.mandate.web;

import dev.mandate.core.access.ApiKeyService;
import dev.mandate.core.access.Principal;
import dev.mandate.core.failure.ErrorCode;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs every request the same way: request id, authentication, body limits and media type,
 * idempotency, the route's action, failure to problem, metrics. One instance serves all routes;
 * per request it allocates little beyond the exchange and the answer.
 */
final class Dispatcher {
  static final int MAX_BODY = 1024 * 1024;
  static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
  static final HeaderName API_KEY = HeaderNames.create("X-API-Key");
  static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create(Idempotency.HEADER);
  private static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");
  private static final Header NOSNIFF = HeaderValues.createCached(HeaderNames.create("X-Content-Type-Options"), "nosniff");
  private static final Map<String, Header> CONTENT_TYPES = Map.of(
      Reply.JSON, HeaderValues.createCached(HeaderNames.CONTENT_TYPE, Reply.JSON),
      Reply.PROBLEM_JSON, HeaderValues.createCached(HeaderNames.CONTENT_TYPE, Reply.PROBLEM_JSON));
  private static final String BEARER = "Bearer ";
  private static final List<String[]> CHALLENGE = List.<String[]>of(new String[] {"WWW-Authenticate", "Bearer"});

  private final Endpoints endpoints;
  private final ApiKeyService apiKeys;
  private final Idempotency idempotency;
  private final Problems problems;
  private final HttpMetrics metrics;
  private final Json json;
  private final Map<String, HttpMetrics.RouteTimers> unmatched = new ConcurrentHashMap<>();

  Dispatcher(Endpoints endpoints, ApiKeyService apiKeys, Idempotency idempotency, Problems problems,
      HttpMetrics metrics, Json json) {
    this.endpoints = endpoints;
    this.apiKeys = apiKeys;
    this.idempotency = idempotency;
    this.problems = problems;
    this.metrics = metrics;
    this.json = json;
  }

  /** The Helidon handler of one route of the table. */
  Handler handler(Route route) {
    HttpMetrics.RouteTimers timers = metrics.route(route.path(), route.method());
    boolean api = route.path().startsWith("/v1/");
    return (req, res) -> {
      long start = System.nanoTime();
      String requestId = RequestIds.of(req.headers().first(REQUEST_ID).orElse(null));
      Reply reply;
      try {
        reply = process(route, req, requestId);
      } catch (Throwable t) {
        reply = problems.reply(t, requestId, route.method(), route.path());
      }
      send(res, reply, requestId, api);
      timers.record(reply.status(), System.nanoTime() - start);
    };
  }

  /** The handler for requests no route took: 401 under /v1 without a valid key, else 405 or 404. */
  Handler fallback() {
    return (req, res) -> {
      long start = System.nanoTime();
      String requestId = RequestIds.of(req.headers().first(REQUEST_ID).orElse(null));
      String method = req.prologue().method().text();
      String path = req.path().path();
      Reply reply;
      try {
        boolean subjectRoute = path.startsWith("/v1/unsubscribe/") || path.equals("/v1/subject/consent");
        if ((path.equals("/v1") || path.startsWith("/v1/")) && !subjectRoute) {
          authenticate(req);
        }
        Set<String> allowed = Routes.methodsFor(path);
        if (!allowed.isEmpty()) {
          String allow = String.join(", ", allowed);
          throw new HttpProblem(405, ErrorCode.METHOD_NOT_ALLOWED, method.length() > 16
              ? "This method is not allowed here; allowed: " + allow + "."
              : method + " is not allowed here; allowed: " + allow + ".",
              List.of(), List.<String[]>of(new String[] {"Allow", allow}));
        }
        throw new HttpProblem(404, ErrorCode.NOT_FOUND, "There is no such route; the API is described at /openapi.json.");
      } catch (Throwable t) {
        reply = problems.reply(t, requestId, method, HttpMetrics.UNMATCHED);
      }
      send(res, reply, requestId, true);
      unmatched.computeIfAbsent(method, metrics::unmatched).record(reply.status(), System.nanoTime() - start);
    };
  }

  private Reply process(Route route, ServerRequest req, String requestId) {
    Principal principal = route.authenticated() ? authenticate(req) : null;
    byte[] body = route.acceptsForm() ? Reply.EMPTY : route.readsBody() ? readBody(req) : Reply.EMPTY;
    Exchange x = new Exchange(req, requestId, principal, body, json);
    if (route.idempotent()) {
      Optional<String> key = req.headers().first(IDEMPOTENCY_KEY);
      if (key.isPresent()) {
        return idempotency.run(principal, key.get(), route.method(), req.path().rawPath(), body,
            () -> invoke(route, x));
      }
    }
    return invoke(route, x);
  }

  private Reply invoke(Route route, Exchange x) {
    try {
      return route.action().handle(endpoints, x);
    } catch (Exception e) {
      return problems.reply(e, x.requestId(), route.method(), route.path());
    }
  }

  private Principal authenticate(ServerRequest req) {
    ServerRequestHeaders headers = req.headers();
    Optional<String> authorization = headers.first(HeaderNames.AUTHORIZATION);
    String token;
    if (authorization.isPresent()) {
      String value = authorization.get();
      if (value.length() <= BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        throw unauthenticated("Use Authorization: Bearer <token> (or X-API-Key: <token>).");
      }
      token = value.substring(BEARER.length()).strip();
    } else {
      token = headers.first(API_KEY).map(String::strip).orElse(null);
    }
    if (token == null || token.isEmpty()) {
      throw unauthenticated("An API key is required: send Authorization: Bearer <token> or X-API-Key: <token>.");
    }
    return apiKeys.authenticate(token)
        .orElseThrow(() -> unauthenticated("The API key is unknown, malformed or revoked."));
  }

  private static HttpProblem unauthenticated(String detail) {
    return new HttpProblem(401, ErrorCode.UNAUTHENTICATED, detail, List.of(), CHALLENGE);
  }

  private static byte[] readBody(ServerRequest req) {
    ServerRequestHeaders headers = req.headers();
    OptionalLong length = headers.contentLength();
    if (length.isPresent() && length.getAsLong() > MAX_BODY) {
      throw tooLarge();
    }
    if (!req.content().hasEntity()) {
      return Reply.EMPTY;
    }
    checkMediaType(headers);
    byte[] body;
    try (InputStream in = req.content().inputStream()) {
      body = in.readNBytes(MAX_BODY + 1);
    } catch (IOException e) {
      throw new HttpProblem(400, ErrorCode.INVALID_JSON, "The request body could not be read.");
    }
    if (body.length > MAX_BODY) {
      throw tooLarge();
    }
    return body;
  }

  private static HttpProblem tooLarge() {
    return new HttpProblem(413, ErrorCode.PAYLOAD_TOO_LARGE, "The body is larger than 1 MiB (1048576 bytes).");
  }

  /** A body must be {@code application/json} (UTF-8); a body without a Content-Type is read as JSON. */
  private static void checkMediaType(ServerRequestHeaders headers) {
    if (!headers.contains(HeaderNames.CONTENT_TYPE)) {
      return;
    }
    boolean json;
    try {
      HttpMediaType type = headers.contentType().orElseThrow();
      json = "application".equalsIgnoreCase(type.mediaType().type())
          && "json".equalsIgnoreCase(type.mediaType().subtype())
          && type.charset().map(c -> c.toLowerCase(Locale.ROOT)).map(c -> c.equals("utf-8") || c.equals("utf8"))
              .orElse(true);
    } catch (RuntimeException e) {
      json = false;
    }
    if (!json) {
      throw new HttpProblem(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json (UTF-8).");
    }
  }

  private static void send(ServerResponse res, Reply reply, String requestId, boolean api) {
    res.status(reply.status());
    res.header(REQUEST_ID, requestId);
    res.header(NOSNIFF);
    if (api) {
      res.header(NO_STORE);
    }
    for (Map.Entry<String, String> h : reply.headers()) {
      res.header(h.getKey(), h.getValue());
    }
    if (reply.contentType() != null) {
      Header known = CONTENT_TYPES.get(reply.contentType());
      res.header(known != null ? known : HeaderValues.create(HeaderNames.CONTENT_TYPE, reply.contentType()));
    }
    if (reply.stream() != null) {
      try (java.io.OutputStream out = res.outputStream()) {
        reply.stream().writeTo(out);
      } catch (java.io.IOException e) {
        // the client went away, or the stream broke after the headers: the answer is cut short,
        // which a bundle's verifier reports as a truncated bundle
        throw new java.io.UncheckedIOException(e);
      }
    } else if (reply.body().length == 0) {
      res.send();
    } else {
      res.send(reply.body());
    }
  }
}
