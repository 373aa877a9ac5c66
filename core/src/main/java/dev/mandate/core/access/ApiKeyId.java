package dev.mandate.core.access;

import java.util.Objects;

/** The public part of an API key, e.g. {@code key_7QK2...}; safe to log and to record as the actor. */
public record ApiKeyId(String value) {
  public ApiKeyId {
    Objects.requireNonNull(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
