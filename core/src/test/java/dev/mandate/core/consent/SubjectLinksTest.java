package dev.mandate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import dev.mandate.core.consent.SubjectLinks.Claims;
import dev.mandate.core.consent.SubjectLinks.Kind;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Gone;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.keys.LinkSigner;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SubjectLinks}: signed, expiring links for people without a login. */
class SubjectLinksTest {
  static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  static final Base64.Decoder D64 = Base64.getUrlDecoder();

  static final CustomerId ACME = new CustomerId("acme-shop");
  static final CustomerId GLOBEX = new CustomerId("globex-news");
  /** The person's identifier: never in a token. */
  static final String IDENTIFIER = "alice@example.com";
  static final String PSEUDONYM = "ps_Qm9vdHN0cmFwcGVkUHNldWRvbnltMDE";
  static final byte[] INDEX = hmac("index-key".getBytes(StandardCharsets.UTF_8), IDENTIFIER.getBytes(StandardCharsets.UTF_8));
  static final String PURPOSE = "dpv:DirectMarketing";
  static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");
  static final Instant EXPIRES = NOW.plusSeconds(7 * 86_400);

  /** HMAC-SHA256 under a per-customer key derived from a fixed test master key, as the key ring would keep. */
  static final class TestSigner implements LinkSigner {
    static final byte[] MASTER = "fixed-test-master-key-32-bytes!!".getBytes(StandardCharsets.US_ASCII);

    @Override
    public byte[] sign(CustomerId customer, byte[] message) {
      return hmac(hmac(MASTER, customer.value().getBytes(StandardCharsets.UTF_8)), message);
    }
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  final TestSigner signer = new TestSigner();
  final SubjectLinks links = new SubjectLinks(signer);

  String unsubscribe() {
    return links.issue(Kind.UNSUBSCRIBE, ACME, PSEUDONYM, INDEX, PURPOSE, EXPIRES);
  }

  static void assertInvalid(SubjectLinks links, String token, Kind kind, Instant now, String why) {
    InvalidInput e = catchThrowableOfType(InvalidInput.class, () -> links.verify(token, kind, now));
    if (e == null) {
      fail("%s: accepted (or failed otherwise) instead of TOKEN_INVALID: %s", why, token);
    }
    assertThat(e.code()).as(why).isEqualTo(ErrorCode.TOKEN_INVALID);
    assertThat(e.errors()).as(why).extracting(f -> f.code()).containsExactly("TOKEN_INVALID");
  }

  void assertInvalid(String token, Kind kind, String why) {
    assertInvalid(links, token, kind, NOW, why);
  }

  static String payloadOf(String token) {
    return new String(D64.decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8);
  }

