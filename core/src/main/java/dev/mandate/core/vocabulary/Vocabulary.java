package dev.mandate.core.vocabulary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The W3C DPV 2.3 terms Mandate accepts in agreements and instructions, with their hierarchy;
 * immutable and thread-safe, with every ancestor set computed at load time for the decision point.
 */
public final class Vocabulary {
  private static final Map<String, String> PREFIXES = Map.of(
      "https://w3id.org/dpv#", "dpv:",
      "https://w3id.org/dpv/pd#", "pd:",
      "https://w3id.org/dpv/legal/eu/gdpr#", "eu-gdpr:");
  private static final Map<TermKind, List<String>> FILES = new EnumMap<>(Map.of(
      TermKind.PURPOSE, List.of("dpv-purposes.csv"),
      TermKind.PERSONAL_DATA, List.of("pd-personal-data-categories.csv", "dpv-personal-data.csv"),
      TermKind.PROCESSING, List.of("dpv-processing-operations.csv"),
      TermKind.DATA_SUBJECT, List.of("dpv-data-subjects.csv"),
      TermKind.LEGAL_BASIS, List.of("dpv-legal-basis.csv", "eu-gdpr-legal-basis.csv"),
      TermKind.SPECIAL_CATEGORY_CONDITION, List.of("eu-gdpr-legal-basis-special-category.csv"),
      TermKind.SECURITY_MEASURE, List.of("dpv-tom.csv", "dpv-technical-measures.csv", "dpv-organisational-measures.csv")));
  static final String MARKETING = "dpv:Marketing";
  static final String SPECIAL_CATEGORY = "dpv:SpecialCategoryPersonalData";

  private record Node(Term term, List<String> ancestors, Set<String> ancestorSet, boolean marketing) {}

  private record Index(Map<String, Node> nodes, List<Term> terms) {}

  private static final class Holder {
    static final Vocabulary DPV = new Vocabulary(Vocabulary::resource);
  }

  private final Map<TermKind, Index> kinds = new EnumMap<>(TermKind.class);

  /** The DPV 2.3 vocabulary shipped with Mandate, loaded once. */
  public static Vocabulary dpv() {
    return Holder.DPV;
  }

