package dev.mandate.core.customer;

/** A business contact of the customer, e.g. its data protection officer. */
public record Contact(String name, String email, String phone) {}
