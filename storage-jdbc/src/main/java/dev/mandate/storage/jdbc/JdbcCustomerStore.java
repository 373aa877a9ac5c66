package dev.mandate.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerStore;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.customer.NotificationEndpoint;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Customers in PostgreSQL: jurisdictions as a text array of codes, contact and endpoints as JSONB. */
public final class JdbcCustomerStore implements CustomerStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<NotificationEndpoint>> ENDPOINTS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, name, jurisdictions, dpo, notification_endpoints, created_at, updated_at";

  private final DataSource dataSource;

  public JdbcCustomerStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean insert(Customer customer) {
    return Sql.transaction(dataSource, "customer insert", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO customers (id, name, jurisdictions, dpo, notification_endpoints, created_at, updated_at)
          VALUES (?, ?, ?, CAST(? AS JSONB), CAST(? AS JSONB), ?, ?)
          ON CONFLICT (id) DO NOTHING""")) {
        ps.setString(1, customer.id().value());
        ps.setString(2, customer.name());
        ps.setArray(3, jurisdictions(c, customer.jurisdictions()));
        ps.setString(4, json(customer.dpo()));
        ps.setString(5, json(customer.notificationEndpoints()));
        ps.setObject(6, Sql.timestamp(customer.createdAt()));
        ps.setObject(7, Sql.timestamp(customer.updatedAt()));
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean update(Customer customer) {
    return Sql.transaction(dataSource, "customer update", c -> {
      try (PreparedStatement ps = c.prepareStatement("""
          UPDATE customers
             SET name = ?, jurisdictions = ?, dpo = CAST(? AS JSONB), notification_endpoints = CAST(? AS JSONB),
                 created_at = ?, updated_at = ?
           WHERE id = ?""")) {
        ps.setString(1, customer.name());
        ps.setArray(2, jurisdictions(c, customer.jurisdictions()));
        ps.setString(3, json(customer.dpo()));
        ps.setString(4, json(customer.notificationEndpoints()));
        ps.setObject(5, Sql.timestamp(customer.createdAt()));
        ps.setObject(6, Sql.timestamp(customer.updatedAt()));
        ps.setString(7, customer.id().value());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Optional<Customer> find(CustomerId id) {
    return Sql.read(dataSource, "customer find", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM customers WHERE id = ?")) {
        ps.setString(1, id.value());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(customer(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Customer> list(String afterId, int limit, Collection<CustomerId> only) {
    if (limit <= 0 || (only != null && only.isEmpty())) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM customers WHERE TRUE");
    if (afterId != null) {
      sql.append(" AND id > ?");
    }
    if (only != null) {
      sql.append(" AND id = ANY (?)");
    }
    sql.append(" ORDER BY id LIMIT ?");
    return Sql.read(dataSource, "customer list", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        if (afterId != null) {
          ps.setString(i++, afterId);
        }
        if (only != null) {
          ps.setArray(i++, c.createArrayOf("text", only.stream().map(CustomerId::value).toArray()));
        }
        ps.setInt(i, limit);
        List<Customer> customers = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            customers.add(customer(rs));
          }
        }
        return customers;
      }
    });
  }

  private static Customer customer(ResultSet rs) throws SQLException {
    Set<Jurisdiction> jurisdictions = EnumSet.noneOf(Jurisdiction.class);
    for (String code : (String[]) rs.getArray("jurisdictions").getArray()) {
      jurisdictions.add(Jurisdiction.fromCode(code)
          .orElseThrow(() -> new IllegalStateException("customers.jurisdictions holds an unknown code")));
    }
    return new Customer(
        new CustomerId(rs.getString("id")),
        rs.getString("name"),
        jurisdictions,
        read(rs.getString("dpo"), Contact.class),
        read(rs.getString("notification_endpoints"), ENDPOINTS),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "updated_at"));
  }

  private static Array jurisdictions(Connection c, Set<Jurisdiction> jurisdictions) throws SQLException {
    return c.createArrayOf("text", jurisdictions.stream().map(Jurisdiction::code).sorted().toArray());
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("customer could not be written as JSON");
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return json == null ? null : JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("customers row could not be read (" + type.getSimpleName() + ")");
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("customers row could not be read (notification endpoints)");
    }
  }
}
