package dev.mandate.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.agreement.CanonicalJson;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.CustomerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Agreement versions in PostgreSQL. The terms are stored as the JSON tree the API and the terms
 * hash use ({@link TermsDigest#tree}), so the stored JSON is exactly what was hashed. The schema
 * allows one open and one accepted version per customer, and a trigger keeps the terms of an
 * offered version from ever changing.
 */
public final class JdbcAgreementStore implements AgreementStore {
  private static final ObjectMapper JSON = new ObjectMapper()
      // ISO dates (2026-01-31), as TermsDigest.tree writes them
      .registerModule(new SimpleModule("mandate-terms").addDeserializer(LocalDate.class, new JsonTimes.LocalDates()));
  private static final String COLUMNS = """
      customer_id, version, state, terms, terms_hash, drafted_by, drafted_at, offered_by, offered_at,
      accepted_by, accepted_at, closed_by, closed_at, closing_note""";

  private final DataSource dataSource;

  public JdbcAgreementStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean insertDraft(AgreementVersion draft) {
    return Sql.transaction(dataSource, "agreement draft insert", c -> {
      // No conflict target: both the primary key and the one-open-version index make it false.
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO agreement_versions (customer_id, version, state, terms, terms_hash, drafted_by, drafted_at,
                                          offered_by, offered_at, accepted_by, accepted_at, closed_by, closed_at,
                                          closing_note)
          VALUES (?, ?, ?, CAST(? AS JSONB), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT DO NOTHING""")) {
        ps.setString(1, draft.customer().value());
        ps.setInt(2, draft.version());
        ps.setString(3, draft.state().name());
        ps.setString(4, json(draft.terms()));
        ps.setString(5, draft.termsHash());
        setStamp(ps, 6, draft.drafted());
        setStamp(ps, 8, draft.offered());
        setStamp(ps, 10, draft.accepted());
        setStamp(ps, 12, draft.closed());
        ps.setString(14, draft.closingNote());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean replaceDraftTerms(CustomerId customer, int version, AgreementTerms terms, String termsHash) {
    return Sql.transaction(dataSource, "agreement draft terms update", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE agreement_versions SET terms = CAST(? AS JSONB), terms_hash = ?
           WHERE customer_id = ? AND version = ? AND state = 'DRAFT'""")) {
        ps.setString(1, json(terms));
        ps.setString(2, termsHash);
        ps.setString(3, customer.value());
        ps.setInt(4, version);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean transition(AgreementVersion to, AgreementState from) {
    return Sql.transaction(dataSource, "agreement transition", c -> {
      if (to.state() == AgreementState.ACCEPTED && from != AgreementState.ACCEPTED) {
        supersedeInForce(c, to);
      }
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE agreement_versions
             SET state = ?, offered_by = ?, offered_at = ?, accepted_by = ?, accepted_at = ?,
                 closed_by = ?, closed_at = ?, closing_note = ?
           WHERE customer_id = ? AND version = ? AND state = ?""")) {
        ps.setString(1, to.state().name());
        setStamp(ps, 2, to.offered());
        setStamp(ps, 4, to.accepted());
        setStamp(ps, 6, to.closed());
        ps.setString(8, to.closingNote());
        ps.setString(9, to.customer().value());
        ps.setInt(10, to.version());
        ps.setString(11, from.name());
        if (ps.executeUpdate() != 1) {
          c.rollback(); // also undoes the supersede above
          return false;
        }
        return true;
      }
    });
  }

  /**
   * Closes the version in force as superseded, stamped with the acceptance that replaces it.
   * Runs first so the one-accepted-version index is never violated inside the transaction.
   */
  private static void supersedeInForce(Connection c, AgreementVersion accepting) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE agreement_versions SET state = 'SUPERSEDED', closed_by = ?, closed_at = ?
         WHERE customer_id = ? AND state = 'ACCEPTED' AND version <> ?""")) {
      setStamp(ps, 1, accepting.accepted());
      ps.setString(3, accepting.customer().value());
      ps.setInt(4, accepting.version());
      int superseded = ps.executeUpdate();
      if (superseded > 1) {
        throw new SQLException("more than one accepted agreement version", "MD003");
      }
    }
  }

  @Override
  public Optional<AgreementVersion> find(CustomerId customer, int version) {
    return Sql.read(dataSource, "agreement find", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM agreement_versions WHERE customer_id = ? AND version = ?")) {
        ps.setString(1, customer.value());
        ps.setInt(2, version);
        return one(ps);
      }
    });
  }

  @Override
  public List<AgreementVersion> versions(CustomerId customer) {
    return Sql.read(dataSource, "agreement versions", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM agreement_versions WHERE customer_id = ? ORDER BY version")) {
        ps.setString(1, customer.value());
        List<AgreementVersion> versions = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            versions.add(version(rs));
          }
        }
        return versions;
      }
    });
  }

  @Override
  public Optional<AgreementVersion> inForce(CustomerId customer) {
    return Sql.read(dataSource, "agreement in force", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM agreement_versions WHERE customer_id = ? AND state = 'ACCEPTED'")) {
        ps.setString(1, customer.value());
        return one(ps);
      }
    });
  }

  private static Optional<AgreementVersion> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(version(rs)) : Optional.empty();
    }
  }

  private static AgreementVersion version(ResultSet rs) throws SQLException {
    return new AgreementVersion(
        new CustomerId(rs.getString("customer_id")),
        rs.getInt("version"),
        AgreementState.valueOf(rs.getString("state")),
        terms(rs.getString("terms")),
        rs.getString("terms_hash"),
        stamp(rs, "drafted"),
        stamp(rs, "offered"),
        stamp(rs, "accepted"),
        stamp(rs, "closed"),
        rs.getString("closing_note"));
  }

  private static Stamp stamp(ResultSet rs, String prefix) throws SQLException {
    String actor = rs.getString(prefix + "_by");
    var at = Sql.instant(rs, prefix + "_at");
    return actor == null && at == null ? null : new Stamp(actor, at);
  }

  private static void setStamp(PreparedStatement ps, int index, Stamp stamp) throws SQLException {
    ps.setString(index, stamp == null ? null : stamp.actor());
    ps.setObject(index + 1, stamp == null ? null : Sql.timestamp(stamp.at()));
  }

  /** The terms as JSON: the same tree {@link TermsDigest} hashes, written canonically. */
  static String json(AgreementTerms terms) {
    return CanonicalJson.write(TermsDigest.tree(terms));
  }

  static AgreementTerms terms(String json) {
    try {
      return JSON.readValue(json, AgreementTerms.class);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the stored text; it is not passed on.
      throw new IllegalStateException("agreement_versions.terms could not be read as agreement terms");
    }
  }
}
