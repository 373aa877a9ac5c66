package dev.mandate.notify;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.notice.NoticeChannel;
import dev.mandate.core.notice.OutgoingNotice;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Delivers a notice as an HTTP POST of its JSON payload to the customer's webhook, signed with
 * the customer's own secret ({@link WebhookSignature}) and carrying {@code Mandate-Notice-Id}
 * (the receiver's de-duplication key: delivery is at least once) and {@code Mandate-Topic}.
 *
 * <p>Outcomes: 2xx delivered; 408 and 429 (the receiver asks for later), 5xx, 3xx (redirects are
 * not followed: a notice goes only where the customer said) and network failures are retried;
 * other 4xx mean the endpoint will never take it (410 Gone, 404, a rejected signature) and give
 * up at once. Only https addresses are used unless the channel was built for tests or local
 * development with {@code allowPlainHttp}: a notice names the customer's records and must not
 * cross networks in clear text.
 */
public final class HttpWebhookChannel implements NoticeChannel {
  public static final String NOTICE_ID_HEADER = "Mandate-Notice-Id";
  public static final String TOPIC_HEADER = "Mandate-Topic";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient client;
  private final Function<CustomerId, List<byte[]>> secrets;
  private final Clock clock;
  private final Duration timeout;
  private final boolean allowPlainHttp;

  /** The production channel: https only, 10 s timeouts. */
  public HttpWebhookChannel(Function<CustomerId, List<byte[]>> secrets, Clock clock) {
    this(secrets, clock, DEFAULT_TIMEOUT, false);
  }

  /**
   * @param secrets each customer's signing secrets, current first (two while a secret is rotated;
   *     the app derives them from the key ring)
   * @param allowPlainHttp also post to {@code http://} addresses: for tests and local development only
   */
  public HttpWebhookChannel(Function<CustomerId, List<byte[]>> secrets, Clock clock, Duration timeout,
      boolean allowPlainHttp) {
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.secrets = secrets;
    this.clock = clock;
    this.timeout = timeout;
    this.allowPlainHttp = allowPlainHttp;
  }

  @Override
  public Delivery deliver(OutgoingNotice notice) {
    URI uri;
    try {
      uri = new URI(notice.address());
    } catch (URISyntaxException e) {
      return Delivery.permanent("invalid webhook address");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || (allowPlainHttp && scheme.equals("http")))) {
      return Delivery.permanent("webhook address is not https");
    }
    if (!allowPlainHttp) {
      Delivery refused = refuseInternalAddress(uri.getHost());
      if (refused != null) {
        return refused;
      }
    }
    String payload = notice.jsonPayload();
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "Mandate-Notify/1")
        .header(WebhookSignature.HEADER, WebhookSignature.sign(secrets.apply(notice.customer()), payload,
            clock.instant()))
        .header(NOTICE_ID_HEADER, notice.id())
        .header(TOPIC_HEADER, notice.topic())
        .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
        .build();
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return outcome(status);
    } catch (HttpTimeoutException e) {
      return Delivery.retryLater("timeout");
    } catch (IOException e) {
      return Delivery.retryLater(e.getClass().getSimpleName()); // never the message: it may name the host
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Delivery.retryLater("interrupted");
    }
  }

  /**
   * In production a webhook goes only to a public address: a customer's endpoint that resolves to
   * this machine, a private network or a link-local address (cloud metadata) is refused, so that
   * notices cannot be turned against the processor's own network. (A DNS answer that changes
   * between this check and the connection is not caught; the egress firewall is the real
   * boundary.) A name that does not resolve now is tried again later.
   */
  static Delivery refuseInternalAddress(String host) {
    java.net.InetAddress[] addresses;
    try {
      addresses = java.net.InetAddress.getAllByName(host);
    } catch (java.net.UnknownHostException e) {
      return Delivery.retryLater("unknown host");
    }
    for (java.net.InetAddress a : addresses) {
      byte[] b = a.getAddress();
      boolean uniqueLocalV6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
      if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
          || a.isMulticastAddress() || uniqueLocalV6) {
        return Delivery.permanent("webhook address is not public");
      }
    }
    return null;
  }

  /** What an HTTP status means for this notice. */
  static Delivery outcome(int status) {
    String detail = "HTTP " + status;
    if (status >= 200 && status < 300) {
      return Delivery.accepted(detail);
    }
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      return Delivery.permanent(detail);
    }
    return Delivery.retryLater(detail);
  }
}
