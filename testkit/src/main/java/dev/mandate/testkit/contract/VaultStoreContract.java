package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.T0;
import static dev.mandate.testkit.contract.Fixtures.at;
import static dev.mandate.testkit.contract.Fixtures.field;
import static dev.mandate.testkit.contract.Fixtures.index;
import static dev.mandate.testkit.contract.Fixtures.record;
import static dev.mandate.testkit.contract.Fixtures.sealed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.vault.ExpiredField;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.StoredField;
import dev.mandate.core.vault.VaultRecord;
import dev.mandate.core.vault.VaultStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VaultStore} must do: records read back byte for byte, stay inside their
 * customer, are replaced only if unchanged since read, and expired fields are purged one by one.
 */
public abstract class VaultStoreContract {
  protected static final CustomerId ACME = new CustomerId("acme");
  protected static final CustomerId GLOBEX = new CustomerId("globex");
  private static final String PAYROLL = "custom:MonthlyPayroll";
  private static final String SERVICE = "dpv:ServiceProvision";
  protected VaultStore store;

  protected abstract VaultStore newStore();

  /** Makes the customer exist, for backends that check it (a foreign key); nothing by default. */
  protected void customerExists(CustomerId customer) {}

  @BeforeEach
  void newStoreForEachTest() {
    store = newStore();
    customerExists(ACME);
    customerExists(GLOBEX);
  }

  protected static VaultRecord twoFieldRecord(CustomerId customer, String subject) {
    return record(customer, subject, List.of(
        field("email", "dpv-pd:EmailAddress", SERVICE, T0, T0.plus(Duration.ofDays(30)), subject),
        field("salary", "dpv-pd:Salary", PAYROLL, T0, T0.plus(Duration.ofDays(3650)), subject)));
  }

  @Test
  void aRecordReadsBackByteForByteWithItsFieldsInOrder() {
    VaultRecord record = record(ACME, "E-1001", List.of(
        field("zeta", "dpv-pd:Name", PAYROLL, T0, at(100), "1"),
        field("alpha", "dpv-pd:EmailAddress", SERVICE, at(5), at(50), "2"),
        field("mid", "dpv-pd:Salary", PAYROLL, at(7), at(70), "3")));

    store.insert(record);

    assertThat(store.find(ACME, record.id())).get().usingRecursiveComparison().isEqualTo(record);
  }

  @Test
  void aRecordIsInvisibleToOtherCustomers() {
    VaultRecord record = twoFieldRecord(ACME, "E-1001");
    store.insert(record);

    assertThat(store.find(GLOBEX, record.id())).isEmpty();
    assertThat(store.find(ACME, RecordId.random())).isEmpty();
    assertThat(store.delete(GLOBEX, record.id())).isFalse();
    assertThat(store.replace(withFields(record, GLOBEX, at(10), List.of()), record.updatedAt())).isFalse();
    assertThat(store.find(ACME, record.id())).isPresent();
  }

  @Test
  void replaceSucceedsOnlyIfTheRecordIsUnchangedSinceRead() {
    VaultRecord record = twoFieldRecord(ACME, "E-1001");
    store.insert(record);
    StoredField newEmail = field("email", "dpv-pd:EmailAddress", SERVICE, at(10), at(10 + 86_400), "new");
    StoredField phone = field("phone", "dpv-pd:TelephoneNumber", SERVICE, at(10), at(20), "p");
    VaultRecord updated = withFields(record, ACME, at(10), List.of(newEmail, phone));

    assertThat(store.replace(updated, record.updatedAt())).isTrue();
    assertThat(store.find(ACME, record.id())).get().usingRecursiveComparison().isEqualTo(updated);

    VaultRecord stale = withFields(record, ACME, at(11), List.of(field("email", "dpv-pd:EmailAddress", SERVICE,
        at(11), at(99), "stale")));
    assertThat(store.replace(stale, record.updatedAt())).as("based on the old copy").isFalse();
    assertThat(store.find(ACME, record.id())).get().usingRecursiveComparison().isEqualTo(updated);
    assertThat(store.findByField(ACME, "salary", index("salaryE-1001"), 10)).as("the removed field is gone").isEmpty();
  }

  @Test
  void deleteRemovesTheRecordAndItsFields() {
    VaultRecord record = twoFieldRecord(ACME, "E-1001");
    store.insert(record);

    assertThat(store.delete(ACME, record.id())).isTrue();
    assertThat(store.delete(ACME, record.id())).isFalse();

    assertThat(store.find(ACME, record.id())).isEmpty();
    assertThat(store.findByField(ACME, "email", index("emailE-1001"), 10)).isEmpty();
    assertThat(store.expired(T0.plus(Duration.ofDays(9999)), 10)).isEmpty();
  }

