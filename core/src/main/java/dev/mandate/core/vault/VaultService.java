package dev.mandate.core.vault;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.decision.CompiledAgreement;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.DecisionRequest;
import dev.mandate.core.decision.DecisionService;
import dev.mandate.core.decision.InForceAgreements;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.failure.ProcessingDenied;
import dev.mandate.core.keys.BlindIndex;
import dev.mandate.core.keys.FieldCipher;
import dev.mandate.core.keys.Pseudonyms;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.keys.ValueNormaliser;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.ProcessingLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vault (ISO 27701 8.2.2): stores PII on a customer's behalf. Every create, read, update,
 * delete and search names a purpose and goes through the decision point; the decision is
 * recorded before anything is revealed or changed, and nothing is revealed on DENY. Values
 * are sealed with AES-256-GCM under the customer's data key, bound to record and field.
 */
public final class VaultService {
  static final String STORE = "dpv:Store";
  static final String RETRIEVE = "dpv:Retrieve";
  static final String MODIFY = "dpv:Modify";
  static final String ERASE = "dpv:Erase";
  static final String QUERY = "dpv:Query";

  private final VaultStore store;
  private final DecisionService decisions;
  private final InForceAgreements inForce;
  private final CustomerService customers;
  private final FieldCipher cipher;
  private final BlindIndex blindIndex;
  private final Pseudonyms pseudonyms;
  private final ProcessingLog log;
  private final VaultInput input;
  private final Clock clock;

  public VaultService(VaultStore store, DecisionService decisions, InForceAgreements inForce,
      CustomerService customers, FieldCipher cipher, BlindIndex blindIndex, Pseudonyms pseudonyms,
      ProcessingLog log, VaultInput input, Clock clock) {
    this.store = store;
    this.decisions = decisions;
    this.inForce = inForce;
    this.customers = customers;
    this.cipher = cipher;
    this.blindIndex = blindIndex;
    this.pseudonyms = pseudonyms;
    this.log = log;
    this.input = input;
    this.clock = clock;
  }

  /** A value to store: its data category, the value, and optionally its own collection purpose. */
  public record NewField(String category, String value, String purpose) {}

  public record NewRecord(String subjectId, String dataSubjectCategory, String purpose, Map<String, NewField> fields) {}

  public record RevealedField(String name, String category, String purpose, Instant collectedAt, Instant expiresAt, String value) {}

  public record Revealed(RecordId id, String subjectId, String dataSubjectCategory, Instant createdAt,
      Instant updatedAt, List<RevealedField> fields, Decision decision) {}

  public record Created(RecordId id, List<Decision> decisions) {}

