package dev.mandate.core.decision;

import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Real DPV 2.3 terms for generated agreements and requests, read from the shared CSV exports in
 * {@code ../shared/testdata/dpv} (written by others, copied unchanged from w3c/dpv) and kept only
 * where the {@link Vocabulary} knows them. Also knows, for each term, its narrower terms, so that
 * generators can ask for "something this clause covers".
 */
public final class DpvTerms {
  private final Vocabulary vocabulary;
  private final Map<TermKind, List<String>> pools = new EnumMap<>(TermKind.class);
  private final Map<TermKind, Map<String, List<String>>> narrower = new EnumMap<>(TermKind.class);

  public DpvTerms(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
    Path dir = sharedTestdata().resolve("dpv");
    load(TermKind.PURPOSE, dir.resolve("dpv-purposes.csv"));
    load(TermKind.PERSONAL_DATA, dir.resolve("pd-personal-data-categories.csv"), dir.resolve("dpv-personal-data.csv"));
    load(TermKind.PROCESSING, dir.resolve("dpv-processing-operations.csv"));
    load(TermKind.DATA_SUBJECT, dir.resolve("dpv-data-subjects.csv"));
    load(TermKind.SPECIAL_CATEGORY_CONDITION, dir.resolve("eu-gdpr-legal-basis-special-category.csv"));
    for (TermKind kind : List.of(TermKind.PURPOSE, TermKind.PERSONAL_DATA, TermKind.PROCESSING, TermKind.DATA_SUBJECT)) {
      Map<String, List<String>> down = new HashMap<>();
      for (String term : pools.get(kind)) {
        for (String ancestor : vocabulary.ancestors(kind, term)) {
          down.computeIfAbsent(ancestor, k -> new ArrayList<>()).add(term);
        }
      }
      narrower.put(kind, down);
    }
  }

  /** The known terms of a kind, in file order. */
  public List<String> pool(TermKind kind) {
    return pools.get(kind);
  }

  /** The known terms a term covers by subsumption, itself included. */
  public List<String> narrowerOrSelf(TermKind kind, String term) {
    return narrower.get(kind).getOrDefault(term, List.of(term));
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** {@code ../shared/testdata}: from the build's system property, else found upwards from here. */
  public static Path sharedTestdata() {
    String configured = System.getProperty("mandate.sharedTestdata");
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/testdata");
      if (Files.isDirectory(candidate.resolve("dpv"))) {
        return candidate;
      }
      candidate = p.resolve("../shared/testdata").normalize();
      if (Files.isDirectory(candidate.resolve("dpv"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find ../shared/testdata; set -Dmandate.sharedTestdata");
  }

  private void load(TermKind kind, Path... files) {
    Set<String> terms = new LinkedHashSet<>();
    for (Path file : files) {
      List<List<String>> rows = csv(file);
      List<String> header = rows.getFirst();
      int term = header.indexOf("term");
      int type = header.indexOf("type");
      int namespace = header.indexOf("namespace");
      for (List<String> row : rows.subList(1, rows.size())) {
        if (!"class".equals(row.get(type))) {
          continue;
        }
        String curie = prefix(row.get(namespace)) + row.get(term);
        if (vocabulary.isKnown(kind, curie)) {
          terms.add(curie);
        }
      }
    }
    if (terms.isEmpty()) {
      throw new IllegalStateException("the vocabulary knows none of the " + kind + " terms in " + List.of(files));
    }
    pools.put(kind, List.copyOf(terms));
  }

  private static String prefix(String namespace) {
    return switch (namespace) {
      case "https://w3id.org/dpv" -> "dpv:";
      case "https://w3id.org/dpv/pd" -> "pd:";
      case "https://w3id.org/dpv/legal/eu/gdpr" -> "eu-gdpr:";
      default -> throw new IllegalArgumentException("unexpected namespace " + namespace);
    };
  }

  /** RFC 4180 CSV: quoted fields, doubled quotes, line breaks inside quotes. */
  static List<List<String>> csv(Path file) {
    String s;
    try {
      s = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }
}
