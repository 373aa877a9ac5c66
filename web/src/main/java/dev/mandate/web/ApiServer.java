package dev.mandate.web;

import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.Objects;

/**
 * The JSON API on Helidon SE (virtual threads). Routing is registered from {@link Routes#ALL},
 * each route wrapped by the same {@link Dispatcher}; a last catch-all answers 401, 404 or 405 as
 * problems. {@link #close()} stops accepting connections and lets running requests finish.
 *
 * <pre>{@code
 * try (ApiServer server = new ApiServer(services, "127.0.0.1", 0).start()) {
 *   int port = server.port();
 * }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
  static final Duration GRACE = Duration.ofSeconds(10);

  private final ApiServices services;
  private final String host;
  private final int port;
  private volatile WebServer server;

  public ApiServer(ApiServices services, String host, int port) {
    this.services = Objects.requireNonNull(services, "services");
    this.host = Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535 (0 picks a free port)");
    }
    this.port = port;
  }

  /** Binds and starts serving; returns this. */
  public synchronized ApiServer start() {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    Json json = new Json();
    HttpMetrics metrics = new HttpMetrics(services.metrics());
    Problems problems = new Problems(json);
    Endpoints endpoints = new Endpoints(services, metrics, json);
    Dispatcher dispatcher = new Dispatcher(endpoints, services.apiKeys(),
        new Idempotency(services.idempotency(), services.clock()), problems, metrics, json);
    HttpRouting.Builder routing = HttpRouting.builder();
    for (Route route : Routes.ALL) {
      routing.route(Method.create(route.method()), route.path(), dispatcher.handler(route));
    }
    routing.any(dispatcher.fallback());
    server = WebServer.builder()
        .host(host)
        .port(port)
        .shutdownGracePeriod(GRACE)
        .routing(routing)
        .build()
        .start();
    return this;
  }

  /** The bound port once started (the chosen one when constructed with port 0), else the configured port. */
  public int port() {
    WebServer s = server;
    return s == null ? port : s.port();
  }

  public boolean isRunning() {
    WebServer s = server;
    return s != null && s.isRunning();
  }

  @Override
  public synchronized void close() {
    WebServer s = server;
    if (s != null) {
      s.stop();
      server = null;
    }
  }
}
