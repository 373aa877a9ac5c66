package dev.mandate.core.report;

/**
 * A name and contact details as an Art. 30(2)(a) record shows them (PR-826-01). {@code contact}
 * is free text (e-mail addresses, telephone, postal address); either part may be null when it
 * was not recorded.
 */
public record Party(String name, String contact) {}
