package dev.mandate.core.customer;

import java.util.Objects;

/** A customer (the controller, a tenant) as Mandate names it, e.g. {@code acme-payroll}. */
public record CustomerId(String value) {
  public CustomerId {
    Objects.requireNonNull(value);
  }

  private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  /** Whether {@code value} has the form of a customer id (lowercase letters, digits and dashes). */
  public static boolean isWellFormed(String value) {
    return value != null && FORM.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
