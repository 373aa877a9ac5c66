package dev.mandate.storage.jdbc;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.marketing.AudienceMember;
import dev.mandate.core.marketing.AudienceStore;
import dev.mandate.core.vault.RecordId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Audiences from PostgreSQL: one statement per page. It walks the customer's vault records in id
 * order ({@code vault_records_by_customer_id}, from the cursor on), probes each record's person in
 * {@code consent_current} by (customer, subject index, purpose) through the partial index of valid
 * consents ({@code consent_current_valid}, index-only), stops at {@code limit} matches, and joins
 * the fields of just those records (a {@code LATERAL} subquery, so that each is an index probe: left
 * to itself, the planner may hash the whole {@code vault_fields} table for one page). Nothing is
 * decrypted and no other customer's row is read. The cost of a page grows with the records walked
 * (limit divided by the share of people who consented), not with the size of the table.
 *
 * <p>One statement, so the page's records and fields come from one snapshot (a record replaced
 * or deleted meanwhile is either wholly before or wholly after). It runs in a transaction only to
 * switch parallel query off for it ({@code SET LOCAL}), which leaves the pooled connection as it was.
 */
public final class JdbcAudienceStore implements AudienceStore {
  private final DataSource dataSource;

  public JdbcAudienceStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public List<AudienceMember> page(CustomerId customer, String purpose, String fallbackPurpose, Instant at,
      String dataSubjectCategory, RecordId after, int limit) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(at, "at");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    List<Object> parameters = new ArrayList<>();
    String sql = sql(customer, purpose, fallbackPurpose, at, dataSubjectCategory, after, limit, parameters);
    return Sql.transaction(dataSource, "audience page", c -> {
      try (Statement s = c.createStatement()) {
        // A page is a walk of a few thousand index entries. Parallel workers would be started for
        // every page, and starting them costs more than they save (measured: docs/performance.md).
        s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < parameters.size(); i++) {
          ps.setObject(i + 1, parameters.get(i));
        }
        List<AudienceMember> members = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          JdbcVaultStore.RecordRows rows = new JdbcVaultStore.RecordRows(rs, customer);
          while (rows.hasNext()) {
            String subject = rs.getString("consent_subject");
            UUID event = rs.getObject("consent_event", UUID.class);
            long logIndex = rs.getLong("consent_log_index");
            members.add(new AudienceMember(rows.next(), subject, event, logIndex));
          }
        }
        return members;
      }
    });
  }

  /**
   * The page's statement, its parameters added to {@code parameters} in order.
   *
   * <p>With a fallback purpose, the person's row for the purpose is looked up whatever its status
   * (through the primary key), and the fallback's valid row counts only where there is none.
   */
  static String sql(CustomerId customer, String purpose, String fallbackPurpose, Instant at, String dataSubjectCategory,
      RecordId after, int limit, List<Object> parameters) {
    String consent;
    String join;
    String valid = "";
    if (fallbackPurpose == null) {
      consent = "c.subject AS consent_subject, c.event_id AS consent_event, c.log_index AS consent_log_index";
      join = """
                  JOIN consent_current c
                    ON c.customer_id = r.customer_id AND c.subject_index = r.subject_index AND c.purpose = ?
                       AND c.status = 'VALID' AND (c.valid_until IS NULL OR c.valid_until > ?)""";
      parameters.add(purpose);
      parameters.add(Sql.timestamp(at));
    } else {
      consent = """
          CASE WHEN c.customer_id IS NULL THEN d.subject ELSE c.subject END AS consent_subject,
                         CASE WHEN c.customer_id IS NULL THEN d.event_id ELSE c.event_id END AS consent_event,
                         CASE WHEN c.customer_id IS NULL THEN d.log_index ELSE c.log_index END AS consent_log_index""";
      join = """
                  LEFT JOIN consent_current c
                    ON c.customer_id = r.customer_id AND c.subject_index = r.subject_index AND c.purpose = ?
                  LEFT JOIN consent_current d
                    ON c.customer_id IS NULL
                       AND d.customer_id = r.customer_id AND d.subject_index = r.subject_index AND d.purpose = ?
                       AND d.status = 'VALID' AND (d.valid_until IS NULL OR d.valid_until > ?)""";
      valid = "\n               AND (c.status = 'VALID' AND (c.valid_until IS NULL OR c.valid_until > ?)"
          + " OR d.customer_id IS NOT NULL)";
      parameters.add(purpose);
      parameters.add(fallbackPurpose);
      parameters.add(Sql.timestamp(at));
    }
    parameters.add(customer.value());
    if (after != null) {
      parameters.add(after.value());
    }
    if (dataSubjectCategory != null) {
      parameters.add(dataSubjectCategory);
    }
    if (fallbackPurpose != null) {
      parameters.add(Sql.timestamp(at));
    }
    parameters.add(limit);
    return """
        WITH page AS (
            SELECT r.id, r.subject_index, r.subject_key_version, r.subject_ciphertext, r.data_subject_category,
                   r.created_at, r.updated_at,
                   %s
              FROM vault_records r
        %s
             WHERE r.customer_id = ?%s%s%s
             ORDER BY r.id
             LIMIT ?)
        SELECT %s, r.consent_subject, r.consent_event, r.consent_log_index,
               %s
          FROM page r
          LEFT JOIN LATERAL (SELECT * FROM vault_fields WHERE record_id = r.id ORDER BY position) f ON true
         ORDER BY r.id, f.position""".formatted(consent, join, after != null ? " AND r.id > ?" : "",
        dataSubjectCategory != null ? " AND r.data_subject_category = ?" : "", valid, JdbcVaultStore.RECORD_COLUMNS,
        JdbcVaultStore.FIELD_COLUMNS);
  }
}
