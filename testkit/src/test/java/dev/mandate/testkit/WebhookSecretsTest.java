package dev.mandate.testkit;

import static dev.mandate.testkit.contract.Fixtures.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.failure.Forbidden;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.notice.WebhookSecrets;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook secret: derived per customer and generation, rotated by the DPO with a day's overlap. */
class WebhookSecretsTest {
  static final CustomerId ACME = new CustomerId("acme");
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  final InMemoryProcessingLog log = new InMemoryProcessingLog();
  final InMemoryCustomerStore customerStore = new InMemoryCustomerStore();
  WebhookSecrets secrets;
  final Principal dpo = new Principal(new ApiKeyId("key_dpo"), Role.CUSTOMER_DPO, Set.of(ACME), Set.of());

  @BeforeEach
  void setUp() {
    customerStore.insert(customer("acme"));
    customerStore.insert(customer("globex"));
    secrets = new WebhookSecrets(WebhookSecretsTest::sign,
        new CustomerService(customerStore, log, clock), new InMemoryWebhookSecretStore(), log, clock);
  }

  /** A link signer keyed per customer, as the key ring's is. */
  static byte[] sign(CustomerId customer, byte[] message) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(("test-" + customer.value()).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRotationSignsWithBothSecretsForADayThenOnlyTheNewOne() {
    WebhookSecrets.Current first = secrets.reveal(dpo, ACME);
    assertThat(first.generation()).isEqualTo(1);
    assertThat(first.secret()).startsWith("whsec_");
    assertThat(secrets.keys(ACME)).hasSize(1);

    WebhookSecrets.Current second = secrets.rotate(dpo, ACME, "req-1");

    assertThat(second.generation()).isEqualTo(2);
    assertThat(second.secret()).isNotEqualTo(first.secret());
    assertThat(second.previousSignsUntil()).isEqualTo(clock.instant().plus(WebhookSecrets.GRACE));
    assertThat(secrets.keys(ACME)).extracting(k -> new String(k, StandardCharsets.UTF_8))
        .containsExactly(second.secret(), first.secret());
    assertThat(log.all()).extracting(ProcessingEvent::type).contains(EventType.WEBHOOK_SECRET_ROTATED);

    clock.advance(Duration.ofHours(24));
    assertThat(secrets.keys(ACME)).extracting(k -> new String(k, StandardCharsets.UTF_8)).containsExactly(second.secret());
    assertThat(secrets.reveal(dpo, ACME).previousSignsUntil()).isNull();
    assertThat(secrets.rotate(dpo, ACME, "req-2").generation()).isEqualTo(3);
  }

  @Test
  void eachCustomerHasItsOwnSecretAndOnlyItsDpoSeesIt() {
    Principal app = new Principal(new ApiKeyId("key_app"), Role.CUSTOMER_APPLICATION, Set.of(ACME), Set.of());
    assertThat(new String(secrets.keys(ACME).getFirst(), StandardCharsets.UTF_8))
        .isNotEqualTo(new String(secrets.keys(new CustomerId("globex")).getFirst(), StandardCharsets.UTF_8));
    assertThatThrownBy(() -> secrets.reveal(app, ACME)).isInstanceOf(Forbidden.class);
    assertThatThrownBy(() -> secrets.rotate(dpo, new CustomerId("globex"), "r")).isInstanceOf(NotFound.class);
  }
}
