package dev.mandate.core.vault;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: encrypted vault records. Each method is one atomic change. Nothing here holds plaintext. */
public interface VaultStore {
  void insert(VaultRecord record);

  Optional<VaultRecord> find(CustomerId customer, RecordId id);

  /** Replaces the record if it was not changed since {@code expectedUpdatedAt}; false otherwise. */
  boolean replace(VaultRecord record, Instant expectedUpdatedAt);

  boolean delete(CustomerId customer, RecordId id);

  /** Records of the customer whose field {@code field} has this blind index. */
  List<RecordId> findByField(CustomerId customer, String field, byte[] blindIndex, int limit);

  /** Records of the customer whose subject identifier has this blind index. */
  List<RecordId> findBySubject(CustomerId customer, byte[] subjectIndex, int limit);

  /** Fields whose retention ended before {@code now}, oldest first. */
  List<ExpiredField> expired(Instant now, int limit);

  /**
   * Deletes one expired field (and the record, if no field remains) if it still expires at
   * {@code expiresAt}; false if it changed meanwhile.
   */
  boolean deleteExpiredField(ExpiredField field);
}
