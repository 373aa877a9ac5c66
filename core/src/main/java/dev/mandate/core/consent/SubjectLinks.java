package dev.mandate.core.consent;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Gone;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.keys.LinkSigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Signed, expiring tokens that let a person act without a login: a one-click unsubscribe link
 * (RFC 8058) or access to their own consent choices. The token carries the customer, the person's
 * pseudonym and blind index (never their identifier), the purpose (for unsubscribe), an expiry
 * and a random id, signed with HMAC-SHA256 under the customer's link-signing key. Anyone who
 * changes a byte, or uses it after it expires, is refused.
 */
public final class SubjectLinks {
  static final int MAX_LENGTH = 1_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a token lets its holder do. */
  public enum Kind {
    UNSUBSCRIBE("unsubscribe"),
    CONSENT_CHOICES("consent-choices");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** The signed content of a token. {@code purpose} is null for {@link Kind#CONSENT_CHOICES}. */
  public record Claims(Kind kind, CustomerId customer, String subject, byte[] subjectIndex, String purpose,
      Instant expiresAt, String id) {}

  private final LinkSigner signer;

  public SubjectLinks(LinkSigner signer) {
    this.signer = signer;
  }

  /** Issues a token for the claims ({@code id} is replaced by a fresh random id). */
  public String issue(Kind kind, CustomerId customer, String subject, byte[] subjectIndex, String purpose,
      Instant expiresAt) {
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    String payload = String.join("\n", "mst1", kind.code(), customer.value(), subject, B64.encodeToString(subjectIndex),
        purpose == null ? "" : purpose, Long.toString(expiresAt.getEpochSecond()), B64.encodeToString(id));
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(bytes) + "." + B64.encodeToString(signer.sign(customer, bytes));
  }

  /**
   * The claims of a genuine, unexpired token of the expected kind.
   *
   * @throws InvalidInput {@code TOKEN_INVALID} if it is malformed, of another kind, or its signature does not match
   * @throws Gone {@code TOKEN_EXPIRED} if it is genuine but expired at {@code now}
   */
  public Claims verify(String token, Kind expected, Instant now) {
    return verify(token, expected, now, customer -> true);
  }

  /**
   * As {@link #verify(String, Kind, Instant)}, checking first that the token names a customer
   * that exists, so that a forged token never makes the key ring create keys for a made-up one.
   */
  public Claims verify(String token, Kind expected, Instant now, java.util.function.Predicate<CustomerId> exists) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      throw invalid();
    }
    int dot = token.indexOf('.');
    if (dot < 1 || dot != token.lastIndexOf('.')) {
      throw invalid();
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = D64.decode(token.substring(0, dot));
      signature = D64.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    // one spelling per token: no padding, no stray low bits in the last character
    if (!(B64.encodeToString(payload) + "." + B64.encodeToString(signature)).equals(token)) {
      throw invalid();
    }
    String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
    if (parts.length != 8 || !parts[0].equals("mst1") || !parts[1].equals(expected.code())
        || !CustomerId.isWellFormed(parts[2])) {
      throw invalid();
    }
    CustomerId customer = new CustomerId(parts[2]);
    if (!exists.test(customer) || !MessageDigest.isEqual(signer.sign(customer, payload), signature)) {
      throw invalid();
    }
    Instant expires;
    byte[] index;
    try {
      expires = Instant.ofEpochSecond(Long.parseLong(parts[6]));
      index = D64.decode(parts[4]);
    } catch (RuntimeException e) {
      throw invalid();
    }
    if (!now.isBefore(expires)) {
      throw new Gone(ErrorCode.TOKEN_EXPIRED, "This link expired at " + expires + ". Ask for a new one.");
    }
    return new Claims(expected, customer, parts[3], index, parts[5].isEmpty() ? null : parts[5], expires, parts[7]);
  }

  private static InvalidInput invalid() {
    return new InvalidInput(ErrorCode.TOKEN_INVALID, "The link is not valid: it was changed or is incomplete.",
        List.of(new dev.mandate.core.failure.FieldError("token", "TOKEN_INVALID", "The token's signature does not match.")));
  }
}
