package db.migration;

import dev.mandate.core.processinglog.EventJson;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.LogEntry;
import dev.mandate.storage.jdbc.LogEvents;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Carries the rows of the foundation's interim {@code processing_records} table into the
 * per-customer Merkle log created by V2, in their original order, and then drops the interim
 * table. Each customer's rows become entries 0, 1, 2, … of its log, chained and hashed exactly as
 * the writer does it; the first checkpoint is signed by the running server after start. This is
 * a Java migration because the entries are canonical JSON with SHA-256 chaining, which SQL alone
 * cannot produce byte for byte.
 */
public class V3__carry_processing_records_into_the_merkle_log extends BaseJavaMigration {
  private record Head(long size, byte[] last) {}

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement lock = c.createStatement()) {
      // a server of the previous version still running during the upgrade must not add rows
      // after they were copied and before the table is dropped: it waits, then fails closed
      lock.execute("LOCK TABLE processing_records IN EXCLUSIVE MODE");
    }
    Map<String, Head> heads = new HashMap<>();
    try (Statement read = c.createStatement();
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO log_entries (customer_id, idx, recorded_at, type, effect, leaf_hash, entry)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      read.setFetchSize(1000);
      int pending = 0;
      try (ResultSet rs = read.executeQuery(
          "SELECT customer_id, recorded_at, type, effect, event::text FROM processing_records ORDER BY sequence")) {
        while (rs.next()) {
          String customer = rs.getString(1);
          ProcessingEvent event = LogEvents.fromEventJson(rs.getString(5).getBytes(StandardCharsets.UTF_8));
          Head head = heads.getOrDefault(customer, new Head(0, null));
          byte[] entry = LogEntry.frame(EventJson.canonical(event), head.size(), head.last());
          byte[] leaf = Hashes.leafHash(entry);
          insert.setString(1, customer);
          insert.setLong(2, head.size());
          insert.setObject(3, event.time().atOffset(ZoneOffset.UTC));
          insert.setString(4, rs.getString(3));
          insert.setString(5, rs.getString(4));
          insert.setBytes(6, leaf);
          insert.setBytes(7, entry);
          insert.addBatch();
          heads.put(customer, new Head(head.size() + 1, leaf));
          if (++pending == 1000) {
            insert.executeBatch();
            pending = 0;
          }
        }
      }
      if (pending > 0) {
        insert.executeBatch();
      }
    }
    try (PreparedStatement head = c.prepareStatement(
        "INSERT INTO log_heads (customer_id, size, last_leaf_hash) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, Head> e : heads.entrySet()) {
        head.setString(1, e.getKey());
        head.setLong(2, e.getValue().size());
        head.setBytes(3, e.getValue().last());
        head.addBatch();
      }
      head.executeBatch();
    }
    try (Statement drop = c.createStatement()) {
      drop.execute("DROP TABLE processing_records");
      drop.execute("DROP FUNCTION processing_records_append_only()");
    }
  }
}