  @Test
  void recordsAreFoundByBlindIndexWithinOneCustomerAndField() {
    VaultRecord a = record(ACME, "E-1", List.of(field("email", "dpv-pd:EmailAddress", SERVICE, T0, at(9), "same")));
    VaultRecord b = record(ACME, "E-2", List.of(field("email", "dpv-pd:EmailAddress", SERVICE, T0, at(9), "same")));
    VaultRecord c = record(ACME, "E-3", List.of(field("email", "dpv-pd:EmailAddress", SERVICE, T0, at(9), "other")));
    VaultRecord otherCustomer =
        record(GLOBEX, "E-1", List.of(field("email", "dpv-pd:EmailAddress", SERVICE, T0, at(9), "same")));
    VaultRecord otherField = record(ACME, "E-4", List.of(new StoredField("backupEmail", "dpv-pd:EmailAddress",
        SERVICE, T0, at(9), sealed(1, "x"), index("emailsame"))));
    for (VaultRecord r : List.of(a, b, c, otherCustomer, otherField)) {
      store.insert(r);
    }

    assertThat(store.findByField(ACME, "email", index("emailsame"), 10)).containsExactlyInAnyOrder(a.id(), b.id());
    assertThat(store.findByField(ACME, "email", index("emailsame"), 1)).hasSize(1);
    assertThat(store.findByField(GLOBEX, "email", index("emailsame"), 10)).containsExactly(otherCustomer.id());
    assertThat(store.findByField(ACME, "email", index("nothing"), 10)).isEmpty();
  }

  @Test
  void recordsAreFoundBySubjectIndexWithinOneCustomer() {
    VaultRecord first = twoFieldRecord(ACME, "E-1001");
    VaultRecord second = twoFieldRecord(ACME, "E-1001");
    VaultRecord other = twoFieldRecord(ACME, "E-2002");
    VaultRecord otherCustomer = twoFieldRecord(GLOBEX, "E-1001");
    for (VaultRecord r : List.of(first, second, other, otherCustomer)) {
      store.insert(r);
    }

    assertThat(store.findBySubject(ACME, index("subject-E-1001"), 10)).containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(store.findBySubject(ACME, index("subject-E-1001"), 1)).hasSize(1);
    assertThat(store.findBySubject(GLOBEX, index("subject-E-1001"), 10)).containsExactly(otherCustomer.id());
    assertThat(store.findBySubject(ACME, index("subject-E-9"), 10)).isEmpty();
  }

  @Test
  void expiredFieldsComeOldestFirstWithWhatThePurgeRecords() {
    VaultRecord a = record(ACME, "E-1", List.of(
        field("email", "dpv-pd:EmailAddress", SERVICE, T0, at(30), "a"),
        field("salary", "dpv-pd:Salary", PAYROLL, T0, at(10), "a"),
        field("name", "dpv-pd:Name", PAYROLL, T0, at(1000), "a")));
    VaultRecord b = record(GLOBEX, "E-2", List.of(field("email", "dpv-pd:EmailAddress", SERVICE, T0, at(20), "b")));
    store.insert(a);
    store.insert(b);

    List<ExpiredField> expired = store.expired(at(100), 10);

    assertThat(expired).containsExactly(
        new ExpiredField(ACME, a.id(), "salary", "dpv-pd:Salary", PAYROLL, "dpv:Employee", at(10)),
        new ExpiredField(GLOBEX, b.id(), "email", "dpv-pd:EmailAddress", SERVICE, "dpv:Employee", at(20)),
        new ExpiredField(ACME, a.id(), "email", "dpv-pd:EmailAddress", SERVICE, "dpv:Employee", at(30)));
    assertThat(store.expired(at(100), 2)).containsExactlyElementsOf(expired.subList(0, 2));
    assertThat(store.expired(at(5), 10)).isEmpty();
  }

  @Test
  void purgingDeletesTheFieldAndTheRecordWithItsLastField() {
    VaultRecord record = record(ACME, "E-1", List.of(
        field("email", "dpv-pd:EmailAddress", SERVICE, T0, at(10), "a"),
        field("salary", "dpv-pd:Salary", PAYROLL, T0, at(20), "a")));
    store.insert(record);
    List<ExpiredField> expired = store.expired(at(100), 10);

    assertThat(store.deleteExpiredField(expired.get(0))).isTrue();
    assertThat(store.find(ACME, record.id()).orElseThrow().fields()).extracting(StoredField::name)
        .containsExactly("salary");
    assertThat(store.deleteExpiredField(expired.get(0))).as("already gone").isFalse();

    assertThat(store.deleteExpiredField(expired.get(1))).isTrue();
    assertThat(store.find(ACME, record.id())).as("no field left").isEmpty();
    assertThat(store.expired(at(100), 10)).isEmpty();
  }

  @Test
  void aFieldWhoseExpiryChangedIsNotPurged() {
    VaultRecord record = record(ACME, "E-1", List.of(
        field("email", "dpv-pd:EmailAddress", SERVICE, T0, at(10), "a"),
        field("salary", "dpv-pd:Salary", PAYROLL, T0, at(5000), "a")));
    store.insert(record);
    ExpiredField seen = store.expired(at(100), 10).getFirst();
    VaultRecord recollected = withFields(record, ACME, at(50), List.of(
        field("email", "dpv-pd:EmailAddress", SERVICE, at(50), at(5000), "again"),
        record.fields().get(1)));
    assertThat(store.replace(recollected, record.updatedAt())).isTrue();

    assertThat(store.deleteExpiredField(seen)).isFalse();

    assertThat(store.find(ACME, record.id())).get().usingRecursiveComparison().isEqualTo(recollected);
  }

  protected static VaultRecord withFields(VaultRecord r, CustomerId customer, Instant updatedAt, List<StoredField> fields) {
    return new VaultRecord(r.id(), customer, r.subjectIndex(), r.subject(), r.dataSubjectCategory(), r.createdAt(),
        updatedAt, fields);
  }
}
