package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import dev.mandate.notify.SmtpSettings;
import dev.mandate.notify.WebhookSignature;
import jakarta.mail.internet.MimeMessage;
import dev.mandate.crypto.FileMasterKeys;
import dev.mandate.storage.jdbc.database.DatabaseConfig;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path of an infringing instruction through the composition root (ISO 27701 8.2.4):
 * held on PostgreSQL, told to the customer by a real webhook (signature checked with the secret
 * the customer's DPO reads from the API) and a real e-mail over SMTP (GreenMail), every step in
 * the customer's processing records, and the decision point denying under the held instruction.
 */
class InstructionNoticesIT {
  record Hook(String body, String signature, String noticeId, String topic) {}

  GreenMail mail;
  HttpServer receiver;
  final List<Hook> hooks = new CopyOnWriteArrayList<>();
  TestServer server;

  @BeforeEach
  void start() throws Exception {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks/mandate", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      hooks.add(new Hook(body, exchange.getRequestHeaders().getFirst("Mandate-Signature"),
          exchange.getRequestHeaders().getFirst("Mandate-Notice-Id"), exchange.getRequestHeaders().getFirst("Mandate-Topic")));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    server = TestServer.start(Clock.systemUTC(), new Settings.Notices(
        SmtpSettings.unauthenticated("127.0.0.1", mail.getSmtp().getPort(), "notices@processor.example"), true,
        Duration.ofMillis(100)));
  }

  @AfterEach
  void stop() {
    server.close();
    receiver.stop(0);
    mail.stop();
  }

  /** Customer acme with an e-mail and a webhook endpoint and agreement v2 accepted; returns its DPO's key. */
  private String acmeWithEndpoints(TestServer server) {
    ObjectNode customer = Examples.read("customer.json");
    var endpoints = customer.putArray("notificationEndpoints");
    endpoints.addObject().put("kind", "EMAIL").put("address", "privacy@acme.example");
    endpoints.addObject().put("kind", "WEBHOOK")
        .put("address", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/mandate");
    assertThat(server.call("POST", "/v1/customers", server.adminKey, customer).status()).isEqualTo(201);
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions", server.adminKey,
        Examples.read("agreement-v2.json")).status()).isEqualTo(201);
    server.call("POST", "/v1/customers/acme/agreement/versions/1/offer", server.adminKey, null);
    String dpo = server.key("customer-dpo", new String[] {"acme"}, new String[] {});
    assertThat(server.call("POST", "/v1/customers/acme/agreement/versions/1/accept", dpo, null).status()).isEqualTo(200);
    return dpo;
  }

  @Test
  void aNoticeQueuedBeforeARestartIsDeliveredAfterIt() throws Exception {
    server.close();
    DatabaseConfig db = TestDatabases.freshConfig();
    Path keys = Files.createTempDirectory("mandate-keys").resolve("master.keys");
    SmtpSettings smtp = SmtpSettings.unauthenticated("127.0.0.1", mail.getSmtp().getPort(), "notices@processor.example");
    // the first process queues the notices and stops before its sender ever runs
    Mandate first = Mandate.start(settings(db, keys, new Settings.Notices(smtp, true, Duration.ofHours(1))));
    TestServer one = TestServer.wrap(first, first.bootstrapKey().orElseThrow().secret());
    String admin = one.adminKey;
    String dpo = acmeWithEndpoints(one);
    String id = one.call("POST", "/v1/customers/acme/instructions", dpo, Examples.read("instruction-archive-vietnam.json"))
        .json().get("id").asText();
    one.close();
    assertThat(hooks).isEmpty();
    assertThat(mail.getReceivedMessages()).isEmpty();

    server = TestServer.wrap(Mandate.start(settings(db, keys, new Settings.Notices(smtp, true, Duration.ofMillis(100)))),
        admin);

    await(() -> !hooks.isEmpty() && mail.getReceivedMessages().length > 0);
    assertThat(hooks.getFirst().body()).contains(id);
    await(() -> server.call("GET", "/v1/customers/acme/instructions/" + id + "/notices", dpo, null).body()
        .split("\"DELIVERED\"").length == 3);
  }

  private static Settings settings(DatabaseConfig db, Path keys, Settings.Notices notices) {
    return new Settings(db, FileMasterKeys.createOrLoad(keys), "127.0.0.1", 0, Duration.ofHours(1),
        dev.mandate.core.report.ProcessorIdentity.development(), Settings.DEFAULT_LOG_ORIGIN, Settings.Consent.DEFAULT,
        notices);
  }

  @Test
  void aHeldInstructionIsToldByWebhookAndEmailAndStaysOutOfForce() throws Exception {
    String dpo = acmeWithEndpoints(server);

    TestServer.Response held = server.call("POST", "/v1/customers/acme/instructions", dpo,
        Examples.read("instruction-archive-vietnam.json"));

    assertThat(held.status()).as(held.body()).isEqualTo(201);
    assertThat(held.json().get("state").asText()).isEqualTo("HELD");
    String id = held.json().get("id").asText();
    assertThat(held.json().get("text").asText()).contains("Saigon DocVault");
    // the customer's words are encrypted at rest; the API shows them to those who may read them
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(server.database.url(), server.database.user(),
        server.database.password());
         java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT text FROM instructions WHERE standing = false")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("sealed:v1:").doesNotContain("Saigon");
    }
    JsonNode findings = held.json().at("/analysis/findings");
    assertThat(findings.toString()).contains("GDPR Arts. 44");

    // the webhook arrives, signed with the secret the customer's DPO can read
    await(() -> !hooks.isEmpty());
    Hook hook = hooks.getFirst();
    String secret = server.call("GET", "/v1/customers/acme/webhook-secret", dpo, null).json().get("secret").asText();
    assertThat(WebhookSignature.verify(secret.getBytes(StandardCharsets.UTF_8), hook.body(), hook.signature(),
        Instant.now(), Duration.ofMinutes(5))).isTrue();
    assertThat(WebhookSignature.verify("whsec_wrong".getBytes(StandardCharsets.UTF_8), hook.body(), hook.signature(),
        Instant.now(), Duration.ofMinutes(5))).isFalse();
    assertThat(hook.topic()).isEqualTo("instruction.held");
    assertThat(hook.body()).contains(id).contains("EU-TRANSFER-1").contains("POSSIBLE_INFRINGEMENT");

    // and the e-mail over SMTP
    await(() -> mail.getReceivedMessages().length > 0);
    MimeMessage received = mail.getReceivedMessages()[0];
    assertThat(received.getSubject()).contains(id).contains("on hold");
    assertThat(received.getAllRecipients()[0].toString()).isEqualTo("privacy@acme.example");
    assertThat(((String) received.getContent())).contains("GDPR Arts. 44");

    // both deliveries are recorded, and shown with the instruction
    await(() -> server.call("GET", "/v1/customers/acme/instructions/" + id + "/notices", dpo, null).body()
        .split("\"DELIVERED\"").length == 3);
    String records = server.call("GET", "/v1/customers/acme/processing-records?limit=200", dpo, null).body();
    assertThat(records).contains("INSTRUCTION_RECEIVED", "INSTRUCTION_ANALYSED", "INSTRUCTION_HELD", "NOTICE_QUEUED",
        "NOTICE_DELIVERED");
    assertThat(records).doesNotContain("Saigon DocVault").as("the customer's words stay out of the records");

    // the DPO rotates the secret: the next notice is signed by the new secret, and by the old one for a day
    JsonNode rotated = server.call("POST", "/v1/customers/acme/webhook-secret/rotate", dpo, null).json();
    assertThat(rotated.get("generation").asInt()).isEqualTo(2);
    String newSecret = rotated.get("secret").asText();
    assertThat(newSecret).isNotEqualTo(secret);
    int before = hooks.size();
    server.call("POST", "/v1/customers/acme/instructions", dpo, Examples.read("instruction-archive-vietnam.json"));
    await(() -> hooks.size() > before);
    Hook next = hooks.getLast();
    for (String s : List.of(secret, newSecret)) {
      assertThat(WebhookSignature.verify(s.getBytes(StandardCharsets.UTF_8), next.body(), next.signature(), Instant.now(),
          Duration.ofMinutes(5))).as("signed with generation " + (s.equals(secret) ? 1 : 2)).isTrue();
    }

    // processing under the held instruction is denied
    String service = server.key("processor-service", new String[] {"acme"}, new String[] {"dpv:PersonnelPayment"});
    ObjectNode decision = TestServer.JSON.createObjectNode().put("customerId", "acme")
        .put("purpose", "dpv:PersonnelPayment").put("operation", "dpv:Store").put("dataSubjectCategory", "dpv:Employee")
        .put("instructionId", id);
    decision.putArray("dataCategories").add("pd:Salary");
    TestServer.Response d = server.call("POST", "/v1/decisions", service, decision);
    assertThat(d.json().get("effect").asText()).as(d.body()).isEqualTo("DENY");
    assertThat(d.body()).contains("INSTRUCTION_ON_HOLD");
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 20 s");
      }
      Thread.sleep(50);
    }
  }
}
