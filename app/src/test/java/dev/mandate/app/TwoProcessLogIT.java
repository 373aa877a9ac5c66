package dev.mandate.app;

import static dev.mandate.app.Walkthrough.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mandate.app.TestServer.Response;
import dev.mandate.logverify.BundleVerifier;
import dev.mandate.logverify.LogEntry;
import dev.mandate.logverify.NoteVerifier;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two Mandate server processes on one PostgreSQL, both answering decisions for the same customer
 * at once, must produce exactly one consistent log for it (8.2.6): no fork, no gap, no duplicate
 * index, every answered request recorded exactly once. One server runs in this JVM; the other is
 * a separate JVM started with {@code mandate start}, as in production.
 */
class TwoProcessLogIT {
  private static final Pattern RUNNING = Pattern.compile("Mandate is running at (http://\\S+)");

  @Test
  void twoServerProcessesWriteOneConsistentLogPerCustomer() throws Exception {
    try (TestServer a = TestServer.start()) {
      Walkthrough w = new Walkthrough(a);
      Process b = startSecondProcess(a);
      try {
        String bUrl = awaitUrl(b);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        HttpClient http = HttpClient.newHttpClient();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < 16; t++) {
            String base = t % 2 == 0 ? a.url("") : bUrl;
            int thread = t;
            done.add(pool.submit(() -> {
              for (int i = 0; i < 40; i++) {
                String requestId = "two-" + thread + "-" + i;
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/decisions"))
                    .header("Authorization", "Bearer " + w.service).header("X-Request-Id", requestId)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Examples.read("decision.json").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                answered.add(requestId);
              }
              return null;
            }));
          }
          for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
          }
        }
        assertThat(answered).hasSize(16 * 40);

        // B signs, A serves the bundle: both see the same log
        HttpResponse<String> signed = http.send(HttpRequest.newBuilder(URI.create(bUrl + "/v1/customers/acme/log/checkpoint"))
            .header("Authorization", "Bearer " + w.dpo).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        long size = TestServer.JSON.readTree(signed.body()).path("size").asLong();
        Response bundle = expect(a.call("GET", "/v1/customers/acme/log/bundle?to=" + size, w.dpo, null), 200);

        List<NoteVerifier> keys = new ArrayList<>();
        for (JsonNode k : expect(a.call("GET", "/v1/log/signing-keys", w.dpo, null), 200).json().path("items")) {
          keys.add(NoteVerifier.fromVkey(k.path("vkey").asText()));
        }
        BundleVerifier.Report report = BundleVerifier.verify(
            new ByteArrayInputStream(bundle.body().getBytes(StandardCharsets.UTF_8)),
            new BundleVerifier.Options(keys, null, true));
        assertThat(report.ok()).as(report.message()).isTrue();

        List<String> recorded = new ArrayList<>();
        for (String line : bundle.body().lines().skip(1).toList()) {
          JsonNode event = TestServer.JSON.readTree(LogEntry.event(line.getBytes(StandardCharsets.UTF_8)));
          if (event.path("requestId").asText().startsWith("two-")) {
            recorded.add(event.path("requestId").asText());
          }
        }
        assertThat(recorded).as("every answered decision recorded exactly once").hasSize(answered.size());
        assertThat(new HashSet<>(recorded)).isEqualTo(answered);
      } finally {
        b.destroy();
        if (!b.waitFor(30, TimeUnit.SECONDS)) {
          b.destroyForcibly();
        }
      }
    }
  }

  private static Process startSecondProcess(TestServer a) throws Exception {
    Path dir = Files.createTempDirectory("mandate-second");
    Path password = Files.writeString(dir.resolve("db-password"), a.database.password());
    Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "dev.mandate.app.MandateCommand", "start", "--db-url", a.database.url(), "--db-user", a.database.user(),
        "--db-password-file", password.toString(), "--master-key-file", a.masterKeyFile.toString(),
        "--http-host", "127.0.0.1", "--http-port", "0", "--processor-name", "Second process")
        .redirectErrorStream(true);
    return pb.start();
  }

  private static String awaitUrl(Process b) throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    StringBuilder seen = new StringBuilder();
    Thread.ofPlatform().daemon().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(b.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (seen) {
            seen.append(line).append('\n');
          }
          Matcher m = RUNNING.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
        url.completeExceptionally(new AssertionError("the second process stopped:\n" + seen));
      } catch (java.io.IOException e) {
        url.completeExceptionally(e);
      }
    });
    try {
      return url.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      synchronized (seen) {
        throw new AssertionError("the second process did not start in time:\n" + seen, e);
      }
    }
  }
}
