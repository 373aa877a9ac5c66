package dev.mandate.core.customer;

/**
 * Where the customer wants notices (infringing instructions, breaches, data-subject requests):
 * an https webhook URL or an e-mail address.
 */
public record NotificationEndpoint(Kind kind, String address) {
  public enum Kind {
    WEBHOOK,
    EMAIL
  }
}
