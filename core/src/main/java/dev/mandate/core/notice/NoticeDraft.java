package dev.mandate.core.notice;

import dev.mandate.core.customer.CustomerId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a caller wants to tell a customer, before it is addressed to the customer's endpoints.
 * The texts are written for the controller's privacy staff and must not hold a data subject's
 * PII: refer to records by id (e.g. {@code instruction:ins_x/v2}), never by name or e-mail.
 *
 * @param topic what kind of notice this is, lowercase and dotted (e.g. {@code instruction.held});
 *     stable, since receivers route on it
 * @param reference the record the notice is about, e.g. {@code instruction:ins_x/v2}
 * @param subjectLine the e-mail subject
 * @param textBody the plain-text e-mail body
 * @param jsonPayload the webhook body: a JSON object the caller built
 */
public record NoticeDraft(
    CustomerId customer, String topic, String reference, String subjectLine, String textBody, String jsonPayload) {
  private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

  public NoticeDraft {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(subjectLine, "subjectLine");
    Objects.requireNonNull(textBody, "textBody");
    Objects.requireNonNull(jsonPayload, "jsonPayload");
    if (topic == null || topic.length() > 100 || !TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException("a notice topic is lowercase and dotted, e.g. instruction.held");
    }
    if (reference.isBlank() || reference.length() > 200) {
      throw new IllegalArgumentException("a notice reference is 1 to 200 characters");
    }
    if (!jsonPayload.strip().startsWith("{") || !jsonPayload.strip().endsWith("}")) {
      throw new IllegalArgumentException("a notice's webhook payload is a JSON object");
    }
  }
}
