package dev.mandate.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.consent.ConsentChange;
import dev.mandate.core.consent.ConsentEvent;
import dev.mandate.core.consent.ConsentEventStore;
import dev.mandate.core.consent.ConsentHistory;
import dev.mandate.core.consent.ConsentSource;
import dev.mandate.core.consent.ConsentVerdict;
import dev.mandate.core.consent.Notice;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The consent ledger in PostgreSQL (V4): {@code consent_submissions} (one row per submission, the
 * guard against recording one twice), {@code consent_events} (append-only, enforced by triggers)
 * and {@code consent_current} (the current verdict per person and purpose, for audiences).
 *
 * <p>An append is one transaction: the submission row first (a unique violation means the
 * submission was recorded before: {@code DUPLICATE_SUBMISSION}, and nothing is written), then a
 * transaction-scoped advisory lock on the person, so that appends for one person run one after
 * the other, then the events, then for each purpose touched the verdict from the person's full
 * history for it (read after the lock, so it includes every earlier append) into
 * {@code consent_current}.
 */
public final class JdbcConsentEventStore implements ConsentEventStore {
  /** First key of the two-key advisory locks on a person ("MNDC"); the second is a hash of customer and subject. */
  static final int PERSON_LOCK_SPACE = 0x4D4E_4443;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> EVIDENCE = new TypeReference<>() {};
  private static final String COLUMNS = "id, customer_id, subject, subject_index, purpose, change, source, expressed_at,"
      + " recorded_at, valid_until, notice_version, notice_sha256, notice_language, condition_of_service, jurisdiction,"
      + " evidence::text AS evidence, submission_id, actor, log_index";
  /** The ledger order ({@link ConsentHistory#ORDER}), then the order of insertion. */
  private static final String LEDGER_ORDER = "ORDER BY expressed_at, recorded_at, log_index, seq";

  private final DataSource dataSource;

