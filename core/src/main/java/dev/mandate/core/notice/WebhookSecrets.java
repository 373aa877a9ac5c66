package dev.mandate.core.notice;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.keys.LinkSigner;
import dev.mandate.core.notice.WebhookSecretStore.Generation;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Each customer's webhook signing secret ({@code whsec_…}), derived from the customer's key in the
 * key ring rather than stored: nothing to leak from the database, and the same on every node. The
 * customer's DPO reads it to set up signature checks; the HMAC key is the secret's UTF-8 bytes, as
 * with Stripe. A DPO who fears the secret leaked rotates it: the next generation signs at once,
 * and the previous one signs too (a second {@code v1}) for a grace period, so receivers can switch
 * without missing a notice.
 */
public final class WebhookSecrets {
  /** How long a replaced secret keeps signing after a rotation. */
  public static final Duration GRACE = Duration.ofHours(24);
  /** A message no link token can be (they never start with a NUL byte): the derivations never meet. */
  private static final String LABEL = "\u0000mandate/webhook-secret/v1";
  private final LinkSigner signer;
  private final CustomerService customers;
  private final WebhookSecretStore generations;
  private final ProcessingLog log;
  private final Clock clock;

  public WebhookSecrets(LinkSigner signer, CustomerService customers, WebhookSecretStore generations,
      ProcessingLog log, Clock clock) {
    this.signer = signer;
    this.customers = customers;
    this.generations = generations;
    this.log = log;
    this.clock = clock;
  }

  /** The customer's current secret and generation, as its DPO sees them. */
  public record Current(String secret, int generation, Instant rotatedAt, Instant previousSignsUntil) {}

  /** The secret of one generation (generation 1 keeps the derivation it always had). */
  String secret(CustomerId customer, int generation) {
    String label = generation == 1 ? LABEL : LABEL + "/" + generation;
    return "whsec_" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(signer.sign(customer, label.getBytes(StandardCharsets.UTF_8)));
  }

  /** The secret, for the customer's DPO. */
  public Current reveal(Principal actor, CustomerId customer) {
    AccessPolicy.require(actor, Action.READ_WEBHOOK_SECRET, customer);
    customers.visible(actor, customer);
    return current(customer, generations.current(customer));
  }

  /** Replaces the secret; the old one keeps signing for {@link #GRACE}. Recorded in the log. */
  public Current rotate(Principal actor, CustomerId customer, String requestId) {
    AccessPolicy.require(actor, Action.READ_WEBHOOK_SECRET, customer);
    customers.visible(actor, customer);
    Instant now = clock.instant();
    int next = generations.current(customer).generation() + 1;
    log.append(new ProcessingEvent(now, customer, EventType.WEBHOOK_SECRET_ROTATED, actor.actorRef(), null, null, null,
        null, List.of(), null, null, "webhook-secret:" + next, null, List.of(), requestId));
    return current(customer, generations.rotate(customer, now, now.plus(GRACE)));
  }

  /** The HMAC keys the webhook channel signs with now: the current secret, and the previous one during a rotation. */
  public List<byte[]> keys(CustomerId customer) {
    Generation g = generations.current(customer);
    List<byte[]> keys = new ArrayList<>(2);
    keys.add(secret(customer, g.generation()).getBytes(StandardCharsets.UTF_8));
    if (g.previousUntil() != null && clock.instant().isBefore(g.previousUntil()) && g.generation() > 1) {
      keys.add(secret(customer, g.generation() - 1).getBytes(StandardCharsets.UTF_8));
    }
    return keys;
  }

  private Current current(CustomerId customer, Generation g) {
    Instant until = g.previousUntil() != null && clock.instant().isBefore(g.previousUntil()) ? g.previousUntil() : null;
    return new Current(secret(customer, g.generation()), g.generation(), g.rotatedAt(), until);
  }
}
