package dev.mandate.core.access;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.Forbidden;
import dev.mandate.core.failure.NotFound;

/**
 * Tenant isolation and role checks. A caller that cannot see a customer gets the same answer as
 * for a customer that does not exist, so it cannot learn that the customer exists.
 */
public final class AccessPolicy {
  private AccessPolicy() {}

  /** Checks the role only (for actions not tied to one customer). */
  public static void require(Principal principal, Action action) {
    if (!action.allows(principal.role())) {
      throw new Forbidden("Role " + principal.role().code() + " may not " + describe(action) + ".");
    }
  }

  /** Checks visibility of the customer first (404 if not visible), then the role (403). */
  public static void require(Principal principal, Action action, CustomerId customer) {
    if (!principal.sees(customer)) {
      throw customerNotFound(customer);
    }
    require(principal, action);
  }

  public static NotFound customerNotFound(CustomerId customer) {
    return new NotFound(ErrorCode.CUSTOMER_NOT_FOUND, "No customer '" + customer.value() + "'.");
  }

  private static String describe(Action action) {
    return action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