  static String withPayload(String token, String payload) {
    return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void unsubscribe_round_trip() {
    String token = unsubscribe();
    Claims c = links.verify(token, Kind.UNSUBSCRIBE, NOW);
    assertThat(c.kind()).isEqualTo(Kind.UNSUBSCRIBE);
    assertThat(c.customer()).isEqualTo(ACME);
    assertThat(c.subject()).isEqualTo(PSEUDONYM);
    assertThat(c.subjectIndex()).isEqualTo(INDEX);
    assertThat(c.purpose()).isEqualTo(PURPOSE);
    assertThat(c.expiresAt()).isEqualTo(EXPIRES);
    assertThat(c.id()).isNotBlank();
    assertThat(D64.decode(c.id())).hasSize(12);
    assertThat(token.length()).isLessThanOrEqualTo(SubjectLinks.MAX_LENGTH);
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
  }

  @Test
  void consent_choices_round_trip_without_purpose() {
    String token = links.issue(Kind.CONSENT_CHOICES, ACME, PSEUDONYM, INDEX, null, EXPIRES);
    Claims c = links.verify(token, Kind.CONSENT_CHOICES, NOW);
    assertThat(c.kind()).isEqualTo(Kind.CONSENT_CHOICES);
    assertThat(c.purpose()).isNull();
    assertThat(c.subject()).isEqualTo(PSEUDONYM);
    assertThat(c.subjectIndex()).isEqualTo(INDEX);
  }

  @Test
  void every_token_has_a_fresh_id() {
    String a = unsubscribe();
    String b = unsubscribe();
    assertThat(a).isNotEqualTo(b);
    assertThat(links.verify(a, Kind.UNSUBSCRIBE, NOW).id()).isNotEqualTo(links.verify(b, Kind.UNSUBSCRIBE, NOW).id());
  }

  @Test
  void verifying_twice_gives_the_same_claims_and_the_token_is_not_changed() {
    String token = unsubscribe();
    Claims a = links.verify(token, Kind.UNSUBSCRIBE, NOW);
    Claims b = links.verify(token, Kind.UNSUBSCRIBE, NOW.plusSeconds(3600));
    assertThat(b.id()).isEqualTo(a.id());
    assertThat(b.subjectIndex()).isEqualTo(a.subjectIndex());
  }

  // ---------------------------------------------------------------------------------------------
  // Tampering

  /**
   * Every single-character change of the payload or the signature is refused, except where the
   * changed character only touches the unused low bits of the last Base64 group: the JDK's
   * decoder ignores those, so the bytes signed and compared are the very same. Those are checked
   * to decode to identical bytes (nothing was really changed); see the pending-bug test below.
   */
  @Test
  void changing_any_single_character_is_refused() {
    String token = unsubscribe();
    int dot = token.indexOf('.');
    int refused = 0;
    List<String> sameBytes = new ArrayList<>();
    for (int i = 0; i < token.length(); i++) {
      if (i == dot) {
        continue;
      }
      for (char ch : ALPHABET.toCharArray()) {
        if (ch == token.charAt(i)) {
          continue;
        }
        String changed = token.substring(0, i) + ch + token.substring(i + 1);
        try {
          links.verify(changed, Kind.UNSUBSCRIBE, NOW);
        } catch (InvalidInput e) {
          assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_INVALID);
          refused++;
          continue;
        }
        int d = changed.indexOf('.');
        boolean identical = Arrays.equals(D64.decode(changed.substring(0, d)), D64.decode(token.substring(0, dot)))
            && Arrays.equals(D64.decode(changed.substring(d + 1)), D64.decode(token.substring(dot + 1)));
        if (!identical) {
          fail("position %d changed to '%c' was accepted: %s", i, ch, changed);
        }
        sameBytes.add(i + ":" + ch);
      }
    }
    assertThat(refused).isGreaterThan((token.length() - 1) * 60);
    // only the last character of each part can carry unused bits
    for (String s : sameBytes) {
      int i = Integer.parseInt(s.substring(0, s.indexOf(':')));
      assertThat(i).as("accepted change at %s", s).isIn(dot - 1, token.length() - 1);
    }
  }

  /**
   * Pending bug (low severity): tokens are malleable. The JDK's Base64 decoder ignores the unused
   * low bits of a final partial group (and accepts '=' padding), so one genuine token has several
   * spellings that all verify. Nothing signed changes, but "anyone who changes a byte is refused"
   * does not hold for the token's text, and any use of the token string as a key (rate limits,
   * replay lists, logs) would see different tokens. A strict decode (re-encode and compare) would
   * fix it. Aborted while the defect is there; fails once fixed, so that this marker is removed.
   */
  @Test
  void other_spellings_of_a_genuine_token_are_refused() {
    String token = unsubscribe();
    int dot = token.indexOf('.');
    List<String> accepted = new ArrayList<>();
    String signature = token.substring(dot + 1);
    char last = signature.charAt(signature.length() - 1);
    // a 32-byte signature is 43 characters: the last carries 4 bits and 2 unused ones
    char sibling = ALPHABET.charAt(ALPHABET.indexOf(last) ^ 1);
    String respelled = token.substring(0, token.length() - 1) + sibling;
    String padded = token + "=";
    for (String t : List.of(respelled, padded)) {
      try {
        links.verify(t, Kind.UNSUBSCRIBE, NOW);
        accepted.add(t);
      } catch (InvalidInput e) {
        // what it should be
      }
    }
    assertThat(accepted).as("other spellings of the genuine token " + token).isEmpty();
  }

