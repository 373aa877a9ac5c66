package dev.mandate.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionFields;
import dev.mandate.core.instruction.InstructionId;
import dev.mandate.core.instruction.InstructionState;
import dev.mandate.core.instruction.InstructionStore;
import dev.mandate.core.notice.OutgoingNotice;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Customer instructions in PostgreSQL (V6, {@code instructions}). Fields, analysis and
 * responses are JSON of the core records. A new version and its notices, or a state change and
 * its notices, commit in one transaction with the notice outbox (V5).
 */
public final class JdbcInstructionStore implements InstructionStore {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .registerModule(JsonTimes.module("mandate-instructions"));
  private static final String COLUMNS = """
      customer_id, id, version, state, standing, agreement_version, text, fields, given_by, submitted_by,
      submitted_at, outcome, analysis, customer_response, officer_decision, updated_at""";

  private final DataSource dataSource;

  public JdbcInstructionStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean insert(Instruction i, List<OutgoingNotice> notices) {
    return Sql.transaction(dataSource, "instruction insert", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO instructions (" + COLUMNS + ") VALUES"
          + " (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)"
          + " ON CONFLICT (customer_id, id, version) DO NOTHING")) {
        ps.setString(1, i.customer().value());
        ps.setString(2, i.id().value());
        ps.setInt(3, i.version());
        ps.setString(4, i.state().name());
        ps.setBoolean(5, i.standing());
        ps.setInt(6, i.agreementVersion());
        ps.setString(7, i.text());
        ps.setString(8, json(i.fields()));
        ps.setString(9, json(i.givenBy()));
        ps.setString(10, i.submittedBy());
        ps.setObject(11, Sql.timestamp(i.submittedAt()));
        ps.setString(12, i.analysis().outcome().name());
        ps.setString(13, json(i.analysis()));
        setJson(ps, 14, i.customerResponse());
        setJson(ps, 15, i.officerDecision());
        ps.setObject(16, Sql.timestamp(i.updatedAt()));
        if (ps.executeUpdate() == 0) {
          c.rollback();
          return false;
        }
      }
      JdbcNoticeOutbox.insert(c, notices);
      return true;
    });
  }

  @Override
  public boolean transition(Instruction to, InstructionState from, List<OutgoingNotice> notices) {
    return Sql.transaction(dataSource, "instruction transition", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE instructions SET state = ?, customer_response = ?::jsonb,"
          + " officer_decision = ?::jsonb, updated_at = ? WHERE customer_id = ? AND id = ? AND version = ? AND state = ?")) {
        ps.setString(1, to.state().name());
        setJson(ps, 2, to.customerResponse());
        setJson(ps, 3, to.officerDecision());
        ps.setObject(4, Sql.timestamp(to.updatedAt()));
        ps.setString(5, to.customer().value());
        ps.setString(6, to.id().value());
        ps.setInt(7, to.version());
        ps.setString(8, from.name());
        if (ps.executeUpdate() == 0) {
          c.rollback();
          return false;
        }
      }
      JdbcNoticeOutbox.insert(c, notices);
      return true;
    });
  }

  @Override
  public Optional<Instruction> find(CustomerId customer, InstructionId id, int version) {
    return query("instruction find", "SELECT " + COLUMNS + " FROM instructions WHERE customer_id = ? AND id = ? AND version = ?",
        ps -> {
          ps.setString(1, customer.value());
          ps.setString(2, id.value());
          ps.setInt(3, version);
        }).stream().findFirst();
  }

  @Override
  public List<Instruction> versions(CustomerId customer, InstructionId id) {
    return query("instruction versions", "SELECT " + COLUMNS + " FROM instructions WHERE customer_id = ? AND id = ?"
        + " ORDER BY version", ps -> {
          ps.setString(1, customer.value());
          ps.setString(2, id.value());
        });
  }

  @Override
  public List<Instruction> latest(CustomerId customer, InstructionState state, int limit) {
    return query("instruction list", "SELECT " + COLUMNS + " FROM (SELECT DISTINCT ON (id) " + COLUMNS
        + " FROM instructions WHERE customer_id = ? ORDER BY id, version DESC) latest"
        + " WHERE (?::text IS NULL OR state = ?) ORDER BY submitted_at DESC, id LIMIT ?", ps -> {
          ps.setString(1, customer.value());
          ps.setString(2, state == null ? null : state.name());
          ps.setString(3, state == null ? null : state.name());
          ps.setInt(4, limit);
        });
  }

  @Override
  public List<Instruction> onHold(int limit) {
    return query("instructions on hold", "SELECT " + COLUMNS + " FROM instructions"
        + " WHERE state IN ('HELD', 'CONFIRMED_BY_CUSTOMER') ORDER BY submitted_at, customer_id, id LIMIT ?",
        ps -> ps.setInt(1, limit));
  }

  @Override
  public List<Instruction> current(CustomerId customer) {
    return query("instructions current", "SELECT " + COLUMNS + " FROM instructions WHERE customer_id = ?"
        + " AND (state IN ('CLEARED', 'APPLIED', 'HELD', 'CONFIRMED_BY_CUSTOMER') OR (standing AND state = 'REFUSED'))"
        + " ORDER BY id, version", ps ->
        ps.setString(1, customer.value()));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<Instruction> query(String operation, String sql, Binder binder) {
    return Sql.read(dataSource, operation, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        binder.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          List<Instruction> out = new ArrayList<>();
          while (rs.next()) {
            out.add(row(rs));
          }
          return out;
        }
      }
    });
  }

  private static Instruction row(ResultSet rs) throws SQLException {
    return new Instruction(new CustomerId(rs.getString("customer_id")), new InstructionId(rs.getString("id")),
        rs.getInt("version"), InstructionState.valueOf(rs.getString("state")), rs.getBoolean("standing"),
        rs.getInt("agreement_version"), rs.getString("text"), read(rs, "fields", InstructionFields.class),
        read(rs, "given_by", Instruction.GivenBy.class), rs.getString("submitted_by"), Sql.instant(rs, "submitted_at"),
        read(rs, "analysis", Analysis.class), read(rs, "customer_response", Instruction.Step.class),
        read(rs, "officer_decision", Instruction.Step.class), Sql.instant(rs, "updated_at"));
  }

  private static <T> T read(ResultSet rs, String column, Class<T> type) throws SQLException {
    String text = rs.getString(column);
    if (text == null) {
      return null;
    }
    try {
      return JSON.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("instruction column " + column + " cannot be read as " + type.getSimpleName());
    }
  }

  private static void setJson(PreparedStatement ps, int index, Object value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, json(value));
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON");
    }
  }
}
