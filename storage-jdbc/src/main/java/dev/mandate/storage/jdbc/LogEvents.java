package dev.mandate.storage.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.logverify.LogEntry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A processing event read back from a log entry (the entry's JSON is written by {@link
 * dev.mandate.core.processinglog.EventJson}). The event holds no PII (see {@link ProcessingEvent}).
 */
public final class LogEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogEvents() {}

  /** The event of a stored entry. */
  static ProcessingEvent fromEntry(byte[] entry) {
    try {
      return fromEventJson(LogEntry.event(entry));
    } catch (LogEntry.EntryException ex) {
      throw new IllegalStateException("a log entry could not be read");
    }
  }

  /** An event from its JSON (the event part of an entry, or a row of the interim table). */
  public static ProcessingEvent fromEventJson(byte[] json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (IOException ex) {
      throw new IllegalStateException("a processing event could not be read");
    }
    String effect = text(o, "effect");
    return new ProcessingEvent(
        Instant.parse(o.get("time").asText()),
        new CustomerId(o.get("customer").asText()),
        EventType.valueOf(o.get("type").asText()),
        text(o, "actor"),
        o.hasNonNull("agreementVersion") ? o.get("agreementVersion").asInt() : null,
        text(o, "termsHash"),
        text(o, "purpose"),
        text(o, "operation"),
        strings(o, "dataCategories"),
        text(o, "dataSubjectCategory"),
        text(o, "subject"),
        text(o, "recordRef"),
        effect == null ? null : Effect.valueOf(effect),
        strings(o, "reasons"),
        text(o, "requestId"));
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static List<String> strings(JsonNode o, String field) {
    List<String> values = new ArrayList<>();
    JsonNode array = o.get(field);
    if (array != null) {
      array.forEach(v -> values.add(v.asText()));
    }
    return values;
  }
}