  public JdbcConsentEventStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void append(List<ConsentEvent> events) {
    ConsentEvent first = checkOneSubmission(events);
    Sql.transaction(dataSource, "consent append", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO consent_submissions (customer_id, submission_id, recorded_at) VALUES (?, ?, ?)")) {
        ps.setString(1, first.customer().value());
        ps.setString(2, first.submissionId());
        ps.setObject(3, Sql.timestamp(events.stream().map(ConsentEvent::recordedAt).max(Instant::compareTo)
            .orElseThrow()));
        ps.executeUpdate();
      } catch (SQLException e) {
        if (Sql.isUniqueViolation(e)) {
          throw duplicate(first.submissionId()); // Sql.transaction rolls back
        }
        throw e;
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
        ps.setInt(1, PERSON_LOCK_SPACE);
        ps.setInt(2, personLock(first.customer(), first.subject()));
        ps.execute();
      }
      insertEvents(c, events);
      List<String> purposes = ConsentHistory.purposes(events);
      List<ConsentEvent> history = select(c, first.customer(), first.subject(), purposes);
      upsertVerdicts(c, first, purposes, history);
      return null;
    });
  }

  @Override
  public boolean hasSubmission(CustomerId customer, String submissionId) {
    return Sql.read(dataSource, "consent submission lookup", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT 1 FROM consent_submissions WHERE customer_id = ? AND submission_id = ?")) {
        ps.setString(1, customer.value());
        ps.setString(2, submissionId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public List<ConsentEvent> history(CustomerId customer, String subject) {
    return Sql.read(dataSource, "consent history", c -> select(c, customer, subject, null));
  }

  @Override
  public List<ConsentEvent> events(CustomerId customer, String subject, List<String> purposes) {
    if (purposes.isEmpty()) {
      return List.of();
    }
    return Sql.read(dataSource, "consent events", c -> select(c, customer, subject, purposes));
  }

  /**
   * Checks that the events are one non-empty submission of one person: same customer, subject,
   * subject index and submission id. Returns the first.
   */
  static ConsentEvent checkOneSubmission(List<ConsentEvent> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a consent submission has at least one event");
    }
    ConsentEvent first = events.getFirst();
    byte[] subjectIndex = first.subjectIndex();
    for (ConsentEvent e : events) {
      Objects.requireNonNull(e.submissionId(), "submissionId");
      Objects.requireNonNull(e.actor(), "actor");
      if (!e.customer().equals(first.customer()) || !e.subject().equals(first.subject())
          || !Arrays.equals(e.subjectIndex(), subjectIndex) || !e.submissionId().equals(first.submissionId())) {
        throw new IllegalArgumentException(
            "the events of one append must share customer, subject, subject index and submission id");
      }
    }
    return first;
  }

  static Conflict duplicate(String submissionId) {
    return new Conflict(ErrorCode.DUPLICATE_SUBMISSION,
        "Submission '" + submissionId + "' was recorded before; nothing was changed.");
  }

  /** 32 bits of SHA-256 over customer and subject: appends for one person take the same lock. */
  static int personLock(CustomerId customer, String subject) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(customer.value().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      byte[] d = sha.digest(subject.getBytes(StandardCharsets.UTF_8));
      return ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void insertEvents(Connection c, List<ConsentEvent> events) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO consent_events (id, customer_id, subject, subject_index, purpose, change, source, expressed_at,
                                    recorded_at, valid_until, notice_version, notice_sha256, notice_language,
                                    condition_of_service, jurisdiction, evidence, submission_id, actor, log_index)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?, ?, ?)""")) {
      for (ConsentEvent e : events) {
        Notice notice = e.notice();
        ps.setObject(1, e.id());
        ps.setString(2, e.customer().value());
        ps.setString(3, e.subject());
        ps.setBytes(4, e.subjectIndex());
        ps.setString(5, e.purpose());
        ps.setString(6, e.change().code());
        ps.setString(7, e.source().code());
        ps.setObject(8, Sql.timestamp(e.expressedAt()));
        ps.setObject(9, Sql.timestamp(e.recordedAt()));
        ps.setObject(10, Sql.timestamp(e.validUntil()));
        ps.setString(11, notice == null ? null : notice.version());
        ps.setString(12, notice == null ? null : notice.textSha256());
        ps.setString(13, notice == null ? null : notice.language());
        ps.setBoolean(14, e.conditionOfService());
        ps.setString(15, e.jurisdiction());
        ps.setString(16, json(e.evidence()));
        ps.setString(17, e.submissionId());
        ps.setString(18, e.actor());
        ps.setLong(19, e.logIndex());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Recomputes the verdict of each purpose from the person's events for it, at the latest time
   * one of them was recorded, and stores it (a verdict of NONE removes the row: never stored).
   */
  private static void upsertVerdicts(Connection c, ConsentEvent person, List<String> purposes,
      List<ConsentEvent> history) throws SQLException {
    Map<String, List<ConsentEvent>> byPurpose = new LinkedHashMap<>();
    for (String p : purposes) {
      byPurpose.put(p, new ArrayList<>());
    }
    for (ConsentEvent e : history) {
      byPurpose.get(e.purpose()).add(e);
    }
    try (PreparedStatement upsert = c.prepareStatement("""
            INSERT INTO consent_current (customer_id, subject_index, purpose, subject, status, event_id, log_index,
                                         since, valid_until, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (customer_id, subject_index, purpose) DO UPDATE
               SET subject = EXCLUDED.subject, status = EXCLUDED.status, event_id = EXCLUDED.event_id,
                   log_index = EXCLUDED.log_index, since = EXCLUDED.since, valid_until = EXCLUDED.valid_until,
                   updated_at = EXCLUDED.updated_at""");
        PreparedStatement delete = c.prepareStatement(
            "DELETE FROM consent_current WHERE customer_id = ? AND subject_index = ? AND purpose = ?")) {
      boolean upserts = false;
      boolean deletes = false;
      for (Map.Entry<String, List<ConsentEvent>> entry : byPurpose.entrySet()) {
        String purpose = entry.getKey();
        List<ConsentEvent> events = entry.getValue();
        Instant at = events.stream().map(ConsentEvent::recordedAt).max(Instant::compareTo).orElseThrow();
        ConsentVerdict verdict = ConsentHistory.verdict(events, purpose, at);
        if (verdict.status() == ConsentVerdict.Status.NONE) {
          delete.setString(1, person.customer().value());
          delete.setBytes(2, person.subjectIndex());
          delete.setString(3, purpose);
          delete.addBatch();
          deletes = true;
          continue;
        }
        upsert.setString(1, person.customer().value());
        upsert.setBytes(2, person.subjectIndex());
        upsert.setString(3, purpose);
        upsert.setString(4, person.subject());
        upsert.setString(5, verdict.status().name());
        upsert.setObject(6, verdict.event());
        upsert.setLong(7, verdict.logIndex());
        upsert.setObject(8, Sql.timestamp(verdict.since()));
        upsert.setObject(9, Sql.timestamp(verdict.validUntil()));
        upsert.setObject(10, Sql.timestamp(at));
        upsert.addBatch();
        upserts = true;
      }
      if (upserts) {
        upsert.executeBatch();
      }
      if (deletes) {
        delete.executeBatch();
      }
    }
  }

  /** The person's events, all of them ({@code purposes} null) or for some purposes, in ledger order. */
  private static List<ConsentEvent> select(Connection c, CustomerId customer, String subject, List<String> purposes)
      throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM consent_events WHERE customer_id = ? AND subject = ?"
        + (purposes == null ? "" : " AND purpose = ANY (?)") + " " + LEDGER_ORDER;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, customer.value());
      ps.setString(2, subject);
      if (purposes != null) {
        ps.setArray(3, c.createArrayOf("text", purposes.toArray()));
      }
      List<ConsentEvent> events = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          events.add(event(rs));
        }
      }
      return events;
    }
  }

  private static ConsentEvent event(ResultSet rs) throws SQLException {
    String noticeVersion = rs.getString("notice_version");
    String noticeSha = rs.getString("notice_sha256");
    String noticeLanguage = rs.getString("notice_language");
    Notice notice = noticeVersion == null && noticeSha == null && noticeLanguage == null
        ? null : new Notice(noticeVersion, noticeSha, noticeLanguage);
    String change = rs.getString("change");
    String source = rs.getString("source");
    return new ConsentEvent(
        rs.getObject("id", UUID.class),
        new CustomerId(rs.getString("customer_id")),
        rs.getString("subject"),
        rs.getBytes("subject_index"),
        rs.getString("purpose"),
        ConsentChange.fromCode(change).orElseThrow(() -> new IllegalStateException("unknown consent change " + change)),
        ConsentSource.fromCode(source).orElseThrow(() -> new IllegalStateException("unknown consent source " + source)),
        Sql.instant(rs, "expressed_at"),
        Sql.instant(rs, "recorded_at"),
        Sql.instant(rs, "valid_until"),
        notice,
        rs.getBoolean("condition_of_service"),
        rs.getString("jurisdiction"),
        evidence(rs.getString("evidence")),
        rs.getString("submission_id"),
        rs.getString("actor"),
        rs.getLong("log_index"));
  }

  private static String json(Map<String, String> evidence) {
    try {
      return JSON.writeValueAsString(evidence);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("consent evidence could not be written as JSON");
    }
  }

  private static Map<String, String> evidence(String json) {
    try {
      return JSON.readValue(json, EVIDENCE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("consent evidence in the database is not a JSON object of strings");
    }
  }
}
