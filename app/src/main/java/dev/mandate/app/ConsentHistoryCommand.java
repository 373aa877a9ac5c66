package dev.mandate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Shows one person's consent: the state per purpose now and every event with its provenance,
 * through the API of a running Mandate ({@code POST /v1/customers/{id}/consent/lookup}), so the
 * person's identifier travels in a request body, never in a URL; read from standard input when
 * {@code --subject} is left out, it stays out of shell history and process lists too.
 * Exit codes: 0 shown, 1 the server refused (the problem is printed), 2 the server could not be reached.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    header = "Shows a data subject's consent history.",
    description = {
      "Shows a data subject's consent: the state per purpose now (VALID, WITHDRAWN, ...) and every",
      "consent event, oldest first, with who expressed it and how (form, TC string, GPC signal,",
      "one-click unsubscribe, or the customer's bare assertion), the notice shown and the evidence.",
      "Asks a running Mandate; the API key needs the role customer-dpo, customer-application,",
      "processor-service, processor-admin or auditor.",
      "Exit codes: 0 shown, 1 refused by the server, 2 the server could not be reached."
    })
final class ConsentHistoryCommand implements Callable<Integer> {
  @Option(names = "--customer", required = true, paramLabel = "ID", description = "The customer, e.g. acme.")
  String customer;

  @Option(names = "--subject", paramLabel = "SUBJECT_ID",
      description = "The customer's own identifier of the person. Leave it out to read it from standard input"
          + " (then it appears in no shell history or process list).")
  String subject;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
      description = "Where Mandate runs (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--api-key-env", defaultValue = "MANDATE_API_KEY", paramLabel = "NAME",
      description = "Environment variable that holds the API key (default: ${DEFAULT-VALUE}).")
  String apiKeyEnv;

  @Option(names = "--json", description = "Print the server's JSON instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  /** Tests in this JVM cannot set environment variables; they set the key here instead. */
  static volatile String keyForTests;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String key = keyForTests != null ? keyForTests : System.getenv(apiKeyEnv);
    if (key == null || key.isBlank()) {
      err.println("Set " + apiKeyEnv + " to an API key (it is read from the environment, never from the command line).");
      return 2;
    }
    String who = subject;
    if (who == null) {
      java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
          java.nio.charset.StandardCharsets.UTF_8));
      who = in.readLine();
      if (who == null || who.isBlank()) {
        err.println("Give --subject, or the person's identifier on standard input.");
        return 2;
      }
      who = who.strip();
    }
    String body = JSON.writeValueAsString(JSON.createObjectNode().put("subjectId", who));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/v1/customers/" + customer
            + "/consent/lookup"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response;
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      err.println("Could not reach Mandate at " + url + ": is it running?");
      return 2;
    } catch (IOException e) {
      err.println("Could not talk to Mandate at " + url + ": " + e.getMessage());
      return 2;
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      err.println("Mandate answered " + response.statusCode() + " with something that is not JSON.");
      return 2;
    }
    if (response.statusCode() != 200) {
      err.println("Refused (" + response.statusCode() + " " + answer.path("code").asText() + "): " + answer.path("detail").asText());
      answer.path("errors").forEach(e -> err.println("  " + e.path("field").asText() + ": " + e.path("message").asText()));
      return 1;
    }
    if (json) {
      out.println(JSON.writeValueAsString(answer));
      return 0;
    }
    print(answer, out);
    return 0;
  }

  static void print(JsonNode a, PrintWriter out) {
    out.println("Person " + a.path("subject").asText() + " (pseudonym)");
    out.println();
    out.println("Now:");
    if (a.path("current").isEmpty()) {
      out.println("  no consent events");
    }
    for (JsonNode c : a.path("current")) {
      out.printf("  %-40s %-22s %s%n", c.path("purpose").asText(), c.path("status").asText(),
          c.path("since").isNull() ? "" : "since " + c.path("since").asText()
              + (c.path("validUntil").isNull() ? "" : ", until " + c.path("validUntil").asText()));
    }
    out.println();
    out.println("History (oldest first):");
    for (JsonNode e : a.path("history")) {
      out.printf("  %s  %-9s %-36s %-22s log #%d%s%n", e.path("expressedAt").asText(), e.path("change").asText(),
          e.path("purpose").asText(), e.path("source").asText(), e.path("logIndex").asLong(),
          e.path("conditionOfService").asBoolean() ? "  (bundled with the service)" : "");
      if (!e.path("notice").isNull()) {
        out.printf("      notice %s (%s), text sha256 %s%n", e.at("/notice/version").asText(),
            e.at("/notice/language").asText(), e.at("/notice/textSha256").asText());
      }
    }
  }
}
