package dev.mandate.notify;

import static dev.mandate.testkit.contract.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.customer.NotificationEndpoint.Kind;
import dev.mandate.core.notice.NoticeChannel.Delivery;
import dev.mandate.core.notice.NoticeDispatcher;
import dev.mandate.core.notice.NoticeDraft;
import dev.mandate.core.notice.NoticeService;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.notice.OutgoingNotice.State;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.testkit.InMemoryNoticeOutbox;
import dev.mandate.testkit.InMemoryProcessingLog;
import dev.mandate.testkit.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Signed webhooks against a real HTTP server on a free port, which checks the signature as a customer would. */
class HttpWebhookChannelIT {
  static final CustomerId ACME = new CustomerId("acme");
  static final byte[] SECRET = "whsec_acme_test".getBytes(StandardCharsets.US_ASCII);
  static final String PAYLOAD = "{\"topic\":\"instruction.held\",\"reference\":\"instruction:ins_x/v2\",\"é\":\"中\"}";

  /** What the receiving side saw of one request. */
  record Received(String method, String contentType, String noticeId, String topic, String body, boolean signed) {}

  final MutableClock clock = new MutableClock(T0);
  final Queue<Integer> statuses = new ArrayDeque<>();
  final List<Received> received = new CopyOnWriteArrayList<>();
  volatile Duration delay = Duration.ZERO;
  HttpServer server;
  String url;

