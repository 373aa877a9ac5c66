package dev.mandate.core.customer;

import java.util.Objects;

/** A customer (the controller, a tenant) as Mandate names it, e.g. {@code acme-payroll}. */
public record CustomerId(String value) {
  public CustomerId {
    Objects.requireNonNull(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
