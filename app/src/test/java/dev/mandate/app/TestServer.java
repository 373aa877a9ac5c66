package dev.mandate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.crypto.FileMasterKeys;
import dev.mandate.storage.jdbc.database.DatabaseConfig;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** A real Mandate (real HTTP on a free port, real PostgreSQL) for integration tests. */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  final Mandate mandate;
  final DatabaseConfig database;
  final Path masterKeyFile;
  final String adminKey;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestServer(Mandate mandate, DatabaseConfig database, Path masterKeyFile) {
    this(mandate, database, masterKeyFile, mandate.bootstrapKey().orElseThrow().secret());
  }

  private TestServer(Mandate mandate, DatabaseConfig database, Path masterKeyFile, String adminKey) {
    this.mandate = mandate;
    this.database = database;
    this.masterKeyFile = masterKeyFile;
    this.adminKey = adminKey;
  }

  /** A client for a Mandate started elsewhere; closing it closes that Mandate. */
  static TestServer wrap(Mandate mandate, String adminKey) {
    return new TestServer(mandate, null, null, adminKey);
  }

  static TestServer start() {
    return start(Clock.systemUTC());
  }

  static TestServer start(Clock clock) {
    return start(clock, Settings.Notices.DEFAULT);
  }

  /** With these notice settings (an SMTP server, plain-http webhooks). */
  static TestServer start(Clock clock, Settings.Notices notices) {
    try {
      Path keys = Files.createTempDirectory("mandate-keys").resolve("master.keys");
      DatabaseConfig db = TestDatabases.freshConfig();
      Mandate m = Mandate.start(new Settings(db, FileMasterKeys.createOrLoad(keys), "127.0.0.1", 0,
          Duration.ofHours(1), dev.mandate.core.report.ProcessorIdentity.development(), Settings.DEFAULT_LOG_ORIGIN,
          Settings.Consent.DEFAULT, notices), clock);
      return new TestServer(m, db, keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + mandate.port() + path;
  }

  /** One HTTP exchange; {@code body} is a JSON string, a Jackson node, a Map or null. */
  Response call(String method, String path, String key, Object body, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
      if (key != null) {
        b.header("Authorization", "Bearer " + key);
      }
      for (int i = 0; i + 1 < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        String text = body instanceof String s ? s : JSON.writeValueAsString(body);
        b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates an API key with the admin key and returns its secret. */
  String key(String role, String[] customers, String[] purposes) {
    ObjectNode body = JSON.createObjectNode().put("label", "test " + role).put("role", role);
    var c = body.putArray("customers");
    for (String s : customers) {
      c.add(s);
    }
    var p = body.putArray("purposes");
    for (String s : purposes) {
      p.add(s);
    }
    Response r = call("POST", "/v1/api-keys", adminKey, body);
    if (r.status() != 201) {
      throw new AssertionError("could not create key: " + r);
    }
    return r.json().get("secret").asText();
  }

  @Override
  public void close() {
    mandate.close();
  }

  record Response(int status, String body, Map<String, java.util.List<String>> headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** Reads a JSON fixture from app/src/test/resources/fixtures. */
  static JsonNode fixture(String name) {
    try (var in = TestServer.class.getResourceAsStream("/fixtures/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
