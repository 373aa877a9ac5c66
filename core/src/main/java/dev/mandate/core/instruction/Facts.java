package dev.mandate.core.instruction;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the analyser knows about one instruction, as a tree of maps, lists, strings, numbers and
 * booleans: {@code instruction.*} (its fields), {@code agreement.*} (the agreement in force, with
 * {@code agreement.clause} the clause for the instruction's purpose), {@code submission.*} (who
 * gave it) and the date the reference data is read at.
 */
public final class Facts {
  private final Map<String, Object> root;
  private final LocalDate asOf;

  Facts(Map<String, Object> root, LocalDate asOf) {
    this.root = root;
    this.asOf = asOf;
  }

  public LocalDate asOf() {
    return asOf;
  }

  /** A list element under test, with the path it was found at, e.g. {@code instruction.transfers[1]}. */
  public record Item(Object value, String path, Item outer) {}

  /** The value at a dotted path; a path starting {@code item.} is read from the element under test. */
  Object get(Path path, Item item) {
    Object node;
    int from;
    if (path.fromItem()) {
      if (item == null) {
        return null;
      }
      node = item.value();
      from = 1;
    } else {
      node = root;
      from = 0;
    }
    String[] parts = path.parts();
    for (int i = from; i < parts.length && node != null; i++) {
      node = node instanceof Map<?, ?> m ? m.get(parts[i]) : null;
    }
    return node;
  }

  /** The path as a person would read it in a finding, e.g. {@code instruction.transfers[1].country}. */
  static String display(Path path, Item item) {
    if (!path.fromItem() || item == null) {
      return path.text();
    }
    return item.path() + path.text().substring("item".length());
  }

  /** A parsed dotted path. */
  record Path(String text, String[] parts, boolean fromItem) {
    static Path of(String text) {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("empty path");
      }
      String[] parts = text.split("\\.");
      boolean fromItem = parts[0].equals("item");
      if (!fromItem && !List.of("instruction", "agreement", "submission").contains(parts[0])) {
        throw new IllegalArgumentException("a path starts with instruction, agreement, submission or item: " + text);
      }
      return new Path(text, parts, fromItem);
    }
  }
}