  @BeforeEach
  void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/hooks", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        var h = exchange.getRequestHeaders();
        boolean signed = WebhookSignature.verify(SECRET, body, h.getFirst("Mandate-Signature"), clock.instant(),
            WebhookSignature.DEFAULT_TOLERANCE);
        received.add(new Received(exchange.getRequestMethod(), h.getFirst("Content-Type"),
            h.getFirst("Mandate-Notice-Id"), h.getFirst("Mandate-Topic"), body, signed));
        Thread.sleep(delay);
        Integer status;
        synchronized (statuses) {
          status = statuses.poll();
        }
        exchange.sendResponseHeaders(status == null ? 204 : status, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  @AfterEach
  void stopReceiver() {
    server.stop(0);
  }

  HttpWebhookChannel channel(Duration timeout) {
    return new HttpWebhookChannel(c -> List.of(c.equals(ACME) ? SECRET : new byte[32]), clock, timeout, true);
  }

  OutgoingNotice notice(String address) {
    NoticeDraft draft = new NoticeDraft(ACME, "instruction.held", "instruction:ins_x/v2", "Held", "Held.", PAYLOAD);
    return OutgoingNotice.pending("ntc_abc", draft, new NotificationEndpoint(Kind.WEBHOOK, address), T0);
  }

  @Test
  void theReceiverGetsASignedJsonPostWithTheNoticeIdAndTopic() {
    Delivery d = channel(Duration.ofSeconds(5)).deliver(notice(url));

    assertThat(d).isEqualTo(Delivery.accepted("HTTP 204"));
    assertThat(received).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.contentType()).startsWith("application/json");
      assertThat(r.noticeId()).isEqualTo("ntc_abc");
      assertThat(r.topic()).isEqualTo("instruction.held");
      assertThat(r.body()).isEqualTo(PAYLOAD);
      assertThat(r.signed()).as("signature verifies on the receiving side").isTrue();
    });
  }

  @Test
  void aServerErrorIsRetriedByTheDispatcherUntilItIsAccepted() {
    statuses.add(500);
    statuses.add(200);
    InMemoryNoticeOutbox outbox = new InMemoryNoticeOutbox();
    InMemoryProcessingLog log = new InMemoryProcessingLog();
    Customer acme = new Customer(ACME, "Acme", Set.of(Jurisdiction.EU_GDPR), new Contact("Dana", "dpo@acme.example",
        null), List.of(new NotificationEndpoint(Kind.WEBHOOK, url)), T0, T0);
    OutgoingNotice queued = new NoticeService(outbox, log, id -> Optional.of(acme), clock)
        .send(new NoticeDraft(ACME, "instruction.held", "instruction:ins_x/v2", "Held", "Held.", PAYLOAD), "req-1")
        .getFirst();
    NoticeDispatcher dispatcher = new NoticeDispatcher(outbox, Map.of(Kind.WEBHOOK, channel(Duration.ofSeconds(5))),
        log, clock);

    dispatcher.dispatchDue();
    OutgoingNotice afterFirst = outbox.byReference(ACME, "instruction:ins_x/v2").getFirst();
    assertThat(afterFirst.state()).isEqualTo(State.PENDING);
    assertThat(afterFirst.lastError()).isEqualTo("HTTP 500");

    clock.advance(Duration.ofSeconds(30));
    dispatcher.dispatchDue();

    OutgoingNotice done = outbox.byReference(ACME, "instruction:ins_x/v2").getFirst();
    assertThat(done.state()).isEqualTo(State.DELIVERED);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(received).hasSize(2).allSatisfy(r -> {
      assertThat(r.noticeId()).as("the same id, for de-duplication").isEqualTo(queued.id());
      assertThat(r.signed()).isTrue();
    });
    assertThat(log.all()).extracting(e -> e.type()).containsExactly(EventType.NOTICE_QUEUED,
        EventType.NOTICE_DELIVERY_FAILED, EventType.NOTICE_DELIVERED);
  }

  @Test
  void goneIsPermanent() {
    statuses.add(410);

    assertThat(channel(Duration.ofSeconds(5)).deliver(notice(url))).isEqualTo(Delivery.permanent("HTTP 410"));
  }

  @Test
  void plainHttpIsRefusedUnlessAllowed() {
    HttpWebhookChannel production = new HttpWebhookChannel(c -> List.of(SECRET), clock);

    assertThat(production.deliver(notice(url))).isEqualTo(Delivery.permanent("webhook address is not https"));
    assertThat(production.deliver(notice("not a url"))).extracting(Delivery::permanentFailure).isEqualTo(true);
    assertThat(received).as("nothing was sent").isEmpty();
  }

  @Test
  void inProductionAnInternalAddressIsRefusedBeforeAnythingIsSent() {
    HttpWebhookChannel production = new HttpWebhookChannel(c -> List.of(SECRET), clock);

    for (String internal : new String[] {"https://127.0.0.1/hooks", "https://localhost:8443/hooks",
        "https://10.1.2.3/hooks", "https://192.168.0.10/hooks", "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks", "https://[fd00::1]/hooks", "https://0.0.0.0/hooks"}) {
      assertThat(production.deliver(notice(internal))).as(internal)
          .isEqualTo(Delivery.permanent("webhook address is not public"));
    }
    assertThat(HttpWebhookChannel.refuseInternalAddress("93.184.215.14")).as("a public address").isNull();
    assertThat(received).isEmpty();
  }

  @Test
  void aSlowReceiverIsATimeoutToRetry() {
    delay = Duration.ofSeconds(3);

    assertThat(channel(Duration.ofMillis(300)).deliver(notice(url))).isEqualTo(Delivery.retryLater("timeout"));
  }

  @Test
  void anUnreachableReceiverIsRetriedAndTheFailureNamesNoHost() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }

    Delivery d = channel(Duration.ofSeconds(2)).deliver(notice("http://127.0.0.1:" + closedPort + "/hooks"));

    assertThat(d.delivered()).isFalse();
    assertThat(d.permanentFailure()).isFalse();
    assertThat(d.detail()).isEqualTo("ConnectException").doesNotContain("127.0.0.1");
  }

  @Test
  void statusesMapToOutcomes() {
    assertThat(HttpWebhookChannel.outcome(200).delivered()).isTrue();
    assertThat(HttpWebhookChannel.outcome(299).delivered()).isTrue();
    for (int retry : new int[] {301, 408, 429, 500, 502, 503}) {
      assertThat(HttpWebhookChannel.outcome(retry)).as("HTTP " + retry).isEqualTo(Delivery.retryLater("HTTP " + retry));
    }
    for (int permanent : new int[] {400, 401, 403, 404, 410, 422}) {
      assertThat(HttpWebhookChannel.outcome(permanent)).as("HTTP " + permanent)
          .isEqualTo(Delivery.permanent("HTTP " + permanent));
    }
  }
}
