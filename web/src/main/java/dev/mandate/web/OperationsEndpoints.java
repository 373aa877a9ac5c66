package dev.mandate.web;

import dev.mandate.web.Views.HealthView;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The unauthenticated routes: {@code /health}, {@code /metrics}, {@code /openapi.json}. */
final class OperationsEndpoints {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final Logger LOG = Logger.getLogger("dev.mandate.web");

  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier databaseUp;
  private final byte[] openApi;
  private final byte[] up;
  private final byte[] down;

  OperationsEndpoints(PrometheusMeterRegistry registry, BooleanSupplier databaseUp, Json json) {
    this.registry = registry;
    this.databaseUp = databaseUp;
    this.openApi = openApiDocument();
    this.up = json.write(new HealthView("UP", Map.of("database", "UP")));
    this.down = json.write(new HealthView("DOWN", Map.of("database", "DOWN")));
  }

  Reply health(Exchange x) {
    boolean ok;
    try {
      ok = databaseUp.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "Database health check failed: " + Problems.describe(e));
      ok = false;
    }
    return ok ? Reply.json(200, up) : Reply.json(503, down);
  }

  Reply metrics(Exchange x) {
    return Reply.of(200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  Reply openApi(Exchange x) {
    return Reply.json(200, openApi);
  }

  static byte[] openApiDocument() {
    try (InputStream in = OperationsEndpoints.class.getResourceAsStream("/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
