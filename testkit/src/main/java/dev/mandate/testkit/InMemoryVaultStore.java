package dev.mandate.testkit;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.vault.ExpiredField;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.StoredField;
import dev.mandate.core.vault.VaultRecord;
import dev.mandate.core.vault.VaultStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Vault records in memory, for tests. */
public final class InMemoryVaultStore implements VaultStore {
  private final Map<RecordId, VaultRecord> records = new LinkedHashMap<>();

  @Override
  public synchronized void insert(VaultRecord record) {
    if (records.putIfAbsent(record.id(), record) != null) {
      throw new IllegalStateException("duplicate record id");
    }
  }

  @Override
  public synchronized Optional<VaultRecord> find(CustomerId customer, RecordId id) {
    return Optional.ofNullable(records.get(id)).filter(r -> r.customer().equals(customer));
  }

  @Override
  public synchronized boolean replace(VaultRecord record, Instant expectedUpdatedAt) {
    VaultRecord current = records.get(record.id());
    if (current == null || !current.customer().equals(record.customer()) || !current.updatedAt().equals(expectedUpdatedAt)) {
      return false;
    }
    records.put(record.id(), record);
    return true;
  }

  @Override
  public synchronized boolean delete(CustomerId customer, RecordId id) {
    return find(customer, id).map(r -> records.remove(id) != null).orElse(false);
  }

  @Override
  public synchronized List<RecordId> findByField(CustomerId customer, String field, byte[] blindIndex, int limit) {
    return records.values().stream()
        .filter(r -> r.customer().equals(customer))
        .filter(r -> r.field(field).map(f -> Arrays.equals(f.blindIndex(), blindIndex)).orElse(false))
        .map(VaultRecord::id).limit(limit).toList();
  }

  @Override
  public synchronized List<RecordId> findBySubject(CustomerId customer, byte[] subjectIndex, int limit) {
    return records.values().stream()
        .filter(r -> r.customer().equals(customer) && Arrays.equals(r.subjectIndex(), subjectIndex))
        .map(VaultRecord::id).limit(limit).toList();
  }

  @Override
  public synchronized List<ExpiredField> expired(Instant now, int limit) {
    List<ExpiredField> list = new ArrayList<>();
    for (VaultRecord r : records.values()) {
      for (StoredField f : r.fields()) {
        if (f.expiresAt().isBefore(now)) {
          list.add(new ExpiredField(r.customer(), r.id(), f.name(), f.category(), f.purpose(), r.dataSubjectCategory(),
              f.expiresAt()));
        }
      }
    }
    list.sort(Comparator.comparing(ExpiredField::expiresAt));
    return list.subList(0, Math.min(limit, list.size()));
  }

  @Override
  public synchronized boolean deleteExpiredField(ExpiredField e) {
    VaultRecord r = records.get(e.record());
    if (r == null) {
      return false;
    }
    Optional<StoredField> f = r.field(e.field());
    if (f.isEmpty() || !f.get().expiresAt().equals(e.expiresAt())) {
      return false;
    }
    List<StoredField> rest = r.fields().stream().filter(x -> !x.name().equals(e.field())).toList();
    if (rest.isEmpty()) {
      records.remove(r.id());
    } else {
      records.put(r.id(), new VaultRecord(r.id(), r.customer(), r.subjectIndex(), r.subject(), r.dataSubjectCategory(),
          r.createdAt(), r.updatedAt(), rest));
    }
    return true;
  }

  public synchronized int size() {
    return records.size();
  }
}