  @Test
  void a_token_of_the_other_kind_is_refused() {
    assertInvalid(unsubscribe(), Kind.CONSENT_CHOICES, "unsubscribe link used for consent choices");
    String choices = links.issue(Kind.CONSENT_CHOICES, ACME, PSEUDONYM, INDEX, null, EXPIRES);
    assertInvalid(choices, Kind.UNSUBSCRIBE, "consent-choices link used to unsubscribe");
  }

  @Test
  void relabelling_the_kind_in_the_payload_is_refused() {
    String token = unsubscribe();
    String edited = payloadOf(token).replace("\nunsubscribe\n", "\nconsent-choices\n");
    assertInvalid(withPayload(token, edited), Kind.CONSENT_CHOICES, "kind edited in the payload");
  }

  @Test
  void a_token_for_one_customer_edited_to_name_another_is_refused() {
    String token = unsubscribe();
    String edited = payloadOf(token).replace("\n" + ACME.value() + "\n", "\n" + GLOBEX.value() + "\n");
    assertThat(edited).contains(GLOBEX.value());
    assertInvalid(withPayload(token, edited), Kind.UNSUBSCRIBE, "customer edited, signature of the original");
    // even re-signed with the first customer's key: verification uses the named customer's key
    byte[] bytes = edited.getBytes(StandardCharsets.UTF_8);
    String resigned = B64.encodeToString(bytes) + "." + B64.encodeToString(signer.sign(ACME, bytes));
    assertInvalid(resigned, Kind.UNSUBSCRIBE, "customer edited, re-signed with the other customer's key");
    // and the genuine token still verifies for the customer it was issued for
    assertThat(links.verify(token, Kind.UNSUBSCRIBE, NOW).customer()).isEqualTo(ACME);
  }

