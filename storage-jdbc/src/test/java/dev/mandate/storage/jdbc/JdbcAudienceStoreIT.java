package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.ConsentEventStoreContract.ADS;
import static dev.mandate.testkit.contract.ConsentEventStoreContract.MARKETING;
import static dev.mandate.testkit.contract.ConsentEventStoreContract.event;
import static dev.mandate.testkit.contract.ConsentEventStoreContract.pseudonym;
import static dev.mandate.testkit.contract.ConsentEventStoreContract.submission;
import static dev.mandate.testkit.contract.Fixtures.at;
import static dev.mandate.testkit.contract.Fixtures.customer;
import static dev.mandate.testkit.contract.Fixtures.index;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.consent.ConsentChange;
import dev.mandate.core.consent.ConsentEvent;
import dev.mandate.core.consent.ConsentHistory;
import dev.mandate.core.consent.ConsentSource;
import dev.mandate.core.consent.ConsentVerdict;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import dev.mandate.testkit.contract.AudienceStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcAudienceStoreIT extends AudienceStoreContract {
  private PostgresDatabase database;

  @Override
  protected Stores newStores() {
    database = TestDatabases.fresh();
    return new Stores(new JdbcConsentEventStore(database.dataSource()), new JdbcVaultStore(database.dataSource()),
        new JdbcAudienceStore(database.dataSource()));
  }

  @Override
  protected void customerExists(CustomerId customer) {
    new JdbcCustomerStore(database.dataSource()).insert(customer(customer.value()));
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  /** 8 threads append for one person at once; consent_current ends equal to the verdict of the whole history. */
  @Test
  void afterConcurrentAppendsTheStoredVerdictIsThatOfTheWholeHistory() throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Random random = new Random(100 + t);
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 15; i++) {
            long expressed = random.nextInt(10_000);
            ConsentChange[] changes = ConsentChange.values();
            ConsentSource[] sources = ConsentSource.values();
            consents.append(submission(
                event(ACME, "P1", MARKETING).change(changes[random.nextInt(changes.length)])
                    .source(sources[random.nextInt(sources.length)]).conditionOfService(random.nextInt(5) == 0)
                    .expressedAt(at(expressed)).recordedAt(at(expressed + random.nextInt(5_000)))
                    .validUntil(random.nextBoolean() ? null : at(expressed + 20_000)),
                event(ACME, "P1", ADS).change(random.nextBoolean() ? ConsentChange.GRANTED : ConsentChange.REFUSED)
                    .expressedAt(at(expressed)).recordedAt(at(expressed + 1))));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<ConsentEvent> history = consents.history(ACME, pseudonym("P1"));
    assertThat(history).hasSize(threads * 15 * 2);
    for (String purpose : List.of(MARKETING, ADS)) {
      List<ConsentEvent> forPurpose = history.stream().filter(e -> e.purpose().equals(purpose)).toList();
      Instant latest = forPurpose.stream().map(ConsentEvent::recordedAt).max(Instant::compareTo).orElseThrow();
      ConsentVerdict verdict = ConsentHistory.verdict(forPurpose, purpose, latest);
      assertThat(current(purpose)).as(purpose).containsExactly(verdict.status().name(), verdict.event().toString(),
          verdict.logIndex().toString(), verdict.since().toString(), String.valueOf(verdict.validUntil()),
          latest.toString(), pseudonym("P1"));
    }
  }

  /** The page query walks the customer's records by index and probes the valid consents by index. */
  @Test
  void thePageQueryIsIndexDriven() throws Exception {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
      // 20,000 records of two customers with a field each, a third of the people with a valid consent, straight into the tables
      s.execute("""
          INSERT INTO vault_records (id, customer_id, subject_index, subject_key_version, subject_ciphertext,
                                     data_subject_category, created_at, updated_at)
          SELECT gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'acme' ELSE 'globex' END, int4send(i), 1, '\\x00',
                 'dpv:Customer', now(), now()
            FROM generate_series(1, 20000) i""");
      s.execute("""
          INSERT INTO vault_fields (record_id, customer_id, name, position, category, purpose, collected_at, expires_at,
                                    key_version, ciphertext, blind_index)
          SELECT id, customer_id, 'email', 0, 'dpv-pd:EmailAddress', 'dpv:DirectMarketing', now(), now(), 1, '\\x00',
                 '\\x00'
            FROM vault_records""");
      s.execute("""
          INSERT INTO consent_submissions SELECT customer_id, 'bulk', now() FROM vault_records GROUP BY customer_id""");
      s.execute("""
          INSERT INTO consent_events (id, customer_id, subject, subject_index, purpose, change, source, expressed_at,
                                      recorded_at, condition_of_service, submission_id, actor, log_index)
          SELECT gen_random_uuid(), customer_id, 'psn', subject_index, 'dpv:DirectMarketing', 'granted',
                 'data-subject-form', now(), now(), false, 'bulk', 'bulk', 0
            FROM vault_records""");
      s.execute("""
          INSERT INTO consent_current (customer_id, subject_index, purpose, subject, status, event_id, log_index, since,
                                       updated_at)
          SELECT customer_id, subject_index, purpose, subject,
                 CASE WHEN get_byte(subject_index, 3) % 3 = 0 THEN 'VALID' ELSE 'WITHDRAWN' END, id, 0, now(), now()
            FROM consent_events""");
      s.execute("VACUUM ANALYZE");
    }
    List<Object> parameters = new ArrayList<>();
    String sql = JdbcAudienceStore.sql(ACME, MARKETING, null, at(0), null,
        new dev.mandate.core.vault.RecordId(UUID.fromString("40000000-0000-0000-0000-000000000000")), 100, parameters);
    StringBuilder plan = new StringBuilder();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL max_parallel_workers_per_gather = 0"); // as page() runs it
      }
      for (int i = 0; i < parameters.size(); i++) {
        ps.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      c.rollback();
    }

    assertThat(plan.toString()).contains("vault_records_by_customer_id", "consent_current_valid")
        .doesNotContain("Seq Scan");
    assertThat(audience.page(ACME, MARKETING, null, at(0), null, null, 100_000)).hasSize(expectedValid())
        .allSatisfy(m -> assertThat(m.record().customer()).isEqualTo(ACME));
  }

  private int expectedValid() throws Exception {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM consent_current WHERE customer_id = 'acme' AND status = 'VALID'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private List<String> current(String purpose) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("""
            SELECT status, event_id, log_index, since, valid_until, updated_at, subject FROM consent_current
             WHERE customer_id = 'acme' AND subject_index = ? AND purpose = ?""")) {
      ps.setBytes(1, index("subject-P1"));
      ps.setString(2, purpose);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        List<String> row = List.of(rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3)),
            String.valueOf(Sql.instant(rs, "since")), String.valueOf(Sql.instant(rs, "valid_until")),
            String.valueOf(Sql.instant(rs, "updated_at")), rs.getString(7));
        assertThat(rs.next()).isFalse();
        return row;
      }
    }
  }
}
