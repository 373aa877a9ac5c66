package dev.mandate.core.notice;

/**
 * Port: one way of reaching a customer (a signed webhook, SMTP e-mail). One call is one attempt;
 * retries are the {@link NoticeDispatcher}'s business, not the channel's.
 */
public interface NoticeChannel {

  /**
   * Tries once to hand {@code notice} to its address. Returns rather than throws for every
   * failure the channel understands; a thrown exception counts as a retryable failure.
   */
  Delivery deliver(OutgoingNotice notice);

  /**
   * The outcome of one attempt.
   *
   * @param delivered the endpoint accepted the notice
   * @param permanentFailure retrying cannot help (e.g. HTTP 410, SMTP 550): give up now
   * @param detail short and never PII, e.g. {@code HTTP 503}, {@code SMTP 550}, {@code timeout}
   */
  record Delivery(boolean delivered, boolean permanentFailure, String detail) {
    public static Delivery accepted(String detail) {
      return new Delivery(true, false, detail);
    }

    public static Delivery retryLater(String detail) {
      return new Delivery(false, false, detail);
    }

    public static Delivery permanent(String detail) {
      return new Delivery(false, true, detail);
    }
  }
}
