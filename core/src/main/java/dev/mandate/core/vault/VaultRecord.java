package dev.mandate.core.vault;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.keys.SealedValue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A data subject's record held for a customer. The subject's identifier (the customer's own
 * reference, e.g. an employee number) is encrypted too and findable through its blind index.
 */
public record VaultRecord(
    RecordId id,
    CustomerId customer,
    byte[] subjectIndex,
    SealedValue subject,
    String dataSubjectCategory,
    Instant createdAt,
    Instant updatedAt,
    List<StoredField> fields) {
  public VaultRecord {
    fields = List.copyOf(fields);
  }

  public Optional<StoredField> field(String name) {
    return fields.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
