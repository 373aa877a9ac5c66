package dev.mandate.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.processinglog.RecordedEvent;
import dev.mandate.core.processinglog.SignedCheckpoint;
import dev.mandate.core.processinglog.SigningKey;
import dev.mandate.logverify.BundleVerifier;
import dev.mandate.logverify.NoteVerifier;
import dev.mandate.storage.jdbc.database.DatabaseConfig;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V3 carries the foundation's interim {@code processing_records} rows into the
 * per-customer Merkle log, in their original order, chained and hashed as the writer does it,
 * and drops the interim table.
 */
class CarryOverMigrationIT {
  @Test
  void interimRecordsBecomeEachCustomersVerifiableLog() throws Exception {
    DatabaseConfig config = TestDatabases.freshConfig();
    Flyway.configure().dataSource(config.url(), config.user(), config.password())
        .locations(PostgresDatabase.PRODUCTION_MIGRATIONS).target("1").load().migrate();
    try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password());
        PreparedStatement ps = c.prepareStatement("INSERT INTO processing_records (customer_id, recorded_at, type,"
            + " effect, event) VALUES (?, ?::timestamptz, ?, ?, ?::jsonb)")) {
      for (int i = 0; i < 7; i++) {
        String customer = i % 3 == 0 ? "globex" : "acme";
        String time = "2026-11-2" + (i % 9) + "T10:00:00.123456Z";
        ps.setString(1, customer);
        ps.setString(2, time);
        ps.setString(3, i == 0 ? "CUSTOMER_CREATED" : "DECISION");
        ps.setString(4, i == 0 ? null : i % 2 == 0 ? "DENY" : "PERMIT");
        ps.setString(5, """
            {"time":"%s","customer":"%s","type":"%s","actor":"key_x/admin","agreementVersion":%s,"termsHash":null,
             "purpose":%s,"operation":null,"dataCategories":%s,"dataSubjectCategory":null,"subject":null,
             "recordRef":null,"effect":%s,"reasons":[],"requestId":"r%d"}"""
            .formatted(time, customer, i == 0 ? "CUSTOMER_CREATED" : "DECISION", i == 0 ? "null" : "1",
                i == 0 ? "null" : "\"dpv:ServiceProvision\"", i == 0 ? "[]" : "[\"pd:Name\"]",
                i == 0 ? "null" : i % 2 == 0 ? "\"DENY\"" : "\"PERMIT\"", i));
        ps.executeUpdate();
      }
    }

    try (PostgresDatabase database = new PostgresDatabase(config);
        JdbcProcessingLog writer = new JdbcProcessingLog(database.dataSource());
        JdbcVerifiableLog log = new JdbcVerifiableLog(database.dataSource(), new TestMasterKeys(), Clock.systemUTC(),
            JdbcVerifiableLog.Options.DEFAULT)) {
      List<RecordedEvent> acme = writer.read(new CustomerId("acme"), 0, 100, null);
      List<RecordedEvent> globex = writer.read(new CustomerId("globex"), 0, 100, null);
      assertThat(acme).extracting(e -> e.event().requestId()).containsExactly("r1", "r2", "r4", "r5");
      assertThat(acme).extracting(RecordedEvent::index).containsExactly(0L, 1L, 2L, 3L);
      assertThat(globex).extracting(e -> e.event().requestId()).containsExactly("r0", "r3", "r6");
      assertThat(acme.get(0).event().time()).hasToString("2026-11-21T10:00:00.123456Z");

      // the writer continues the carried-over chain
      assertThat(writer.append(JdbcVerifiableLogIT.event(new CustomerId("acme"), "after"))).isEqualTo(4);
      SignedCheckpoint checkpoint = log.checkpointNow(new CustomerId("acme"));
      assertThat(checkpoint.size()).isEqualTo(5);
      ByteArrayOutputStream bundle = new ByteArrayOutputStream();
      log.writeBundle(new CustomerId("acme"), 0, 5, null, bundle);
      List<NoteVerifier> keys = new ArrayList<>();
      for (SigningKey k : log.signingKeys()) {
        keys.add(NoteVerifier.fromVkey(k.vkey()));
      }
      BundleVerifier.Report report = BundleVerifier.verify(new ByteArrayInputStream(bundle.toByteArray()),
          new BundleVerifier.Options(keys, null, true));
      assertThat(report.ok()).as(report.message()).isTrue();

      try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeQuery("SELECT 1 FROM processing_records")).isInstanceOf(SQLException.class);
      }
    }
  }
}