  /** The same CSV files read from a folder, e.g. {@code ../shared/testdata/dpv}. */
  public static Vocabulary load(Path dir) {
    return new Vocabulary(name -> {
      try {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * Every id belongs to one kind: the kind whose file lists it, else the first kind that names it
   * as a parent (it becomes a root there). A parent of another kind, such as the legal basis above
   * an Art. 9 condition, stays in {@link Term#parents()} but is not one of the term's ancestors.
   */
  private Vocabulary(Function<String, String> files) {
    Map<TermKind, Map<String, Term>> rows = new EnumMap<>(TermKind.class);
    Map<String, TermKind> owner = new HashMap<>();
    for (TermKind kind : TermKind.values()) {
      rows.put(kind, read(kind, files));
      rows.get(kind).keySet().forEach(id -> owner.putIfAbsent(id, kind));
    }
    for (TermKind kind : TermKind.values()) {
      Map<String, Term> terms = rows.get(kind);
      for (Term t : List.copyOf(terms.values())) {
        for (String p : t.parents()) {
          if (owner.putIfAbsent(p, kind) == null) {
            terms.put(p, new Term(p, iri(p), label(p), kind, List.of(), false));
          }
        }
      }
      kinds.put(kind, index(terms));
    }
  }

  private static Map<String, Term> read(TermKind kind, Function<String, String> files) {
    Map<String, Term> terms = new LinkedHashMap<>();
    for (String file : FILES.get(kind)) {
      List<List<String>> rows = Csv.parse(files.apply(file));
      List<String> header = rows.getFirst();
      int type = column(header, "type", file);
      int iri = column(header, "iri", file);
      int label = column(header, "label", file);
      int dpvtype = column(header, "dpvtype", file);
      int broader = column(header, "hasbroader", file);
      for (List<String> row : rows.subList(1, rows.size())) {
        if (row.size() != header.size()) {
          throw new IllegalArgumentException(file + ": a row has " + row.size() + " fields, not " + header.size());
        }
        if (!"class".equals(row.get(type))) {
          continue;
        }
        List<String> parents = new ArrayList<>();
        for (String p : row.get(broader).split(";")) {
          if (!p.isBlank()) {
            parents.add(curie(p.strip()));
          }
        }
        String id = curie(row.get(iri));
        boolean special = row.get(dpvtype).contains("SpecialCategoryPersonalData") || SPECIAL_CATEGORY.equals(id);
        terms.putIfAbsent(id, new Term(id, row.get(iri), row.get(label), kind, parents, special));
      }
    }
    return terms;
  }

  private static int column(List<String> header, String name, String file) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(file + " has no column " + name);
    }
    return i;
  }

  private static Index index(Map<String, Term> terms) {
    Map<String, Node> nodes = new HashMap<>();
    for (Term t : terms.values()) {
      List<String> ancestors = ancestorsOf(t.id(), terms);
      boolean special = ancestors.stream().anyMatch(a -> terms.get(a).specialCategory());
      Term term = new Term(t.id(), t.iri(), t.label(), t.kind(), t.parents(), special);
      boolean marketing = t.kind() == TermKind.PURPOSE && ancestors.contains(MARKETING);
      // HashSet/HashMap rather than Set.copyOf/Map.copyOf: their lookups are measurably faster on the decision path.
      nodes.put(t.id(), new Node(term, List.copyOf(ancestors), java.util.Collections.unmodifiableSet(new java.util.HashSet<>(ancestors)), marketing));
    }
    List<Term> sorted = nodes.values().stream().map(Node::term).sorted(Comparator.comparing(Term::id)).toList();
    return new Index(java.util.Collections.unmodifiableMap(new java.util.HashMap<>(nodes)), sorted);
  }

  /** Self first, then broader terms of the same kind breadth-first; a cycle cannot loop. */
  private static List<String> ancestorsOf(String id, Map<String, Term> terms) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(id));
    while (!queue.isEmpty()) {
      String next = queue.removeFirst();
      if (terms.containsKey(next) && seen.add(next)) {
        queue.addAll(terms.get(next).parents());
      }
    }
    return new ArrayList<>(seen);
  }

  public String version() {
    return "dpv-2.3";
  }

  public Optional<Term> find(TermKind kind, String id) {
    return Optional.ofNullable(node(kind, id)).map(Node::term);
  }

  public boolean isKnown(TermKind kind, String id) {
    return node(kind, id) != null;
  }

  /** Whether {@code id} is {@code ancestorId} or narrower than it; false if either is unknown. */
  public boolean isSubsumedBy(TermKind kind, String id, String ancestorId) {
    Node n = node(kind, id);
    return n != null && ancestorId != null && n.ancestorSet().contains(ancestorId);
  }

  /** The term and its broader terms, nearest first; empty if unknown. */
  public List<String> ancestors(TermKind kind, String id) {
    Node n = node(kind, id);
    return n == null ? List.of() : n.ancestors();
  }

  /** Whether a personal-data category is a GDPR Art. 9 special category or narrower than one. */
  public boolean isSpecialCategory(String personalDataId) {
    Node n = node(TermKind.PERSONAL_DATA, personalDataId);
    return n != null && n.term().specialCategory();
  }

  /** Whether a purpose is marketing or advertising: {@code dpv:Marketing} or narrower (PR-823-01). */
  public boolean isMarketing(String purposeId) {
    Node n = node(TermKind.PURPOSE, purposeId);
    return n != null && n.marketing();
  }

  /** All terms of a kind, sorted by id. */
  public Collection<Term> terms(TermKind kind) {
    return kind == null ? List.of() : kinds.get(kind).terms();
  }

  /** The closest known id, for "did you mean …?": a case-insensitive match, else a near local name. */
  public Optional<String> suggest(TermKind kind, String unknownId) {
    if (unknownId == null || unknownId.isBlank() || unknownId.length() > 200) {
      return Optional.empty();
    }
    String wanted = local(unknownId).toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Math.max(2, wanted.length() / 4) + 1;
    for (Term t : terms(kind)) {
      if (t.id().equalsIgnoreCase(unknownId)) {
        return Optional.of(t.id());
      }
      int d = distance(wanted, local(t.id()).toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = t.id();
      }
    }
    return Optional.ofNullable(best);
  }

  private Node node(TermKind kind, String id) {
    return kind == null || id == null ? null : kinds.get(kind).nodes().get(id);
  }

  private static String local(String id) {
    return id.substring(id.indexOf(':') + 1);
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  static String curie(String iri) {
    for (Map.Entry<String, String> e : PREFIXES.entrySet()) {
      if (iri.startsWith(e.getKey())) {
        return e.getValue() + iri.substring(e.getKey().length());
      }
    }
    return iri;
  }

  private static String iri(String curie) {
    for (Map.Entry<String, String> e : PREFIXES.entrySet()) {
      if (curie.startsWith(e.getValue())) {
        return e.getKey() + curie.substring(e.getValue().length());
      }
    }
    return curie;
  }

  private static String label(String id) {
    return local(id).replaceAll("([a-z])([A-Z])", "$1 $2");
  }

  private static String resource(String name) {
    try (InputStream in = Vocabulary.class.getResourceAsStream("/vocabulary/dpv-2.3/" + name)) {
      if (in == null) {
        throw new IllegalStateException("vocabulary file missing from the classpath: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
