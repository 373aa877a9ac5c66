package dev.mandate.core.vault;

import java.util.Objects;
import java.util.UUID;

/** A vault record's random id: it says nothing about the person. */
public record RecordId(UUID value) {
  public RecordId {
    Objects.requireNonNull(value);
  }

  public static RecordId random() {
    return new RecordId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
