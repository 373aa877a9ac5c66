package dev.mandate.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header of a webhook: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<payload>">}, the scheme Stripe uses and receivers know. Signing the timestamp with the
 * body lets a receiver refuse a replayed old notice; several {@code v1} values may be present
 * while a customer's secret is rotated, and one that matches is enough.
 */
public final class WebhookSignature {
  public static final String HEADER = "Mandate-Signature";
  /** How far a receiver should accept the timestamp from its own clock, unless it chooses otherwise. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final HexFormat HEX = HexFormat.of();

  private WebhookSignature() {}

  /** The header value for {@code payload} sent at {@code at}. */
  public static String sign(byte[] secret, String payload, Instant at) {
    return sign(java.util.List.of(secret), payload, at);
  }

  /** The header with one {@code v1} per secret, current first: during a rotation both verify. */
  public static String sign(java.util.List<byte[]> secrets, String payload, Instant at) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one signing secret");
    }
    long t = at.getEpochSecond();
    StringBuilder header = new StringBuilder("t=").append(t);
    for (byte[] secret : secrets) {
      header.append(",v1=").append(HEX.formatHex(hmac(secret, t, payload)));
    }
    return header.toString();
  }

  /**
   * Whether {@code header} signs {@code payload} with {@code secret} at a time within {@code
   * tolerance} of {@code now} (either side). A malformed header is simply not valid.
   */
  public static boolean verify(byte[] secret, String payload, String header, Instant now, Duration tolerance) {
    if (header == null || header.length() > 2000) {
      return false;
    }
    Long t = null;
    java.util.List<byte[]> signatures = new java.util.ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      try {
        if (key.equals("t") && t == null) {
          t = Long.parseLong(value);
        } else if (key.equals("v1") && value.length() == 64) {
          signatures.add(HEX.parseHex(value));
        }
      } catch (IllegalArgumentException malformed) {
        return false;
      }
    }
    if (t == null || signatures.isEmpty()) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = hmac(secret, t, payload);
    boolean match = false;
    for (byte[] candidate : signatures) {
      match |= MessageDigest.isEqual(expected, candidate); // constant time, and every candidate is checked
    }
    return match;
  }

  private static byte[] hmac(byte[] secret, long t, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
