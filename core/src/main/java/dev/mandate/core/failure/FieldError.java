package dev.mandate.core.failure;

import java.util.Objects;

/**
 * One precise problem with one input field, e.g. {@code purposes[0].dataCategories[2]}.
 * Messages name vocabulary terms and field paths, never personal data values.
 */
public record FieldError(String field, String code, String message) {
  public FieldError {
    Objects.requireNonNull(field);
    Objects.requireNonNull(code);
    Objects.requireNonNull(message);
  }
}
