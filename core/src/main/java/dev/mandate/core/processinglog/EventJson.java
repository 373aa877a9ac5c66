package dev.mandate.core.processinglog;

import dev.mandate.core.agreement.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A processing event as the canonical JSON (RFC 8785 style) that goes into a log entry
 * (docs/design/processing-log.md). Null fields are left out; lists are always written. The event
 * holds no PII (see {@link ProcessingEvent}).
 */
public final class EventJson {
  private EventJson() {}

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
}