  @Test
  void editing_any_field_of_the_payload_is_refused() {
    String token = unsubscribe();
    String[] parts = payloadOf(token).split("\n", -1);
    assertThat(parts).hasSize(8);
    String[] replacements = {"mst2", "unsubscribe", "acme-shoq", "ps_someoneelse",
        B64.encodeToString(new byte[32]), "dpv:Advertising", Long.toString(EXPIRES.getEpochSecond() + 86_400), "AAAAAAAAAAAAAAAA"};
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals(replacements[i])) {
        continue;
      }
      String[] edited = parts.clone();
      edited[i] = replacements[i];
      assertInvalid(withPayload(token, String.join("\n", edited)), Kind.UNSUBSCRIBE, "payload field " + i + " edited");
    }
  }

  @Test
  void a_signature_from_another_key_is_refused() {
    SubjectLinks other = new SubjectLinks((customer, message) -> hmac("another-key".getBytes(StandardCharsets.UTF_8), message));
    String forged = other.issue(Kind.UNSUBSCRIBE, ACME, PSEUDONYM, INDEX, PURPOSE, EXPIRES);
    assertInvalid(forged, Kind.UNSUBSCRIBE, "signed with another key");
  }

  // ---------------------------------------------------------------------------------------------
  // Expiry

  @Test
  void expires_exactly_at_expires_at() {
    String token = unsubscribe();
    Gone e = catchThrowableOfType(Gone.class, () -> links.verify(token, Kind.UNSUBSCRIBE, EXPIRES));
    assertThat(e).as("verified at expiresAt").isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
    assertThat(catchThrowableOfType(Gone.class, () -> links.verify(token, Kind.UNSUBSCRIBE, EXPIRES.plusSeconds(86_400))))
        .isNotNull();
    assertThat(links.verify(token, Kind.UNSUBSCRIBE, EXPIRES.minusSeconds(1)).expiresAt()).isEqualTo(EXPIRES);
    assertThat(links.verify(token, Kind.UNSUBSCRIBE, EXPIRES.minusNanos(1)).expiresAt()).isEqualTo(EXPIRES);
  }

  @Test
  void an_expired_token_that_was_tampered_with_is_invalid_not_gone() {
    String token = unsubscribe();
    String edited = payloadOf(token).replace(PURPOSE, "dpv:Advertising");
    assertInvalid(links, withPayload(token, edited), Kind.UNSUBSCRIBE, EXPIRES.plusSeconds(1), "tampered and expired");
  }

  @Test
  void expiry_is_kept_to_the_second_rounding_down() {
    Instant fractional = EXPIRES.plusMillis(900);
    String token = links.issue(Kind.UNSUBSCRIBE, ACME, PSEUDONYM, INDEX, PURPOSE, fractional);
    assertThat(links.verify(token, Kind.UNSUBSCRIBE, NOW).expiresAt()).isEqualTo(EXPIRES);
    assertThat(catchThrowableOfType(Gone.class, () -> links.verify(token, Kind.UNSUBSCRIBE, EXPIRES))).isNotNull();
  }

  // ---------------------------------------------------------------------------------------------
  // Malformed tokens

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a", "abc", "abc.", ".abc", "a.b.c", "abc..def", "!!!.###", "abc.d=f",
      "bXN0MQ.AAAA", "AAAA.AAAA", "bXN0MQ==.AAAA", " ", "abc def.ghi", "\u00e9\u00e9.\u00e9\u00e9"})
  void garbage_is_invalid(String token) {
    assertInvalid(token, Kind.UNSUBSCRIBE, "garbage '" + token + "'");
  }

  @Test
  void null_is_invalid() {
    assertInvalid(null, Kind.UNSUBSCRIBE, "null");
  }

  @Test
  void a_well_formed_payload_with_a_bad_customer_id_is_invalid() {
    String payload = String.join("\n", "mst1", "unsubscribe", "Not A Customer", PSEUDONYM, B64.encodeToString(INDEX),
        PURPOSE, Long.toString(EXPIRES.getEpochSecond()), "AAAAAAAAAAAAAAAA");
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    String token = B64.encodeToString(bytes) + "." + B64.encodeToString(new byte[32]);
    assertInvalid(token, Kind.UNSUBSCRIBE, "customer id not well formed");
  }

  @Test
  void a_genuinely_signed_payload_with_too_few_or_too_many_fields_is_invalid() {
    for (int fields : new int[] {7, 9}) {
      List<String> parts = new ArrayList<>(List.of("mst1", "unsubscribe", ACME.value(), PSEUDONYM,
          B64.encodeToString(INDEX), PURPOSE, Long.toString(EXPIRES.getEpochSecond()), "AAAAAAAAAAAAAAAA"));
      if (fields == 7) {
        parts.remove(5);
      } else {
        parts.add("extra");
      }
      byte[] bytes = String.join("\n", parts).getBytes(StandardCharsets.UTF_8);
      String token = B64.encodeToString(bytes) + "." + B64.encodeToString(signer.sign(ACME, bytes));
      assertInvalid(token, Kind.UNSUBSCRIBE, fields + " fields");
    }
  }

  @Test
  void a_genuinely_signed_payload_with_a_bad_expiry_or_index_is_invalid() {
    for (String[] bad : new String[][] {{"tomorrow", B64.encodeToString(INDEX)}, {"", B64.encodeToString(INDEX)},
        {"99999999999999999999", B64.encodeToString(INDEX)}, {Long.toString(Long.MAX_VALUE), B64.encodeToString(INDEX)},
        {Long.toString(EXPIRES.getEpochSecond()), "not*base64"}}) {
      byte[] bytes = String.join("\n", "mst1", "unsubscribe", ACME.value(), PSEUDONYM, bad[1], PURPOSE, bad[0],
          "AAAAAAAAAAAAAAAA").getBytes(StandardCharsets.UTF_8);
      String token = B64.encodeToString(bytes) + "." + B64.encodeToString(signer.sign(ACME, bytes));
      assertInvalid(token, Kind.UNSUBSCRIBE, "expiry '" + bad[0] + "', index '" + bad[1] + "'");
    }
  }

  @Test
  void oversize_tokens_are_invalid_even_if_genuine() {
    // the longest genuine token within the limit verifies; the shortest beyond it does not
    String atLimit = null;
    String overLimit = null;
    for (int n = 1; n < 1_000 && overLimit == null; n++) {
      String t = links.issue(Kind.UNSUBSCRIBE, ACME, "p".repeat(n), INDEX, PURPOSE, EXPIRES);
      if (t.length() <= SubjectLinks.MAX_LENGTH) {
        atLimit = t;
      } else {
        overLimit = t;
      }
    }
    assertThat(atLimit).isNotNull().hasSizeGreaterThanOrEqualTo(SubjectLinks.MAX_LENGTH - 1);
    assertThat(links.verify(atLimit, Kind.UNSUBSCRIBE, NOW).customer()).isEqualTo(ACME);
    assertThat(overLimit).isNotNull().hasSizeLessThanOrEqualTo(SubjectLinks.MAX_LENGTH + 2);
    assertInvalid(overLimit, Kind.UNSUBSCRIBE, "genuine but just over the limit");
    assertInvalid(unsubscribe() + "A".repeat(SubjectLinks.MAX_LENGTH), Kind.UNSUBSCRIBE, "padded far beyond the limit");
    assertInvalid("A".repeat(100_000) + "." + "A".repeat(43), Kind.UNSUBSCRIBE, "100 kB");
  }

  // ---------------------------------------------------------------------------------------------
  // No identifier

  @Test
  void the_token_and_its_claims_carry_only_the_pseudonym_and_index_never_the_identifier() {
    for (Kind kind : Kind.values()) {
      String token = links.issue(kind, ACME, PSEUDONYM, INDEX, kind == Kind.UNSUBSCRIBE ? PURPOSE : null, EXPIRES);
      String payload = payloadOf(token);
      assertThat(token).doesNotContain(IDENTIFIER).doesNotContain(B64.encodeToString(IDENTIFIER.getBytes(StandardCharsets.UTF_8)));
      assertThat(payload).doesNotContain(IDENTIFIER).doesNotContain("alice").doesNotContain("example.com");
      assertThat(payload.split("\n", -1)).contains(PSEUDONYM, B64.encodeToString(INDEX));
      Claims c = links.verify(token, kind, NOW);
      assertThat(c.subject()).isEqualTo(PSEUDONYM);
      assertThat(c.subjectIndex()).isEqualTo(INDEX);
      for (Object component : new Object[] {c.kind(), c.customer(), c.subject(), c.purpose(), c.expiresAt(), c.id()}) {
        assertThat(String.valueOf(component)).doesNotContain(IDENTIFIER).doesNotContain("alice");
      }
      assertThat(new String(c.subjectIndex(), StandardCharsets.ISO_8859_1)).doesNotContain("alice");
    }
  }

  @Test
  void the_claims_index_is_a_copy_of_what_was_signed() {
    byte[] index = INDEX.clone();
    String token = links.issue(Kind.UNSUBSCRIBE, ACME, PSEUDONYM, index, PURPOSE, EXPIRES);
    index[0] ^= 1; // the caller's array changing afterwards changes nothing
    assertThat(links.verify(token, Kind.UNSUBSCRIBE, NOW).subjectIndex()).isEqualTo(INDEX);
  }

  @Test
  void a_token_for_a_customer_that_does_not_exist_is_refused_before_any_key_is_touched() {
    String token = unsubscribe();
    java.util.concurrent.atomic.AtomicInteger signed = new java.util.concurrent.atomic.AtomicInteger();
    SubjectLinks counting = new SubjectLinks((customer, message) -> {
      signed.incrementAndGet();
      return hmac(("link-" + customer.value()).getBytes(StandardCharsets.UTF_8), message);
    });
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> counting.verify(token, Kind.UNSUBSCRIBE, NOW, customer -> false))
        .isInstanceOf(dev.mandate.core.failure.InvalidInput.class);
    org.assertj.core.api.Assertions.assertThat(signed).as("no key of a made-up customer is created or used").hasValue(0);
  }
}
