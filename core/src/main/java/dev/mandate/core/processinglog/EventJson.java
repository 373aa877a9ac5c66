package dev.mandate.core.processinglog;

import dev.mandate.core.agreement.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A processing event as the canonical JSON (RFC 8785 style: keys sorted, no whitespace, minimal
 * escapes) that goes into a log entry (docs/design/processing-log.md). Null fields are left out;
 * lists are always written. The event holds no PII (see {@link ProcessingEvent}).
 *
 * <p>Every append pays for this on the hot path, so the members are written straight out in
 * their sorted order instead of through a map that is sorted per event. {@code
 * EventJsonTest} checks the result against the general {@code CanonicalJson} writer.
 */
public final class EventJson {
  private EventJson() {}

  public static byte[] canonical(ProcessingEvent e) {
    StringBuilder out = new StringBuilder(640);
    out.append('{');
    Writer w = new Writer(out);
    // keys in UTF-16 order, as RFC 8785 sorts them
    w.string("actor", e.actor());
    if (e.agreementVersion() != null) {
      w.key("agreementVersion");
      out.append(e.agreementVersion().intValue());
    }
    w.string("customer", e.customer().value());
    w.list("dataCategories", e.dataCategories());
    w.string("dataSubjectCategory", e.dataSubjectCategory());
    w.string("effect", e.effect() == null ? null : e.effect().name());
    w.string("operation", e.operation());
    w.string("purpose", e.purpose());
    w.list("reasons", e.reasons());
    w.string("recordRef", e.recordRef());
    w.string("requestId", e.requestId());
    w.string("subject", e.subject());
    w.string("termsHash", e.termsHash());
    w.string("time", e.time().toString());
    w.string("type", e.type().name());
    out.append('}');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final class Writer {
    private final StringBuilder out;
    private boolean first = true;

    Writer(StringBuilder out) {
      this.out = out;
    }

    void key(String key) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append('"').append(key).append("\":");
    }

    void string(String key, String value) {
      if (value != null) {
        key(key);
        quote(out, value);
      }
    }

    void list(String key, List<String> values) {
      key(key);
      out.append('[');
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        quote(out, values.get(i));
      }
      out.append(']');
    }
  }

  private static void quote(StringBuilder out, String s) {
    CanonicalJson.string(out, s);
  }
}
