package dev.mandate.storage.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Where a customer's log ends, and finding entries by time without an index on time. Each customer's entries are appended in the
 * order they were made durable, which is their time order up to the clock skew between
 * processes and the few milliseconds an event waits for its batch; so a binary search over the
 * index, one primary-key lookup per step, finds the first entry at or after a time. Near the
 * boundary, entries a few milliseconds out of order can fall on either side; periods are meant
 * in days, not milliseconds.
 */
final class LogTimes {
  private LogTimes() {}

  /** How many entries the customer's log holds (its head), 0 if it has none. */
  static long size(DataSource dataSource, String customer) {
    return Sql.read(dataSource, "log size", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT size FROM log_heads WHERE customer_id = ?")) {
        ps.setString(1, customer);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** The first index in [0, size) whose time is at or after {@code time}, or {@code size}. */
  static long firstIndexAtOrAfter(DataSource dataSource, String customer, long size, Instant time) {
    long low = 0;
    long high = size;
    while (low < high) {
      long mid = (low + high) >>> 1;
      if (timeOf(dataSource, customer, mid).isBefore(time)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static Instant timeOf(DataSource dataSource, String customer, long index) {
    return Sql.read(dataSource, "log entry time", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT recorded_at FROM log_entries WHERE customer_id = ? AND idx = ?")) {
        ps.setString(1, customer);
        ps.setLong(2, index);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new java.sql.SQLException("log entry missing", "MD011");
          }
          return Sql.instant(rs, "recorded_at");
        }
      }
    });
  }
}
