package dev.mandate.logverify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The deep check of an entry: it must be exactly the canonical JSON (RFC 8785 style: keys sorted
 * by UTF-16 code units, no whitespace, no duplicate keys, integers only, minimal string escapes)
 * of what it says. This is written independently of the code that writes entries, so that the
 * verifier does not trust the writer.
 */
public final class CanonicalEntries {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private CanonicalEntries() {}

  /** The entry's event, after checking that the whole entry is canonical JSON. */
  public static JsonNode check(byte[] entry) throws LogEntry.EntryException {
    JsonNode node;
    try (JsonParser parser = JSON.createParser(entry)) {
      node = JSON.readTree(parser);
      if (parser.nextToken() != null) {
        throw new LogEntry.EntryException("has data after its JSON object");
      }
    } catch (IOException e) {
      throw new LogEntry.EntryException("is not valid JSON");
    }
    if (node == null || !node.isObject() || !node.path("event").isObject()) {
      throw new LogEntry.EntryException("is not a JSON object with an \"event\" object");
    }
    StringBuilder out = new StringBuilder(entry.length);
    write(node, out);
    if (!Arrays.equals(out.toString().getBytes(StandardCharsets.UTF_8), entry)) {
      throw new LogEntry.EntryException("is not in canonical form");
    }
    return node.get("event");
  }

  private static void write(JsonNode n, StringBuilder out) throws LogEntry.EntryException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(names::add);
        names.sort(null);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(names.get(i), out);
          out.append(':');
          write(n.get(names.get(i)), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < n.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(n.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(n.textValue(), out);
      case NUMBER -> {
        if (!n.isIntegralNumber()) {
          throw new LogEntry.EntryException("has a number that is not an integer");
        }
        out.append(n.bigIntegerValue());
      }
      case BOOLEAN -> out.append(n.booleanValue());
      case NULL -> out.append("null");
      default -> throw new LogEntry.EntryException("has a value JSON does not have");
    }
  }

  private static void string(String s, StringBuilder out) {
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
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
