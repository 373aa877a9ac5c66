package dev.mandate.app;

import static dev.mandate.app.Walkthrough.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mandate log verify} on a bundle downloaded from a running Mandate, intact and tampered with. */
class LogVerifyCommandIT {
  static TestServer server;
  static Walkthrough w;
  static String bundle;
  static String keys;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    w = new Walkthrough(server);
    for (int i = 0; i < 20; i++) {
      expect(server.call("GET", w.recordPath(), w.service, null), 200);
    }
    expect(server.call("POST", "/v1/customers/acme/log/checkpoint", w.dpo, null), 200);
    bundle = expect(server.call("GET", "/v1/customers/acme/log/bundle", w.dpo, null), 200).body();
    keys = expect(server.call("GET", "/v1/log/signing-keys?format=text", w.dpo, null), 200).body();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new MandateCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void anIntactBundleVerifiesWithThePublishedKeys(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bundle.ndjson"), bundle);
    Path keyFile = Files.writeString(dir.resolve("keys.txt"), keys);

    Run run = run("log", "verify", file.toString(), "--keys-file", keyFile.toString(), "--deep");

    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).startsWith("OK: The bundle is intact").contains("customer acme").doesNotContain("warning");
  }

  @Test
  void aChangedEntryIsNamedAndTheExitCodeSaysSo(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>(bundle.lines().toList());
    // the first vault read: what is changed is a processing record, wherever it is in the log
    int entry = -1;
    for (int i = 1; i < lines.size() && entry < 0; i++) {
      if (lines.get(i).contains("\"dpv:Retrieve\"")) {
        entry = i - 1;
      }
    }
    assertThat(entry).as("the bundle holds a vault read").isNotNegative();
    lines.set(1 + entry, lines.get(1 + entry).replace("\"dpv:Retrieve\"", "\"dpv:Retrievf\""));
    Path file = Files.writeString(dir.resolve("tampered.ndjson"), String.join("\n", lines) + "\n");
    String key = keys.lines().findFirst().orElseThrow();

    Run run = run("log", "verify", file.toString(), "--key", key);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).contains("FAILED (ENTRY_CHANGED, entry " + entry + ")");
  }

  @Test
  void withoutAKeyItWarnsAndUnreadableInputIsExitCode2(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bundle.ndjson"), bundle, StandardCharsets.UTF_8);

    Run unpinned = run("log", "verify", file.toString(), "--json");
    Run missing = run("log", "verify", dir.resolve("nope.ndjson").toString());
    Run badKey = run("log", "verify", file.toString(), "--key", "not-a-key");

    assertThat(unpinned.code()).isZero();
    assertThat(unpinned.out()).contains("\"problem\" : null").contains("Pin the processor's published key");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("No such file");
    assertThat(badKey.code()).isEqualTo(2);
  }
}
