package dev.mandate.core.notice;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.NotificationEndpoint;
import java.time.Instant;
import java.util.Objects;

/**
 * One notice to one of a customer's endpoints: a row of the outbox. A draft sent to a customer
 * with a webhook and an e-mail address becomes two of these, delivered and retried independently.
 *
 * @param id {@code ntc_} and 26 random base32 characters; the receiver's de-duplication key
 *     (sent as {@code Mandate-Notice-Id}), since delivery is at least once
 * @param attempts delivery attempts made so far, counting each claim (also one that is under way or
 *     that ended without an outcome)
 * @param nextAttemptAt when the notice is next due while {@link State#PENDING} (moved ahead while a
 *     sender holds it); once finished, when it was finished
 * @param lastError why the last attempt failed, short and never PII ({@code HTTP 503}, {@code
 *     SMTP 550}, {@code timeout}); null if none failed
 * @param deliveredAt when the endpoint accepted it; null unless {@link State#DELIVERED}
 */
public record OutgoingNotice(
    String id,
    CustomerId customer,
    String topic,
    String reference,
    NotificationEndpoint.Kind channel,
    String address,
    String subjectLine,
    String textBody,
    String jsonPayload,
    Instant createdAt,
    int attempts,
    Instant nextAttemptAt,
    State state,
    String lastError,
    Instant deliveredAt) {

  /** Where a notice is in its life: waiting (first try or retry), accepted, or abandoned. */
  public enum State {
    PENDING,
    DELIVERED,
    GAVE_UP
  }

  public OutgoingNotice {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(state, "state");
  }

  /** A new notice of {@code draft} to {@code endpoint}, due at once. */
  public static OutgoingNotice pending(String id, NoticeDraft draft, NotificationEndpoint endpoint, Instant now) {
    return new OutgoingNotice(id, draft.customer(), draft.topic(), draft.reference(), endpoint.kind(),
        endpoint.address(), draft.subjectLine(), draft.textBody(), draft.jsonPayload(), now, 0, now, State.PENDING,
        null, null);
  }

  /** The channel as processing records name it: {@code webhook} or {@code email}. */
  public String channelName() {
    return channel.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** How processing records point at this notice. */
  public String recordRef() {
    return "notice:" + id;
  }
}