  public Created create(Principal actor, CustomerId customer, NewRecord r, String requestId) {
    allow(actor, customer);
    input.checkNew(r);
    Instant now = clock.instant();
    RecordId id = RecordId.random();
    String subject = pseudonyms.of(customer, r.subjectId());
    Map<String, List<String>> categoriesByPurpose = new LinkedHashMap<>();
    r.fields().forEach((name, f) -> categoriesByPurpose
        .computeIfAbsent(purposeOf(f, r.purpose()), p -> new ArrayList<>()).add(f.category()));
    List<Decision> permits = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : categoriesByPurpose.entrySet()) {
      permits.add(decide(actor, customer, e.getKey(), STORE, e.getValue(), r.dataSubjectCategory(), null,
          EventType.VAULT_CREATE, subject, id, requestId, now));
    }
    CompiledAgreement agreement = inForce.get(customer).orElseThrow();
    List<StoredField> fields = new ArrayList<>();
    r.fields().forEach((name, f) -> fields.add(seal(customer, id, name, f, purposeOf(f, r.purpose()), now, agreement)));
    store.insert(new VaultRecord(id, customer, subjectIndex(customer, r.subjectId()),
        cipher.seal(customer, utf8(r.subjectId()), aad(customer, id, "subject", "subject")),
        r.dataSubjectCategory(), now, now, fields));
    return new Created(id, permits);
  }

  public Revealed read(Principal actor, CustomerId customer, RecordId id, String purpose, Set<String> names,
      String requestId) {
    allow(actor, customer);
    input.checkPurpose(purpose);
    VaultRecord record = find(customer, id);
    List<StoredField> fields = select(record, names);
    Instant now = clock.instant();
    String subjectId = subjectIdOf(record);
    Decision permit = decide(actor, customer, purpose, RETRIEVE, categories(fields), record.dataSubjectCategory(),
        earliest(fields), EventType.VAULT_READ, pseudonyms.of(customer, subjectId), id, requestId, now);
    return reveal(record, subjectId, fields, permit);
  }

  public Revealed update(Principal actor, CustomerId customer, RecordId id, String purpose, Map<String, NewField> changes,
      String requestId) {
    allow(actor, customer);
    input.checkChanges(purpose, changes);
    VaultRecord record = find(customer, id);
    Instant now = clock.instant();
    List<String> categories = new ArrayList<>();
    changes.values().forEach(f -> categories.add(f.category()));
    String subjectId = subjectIdOf(record);
    Decision permit = decide(actor, customer, purpose, MODIFY, categories, record.dataSubjectCategory(), null,
        EventType.VAULT_UPDATE, pseudonyms.of(customer, subjectId), id, requestId, now);
    CompiledAgreement agreement = inForce.get(customer).orElseThrow();
    Map<String, StoredField> merged = new LinkedHashMap<>();
    record.fields().forEach(f -> merged.put(f.name(), f));
    changes.forEach((name, f) -> merged.put(name, seal(customer, id, name, f, purpose, now, agreement)));
    VaultRecord updated = new VaultRecord(id, customer, record.subjectIndex(), record.subject(),
        record.dataSubjectCategory(), record.createdAt(), now, List.copyOf(merged.values()));
    if (!store.replace(updated, record.updatedAt())) {
      throw new Conflict(ErrorCode.RECORD_CHANGED, "The record was changed by another request; read it and try again.");
    }
    List<StoredField> changed = updated.fields().stream().filter(f -> changes.containsKey(f.name())).toList();
    return reveal(updated, subjectId, changed, permit);
  }

  public Decision delete(Principal actor, CustomerId customer, RecordId id, String purpose, String requestId) {
    allow(actor, customer);
    input.checkPurpose(purpose);
    VaultRecord record = find(customer, id);
    Decision permit = decide(actor, customer, purpose, ERASE, categories(record.fields()), record.dataSubjectCategory(),
        null, EventType.VAULT_DELETE, pseudonyms.of(customer, subjectIdOf(record)), id, requestId, clock.instant());
    store.delete(customer, id);
    return permit;
  }

  /** Finds records by the exact (normalised) value of one field, without a plaintext column. */
  public List<RecordId> search(Principal actor, CustomerId customer, String purpose, String field, String category,
      String value, String dataSubjectCategory, String requestId) {
    allow(actor, customer);
    input.checkSearch(purpose, field, category, value, dataSubjectCategory);
    decide(actor, customer, purpose, QUERY, List.of(category), dataSubjectCategory, null, EventType.VAULT_SEARCH,
        null, null, requestId, clock.instant());
    byte[] index = blindIndex.index(customer, field, ValueNormaliser.normalise(category, value));
    return store.findByField(customer, field, index, 100);
  }

  /**
   * Deletes fields past the retention of the purpose they were collected for (and records left
   * empty). Each deletion is recorded first. Returns how many fields were purged.
   */
  public int purgeExpired(int limit) {
    Instant now = clock.instant();
    int purged = 0;
    for (ExpiredField f : store.expired(now, limit)) {
      log.append(new ProcessingEvent(now, f.customer(), EventType.VAULT_PURGE, "system/retention", null, null,
          f.purpose(), ERASE, List.of(f.category()), f.dataSubjectCategory(), null, f.record().toString(), null,
          List.of("RETENTION_EXPIRED"), null));
      if (store.deleteExpiredField(f)) {
        purged++;
      }
    }
    return purged;
  }

  private Decision decide(Principal actor, CustomerId customer, String purpose, String operation, List<String> categories,
      String subjectCategory, Instant collectedAt, EventType type, String subject, RecordId id, String requestId,
      Instant now) {
    DecisionRequest request = new DecisionRequest(customer, actor, purpose, operation, categories, subjectCategory,
        now, collectedAt, null, null, false);
    Decision d = decisions.decideAndRecord(request, type, subject, id == null ? null : id.toString(), requestId);
    if (!d.permitted()) {
      throw new ProcessingDenied(d);
    }
    return d;
  }

  private void allow(Principal actor, CustomerId customer) {
    AccessPolicy.require(actor, Action.USE_VAULT, customer);
    customers.visible(actor, customer);
  }

  private VaultRecord find(CustomerId customer, RecordId id) {
    return store.find(customer, id).orElseThrow(() -> new NotFound(ErrorCode.RECORD_NOT_FOUND, "No vault record " + id + "."));
  }

  private List<StoredField> select(VaultRecord record, Set<String> names) {
    if (names == null || names.isEmpty()) {
      return record.fields();
    }
    List<StoredField> selected = new ArrayList<>();
    for (String name : names) {
      selected.add(record.field(name).orElseThrow(() ->
          InvalidInput.field("fields", "UNKNOWN_FIELD", "The record has no field '" + name + "'.")));
    }
    return selected;
  }

  private StoredField seal(CustomerId customer, RecordId id, String name, NewField f, String purpose, Instant now,
      CompiledAgreement agreement) {
    SealedValue sealed = cipher.seal(customer, utf8(f.value()), aad(customer, id, name, f.category()));
    byte[] index = blindIndex.index(customer, name, ValueNormaliser.normalise(f.category(), f.value()));
    int days = agreement.retentionDays(purpose);
    Instant expires = now.plus(Duration.ofDays(Math.max(days, 0)));
    return new StoredField(name, f.category(), purpose, now, expires, sealed, index);
  }

  private Revealed reveal(VaultRecord record, String subjectId, List<StoredField> fields, Decision permit) {
    List<RevealedField> revealed = new ArrayList<>(fields.size());
    for (StoredField f : fields) {
      byte[] plain = cipher.open(record.customer(), f.value(), aad(record.customer(), record.id(), f.name(), f.category()));
      revealed.add(new RevealedField(f.name(), f.category(), f.purpose(), f.collectedAt(), f.expiresAt(),
          new String(plain, StandardCharsets.UTF_8)));
    }
    return new Revealed(record.id(), subjectId, record.dataSubjectCategory(), record.createdAt(), record.updatedAt(),
        revealed, permit);
  }

  private byte[] subjectIndex(CustomerId customer, String subjectId) {
    return blindIndex.subjectIndex(customer, subjectId);
  }

  /**
   * Opens the named fields of a record whose use was already decided and recorded (a marketing
   * audience, ISO 27701 8.2.3); fields the record lacks are left out.
   */
  public List<RevealedField> open(VaultRecord record, Set<String> names) {
    List<StoredField> fields = record.fields().stream().filter(f -> names.contains(f.name())).toList();
    return reveal(record, null, fields, null).fields();
  }

  /** Opens the record's subject identifier once; callers pseudonymise it for the record of processing. */
  public String subjectIdOf(VaultRecord record) {
    return new String(cipher.open(record.customer(), record.subject(),
        aad(record.customer(), record.id(), "subject", "subject")), StandardCharsets.UTF_8);
  }

  private static List<String> categories(List<StoredField> fields) {
    return fields.stream().map(StoredField::category).distinct().toList();
  }

  private static Instant earliest(List<StoredField> fields) {
    return fields.stream().map(StoredField::collectedAt).min(Instant::compareTo).orElse(null);
  }

  private static String purposeOf(NewField f, String recordPurpose) {
    return f.purpose() == null ? recordPurpose : f.purpose();
  }

  /** Binds a sealed value to its customer, record, field and category: moving it anywhere else fails. */
  static byte[] aad(CustomerId customer, RecordId id, String field, String category) {
    return (customer.value() + "\u0000" + id + "\u0000" + field + "\u0000" + category).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
