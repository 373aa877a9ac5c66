package dev.mandate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stripe-style webhook signatures: round trip, tampering, staleness, rotation and a known answer. */
class WebhookSignatureTest {
  static final byte[] SECRET = "whsec_test_secret_for_vectors".getBytes(StandardCharsets.US_ASCII);
  static final byte[] OTHER = "whsec_another_secret".getBytes(StandardCharsets.US_ASCII);
  static final String PAYLOAD = "{\"topic\":\"instruction.held\",\"reference\":\"instruction:ins_x/v2\"}";
  static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;

  /**
   * Computed independently with {@code printf '%s' '1767225600.<payload>' | openssl dgst -sha256
   * -hmac 'whsec_test_secret_for_vectors'}.
   */
  @Test
  void knownAnswer() {
    assertThat(WebhookSignature.sign(SECRET, PAYLOAD, AT))
        .isEqualTo("t=1767225600,v1=04f774fab5aebcf6ec38bbe3292d083dfac4f480ee0393aa947214e9c8145668");
  }

  @Test
  void aSignatureVerifies() {
    String header = WebhookSignature.sign(SECRET, PAYLOAD, AT);

    assertThat(WebhookSignature.verify(SECRET, PAYLOAD, header, AT.plusSeconds(10), TOLERANCE)).isTrue();
  }

  @Test
  void aChangedBodyOrTimestampOrSecretDoesNot() {
    String header = WebhookSignature.sign(SECRET, PAYLOAD, AT);

    assertThat(WebhookSignature.verify(SECRET, PAYLOAD.replace("held", "cleared"), header, AT, TOLERANCE)).isFalse();
    assertThat(WebhookSignature.verify(SECRET, PAYLOAD, header.replace("t=1767225600", "t=1767225601"), AT,
        TOLERANCE)).isFalse();
    assertThat(WebhookSignature.verify(OTHER, PAYLOAD, header, AT, TOLERANCE)).isFalse();
  }

  @Test
  void aStaleOrFutureTimestampIsRefused() {
    String header = WebhookSignature.sign(SECRET, PAYLOAD, AT);

    assertThat(WebhookSignature.verify(SECRET, PAYLOAD, header, AT.plus(TOLERANCE), TOLERANCE)).isTrue();
    assertThat(WebhookSignature.verify(SECRET, PAYLOAD, header, AT.plus(TOLERANCE).plusSeconds(1), TOLERANCE))
        .as("replayed later").isFalse();
    assertThat(WebhookSignature.verify(SECRET, PAYLOAD, header, AT.minus(TOLERANCE).minusSeconds(1), TOLERANCE))
        .as("from the future").isFalse();
  }

  @Test
  void anyOfSeveralV1ValuesMayMatchDuringRotation() {
    String oldSecret = WebhookSignature.sign(OTHER, PAYLOAD, AT);
    String newSecret = WebhookSignature.sign(SECRET, PAYLOAD, AT);
    String both = oldSecret + "," + newSecret.substring(newSecret.indexOf("v1="));

    assertThat(both).matches("t=\\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
    assertThat(WebhookSignature.verify(SECRET, PAYLOAD, both, AT, TOLERANCE)).isTrue();
    assertThat(WebhookSignature.verify(OTHER, PAYLOAD, both, AT, TOLERANCE)).isTrue();
    assertThat(WebhookSignature.verify("whsec_third".getBytes(StandardCharsets.US_ASCII), PAYLOAD, both, AT,
        TOLERANCE)).isFalse();
  }

  @Test
  void malformedHeadersAreRefused() {
    for (String header : new String[] {null, "", "t=1767225600", "v1=00", "t=abc,v1=" + "0".repeat(64),
        "t=1767225600,v1=" + "zz".repeat(32), "garbage"}) {
      assertThat(WebhookSignature.verify(SECRET, PAYLOAD, header, AT, TOLERANCE)).as(String.valueOf(header)).isFalse();
    }
  }

  @Test
  void duringARotationBothSecretsSignAndEitherVerifies() {
    byte[] old = "whsec_old".getBytes(StandardCharsets.UTF_8);
    byte[] current = "whsec_new".getBytes(StandardCharsets.UTF_8);
    java.time.Instant at = Instant.parse("2026-11-29T10:00:00Z");

    String header = WebhookSignature.sign(java.util.List.of(current, old), "{\"a\":1}", at);

    assertThat(header.split(",v1=")).hasSize(3);
    assertThat(WebhookSignature.verify(old, "{\"a\":1}", header, at, Duration.ofMinutes(5))).isTrue();
    assertThat(WebhookSignature.verify(current, "{\"a\":1}", header, at, Duration.ofMinutes(5))).isTrue();
    assertThat(WebhookSignature.verify("whsec_x".getBytes(StandardCharsets.UTF_8),
        "{\"a\":1}", header, at, Duration.ofMinutes(5))).isFalse();
  }
}
