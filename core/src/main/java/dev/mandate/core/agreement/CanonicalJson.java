package dev.mandate.core.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON in the manner of RFC 8785 (JCS) for the values agreement terms use: objects with
 * keys sorted by UTF-16 code units, no whitespace, integers, booleans, null and strings with the
 * minimal escapes. Floating-point numbers are not used in terms and are rejected.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  public static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(out, s);
      case Boolean b -> out.append(b);
      case Integer i -> out.append(i);
      case Long l -> out.append(l);
      case Map<?, ?> map -> object(out, map);
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, list.get(i));
        }
        out.append(']');
      }
      default -> throw new IllegalArgumentException("not a canonical JSON value: " + value.getClass());
    }
  }

  private static void object(StringBuilder out, Map<?, ?> map) {
    List<String> keys = new ArrayList<>();
    for (Object k : map.keySet()) {
      keys.add((String) k);
    }
    keys.sort(null); // String.compareTo orders by UTF-16 code units, as RFC 8785 requires
    out.append('{');
    boolean first = true;
    for (String k : keys) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, k);
      out.append(':');
      append(out, map.get(k));
    }
    out.append('}');
  }

  /** Appends {@code s} as a JSON string with the minimal escapes of RFC 8785. */
  public static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
