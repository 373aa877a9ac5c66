package dev.mandate.storage.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.agreement.CanonicalJson;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.logverify.LogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A processing event as the canonical JSON that goes into a log entry, and back. Null fields are
 * left out; lists are always written. The event holds no PII (see {@link ProcessingEvent}).
 */
public final class LogEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogEvents() {}

  public static byte[] canonical(ProcessingEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", e.time().toString());
    m.put("customer", e.customer().value());
    m.put("type", e.type().name());
    put(m, "actor", e.actor());
    put(m, "agreementVersion", e.agreementVersion());
    put(m, "termsHash", e.termsHash());
    put(m, "purpose", e.purpose());
    put(m, "operation", e.operation());
    m.put("dataCategories", e.dataCategories());
    put(m, "dataSubjectCategory", e.dataSubjectCategory());
    put(m, "subject", e.subject());
    put(m, "recordRef", e.recordRef());
    put(m, "effect", e.effect() == null ? null : e.effect().name());
    m.put("reasons", e.reasons());
    put(m, "requestId", e.requestId());
    return CanonicalJson.write(m).getBytes(StandardCharsets.UTF_8);
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

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
