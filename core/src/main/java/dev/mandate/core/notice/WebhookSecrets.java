package dev.mandate.core.notice;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.keys.LinkSigner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Each customer's webhook signing secret ({@code whsec_…}), derived from the customer's key in the
 * key ring rather than stored: nothing to leak from the database, and the same on every node.
 * The customer's DPO reads it once to set up signature checks; the HMAC key is the secret's
 * UTF-8 bytes, as with Stripe. It changes when the master keys are replaced.
 */
public final class WebhookSecrets {
  /** A message no link token can be (they never start with a NUL byte): the derivations never meet. */
  private static final byte[] LABEL = "\u0000mandate/webhook-secret/v1".getBytes(StandardCharsets.UTF_8);
  private final LinkSigner signer;
  private final CustomerService customers;

  public WebhookSecrets(LinkSigner signer, CustomerService customers) {
    this.signer = signer;
    this.customers = customers;
  }

  /** The secret, for the signing channel (no access check: Mandate signs its own notices). */
  public String secret(CustomerId customer) {
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign(customer, LABEL));
  }

  /** The secret, for the customer's DPO. */
  public String reveal(Principal actor, CustomerId customer) {
    AccessPolicy.require(actor, Action.READ_WEBHOOK_SECRET, customer);
    customers.visible(actor, customer);
    return secret(customer);
  }

  /** The HMAC key the webhook channel signs with. */
  public byte[] key(CustomerId customer) {
    return secret(customer).getBytes(StandardCharsets.UTF_8);
  }
}
