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
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The W3C DPV 2.3 terms Mandate accepts, with their hierarchy (privacy requirements §3). Loaded
 * once from the CSV exports shipped in the jar; immutable and thread-safe. Ancestor lists are
 * computed at load time because the decision point asks for them millions of times a second.
 */
public final class Vocabulary {
  private static final Map<String, String> PREFIXES = Map.of(
      "https://w3id.org/dpv#", "dpv:",
      "https://w3id.org/dpv/pd#", "pd:",
      "https://w3id.org/dpv/legal/eu/gdpr#", "eu-gdpr:");
  private static final Map<TermKind, List<String>> FILES = new EnumMap<>(Map.of(
      TermKind.PURPOSE, List.of("dpv-purposes.csv"),
      TermKind.PERSONAL_DATA, List.of("dpv-personal-data.csv", "pd-personal-data-categories.csv"),
      TermKind.PROCESSING, List.of("dpv-processing-operations.csv"),
      TermKind.DATA_SUBJECT, List.of("dpv-data-subjects.csv"),
      TermKind.LEGAL_BASIS, List.of("dpv-legal-basis.csv", "eu-gdpr-legal-basis.csv"),
      TermKind.SPECIAL_CATEGORY_CONDITION, List.of("eu-gdpr-legal-basis-special-category.csv"),
      TermKind.SECURITY_MEASURE, List.of("dpv-tom.csv", "dpv-technical-measures.csv", "dpv-organisational-measures.csv")));
  static final String MARKETING = "dpv:Marketing";
  static final String SPECIAL_CATEGORY = "dpv:SpecialCategoryPersonalData";

  private final Map<TermKind, Map<String, Node>> kinds = new EnumMap<>(TermKind.class);

  private record Node(Term term, List<String> ancestors, Set<String> ancestorSet, boolean special, boolean marketing) {}

  private static final class Holder {
    static final Vocabulary DPV = new Vocabulary(name -> {
      InputStream in = Vocabulary.class.getResourceAsStream("/vocabulary/dpv-2.3/" + name);
      if (in == null) {
        throw new IllegalStateException("vocabulary file missing from the classpath: " + name);
      }
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The DPV 2.3 vocabulary shipped with Mandate. */
  public static Vocabulary dpv() {
    return Holder.DPV;
  }

  /** The same files read from a folder, e.g. {@code ../shared/testdata/dpv}. */
  public static Vocabulary load(Path dir) {
    return new Vocabulary(name -> {
      try {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private Vocabulary(Function<String, String> files) {
    for (TermKind kind : TermKind.values()) {
      Map<String, Term> terms = new LinkedHashMap<>();
      for (String file : FILES.get(kind)) {
        read(kind, files.apply(file), terms);
      }
      kinds.put(kind, index(kind, terms));
    }
  }

  private static void read(TermKind kind, String text, Map<String, Term> terms) {
    List<List<String>> rows = Csv.parse(text);
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() < 13 || !"class".equals(row.get(1))) {
        continue;
      }
      String id = curie(row.get(2));
      List<String> parents = new ArrayList<>();
      for (String p : row.get(7).split(";")) {
        if (!p.isBlank()) {
          parents.add(curie(p.strip()));
        }
      }
      boolean special = row.get(5).contains("SpecialCategoryPersonalData");
      terms.putIfAbsent(id, new Term(id, row.get(2), row.get(3), kind, parents, special));
    }
  }

  private static Map<String, Node> index(TermKind kind, Map<String, Term> terms) {
    // Parents that are referenced but not listed (e.g. dpv:Purpose) become root terms of the kind.
    for (Term t : List.copyOf(terms.values())) {
      for (String p : t.parents()) {
        terms.computeIfAbsent(p, id -> new Term(id, iri(id), label(id), kind, List.of(), SPECIAL_CATEGORY.equals(id)));
      }
    }
    Map<String, Node> nodes = new HashMap<>();
    for (Term t : terms.values()) {
      List<String> ancestors = ancestorsOf(t.id(), terms);
      boolean special = false;
      for (String a : ancestors) {
        Term at = terms.get(a);
        special |= at.specialCategory() || SPECIAL_CATEGORY.equals(a);
      }
      boolean marketing = kind == TermKind.PURPOSE && ancestors.contains(MARKETING);
      nodes.put(t.id(), new Node(t, List.copyOf(ancestors), Set.copyOf(ancestors), special, marketing));
    }
    return Collections.unmodifiableMap(nodes);
  }

  /** Self first, then broader terms breadth-first; cycles are cut. */
  private static List<String> ancestorsOf(String id, Map<String, Term> terms) {
    LinkedHashSet<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(id));
    while (!queue.isEmpty()) {
      String next = queue.removeFirst();
      if (seen.add(next)) {
        Term t = terms.get(next);
        if (t != null) {
          queue.addAll(t.parents());
        }
      }
    }
    return new ArrayList<>(seen);
  }

  public String version() {
    return "dpv-2.3";
  }

  public Optional<Term> find(TermKind kind, String id) {
    Node n = id == null ? null : kinds.get(kind).get(id);
    return n == null ? Optional.empty() : Optional.of(n.term);
  }

  public boolean isKnown(TermKind kind, String id) {
    return id != null && kinds.get(kind).containsKey(id);
  }

  /** Whether {@code id} is {@code ancestorId} or narrower than it; false if either is unknown. */
  public boolean isSubsumedBy(TermKind kind, String id, String ancestorId) {
    Node n = id == null ? null : kinds.get(kind).get(id);
    return n != null && ancestorId != null && n.ancestorSet.contains(ancestorId);
  }

  /** The term and its broader terms, nearest first; empty if unknown. */
  public List<String> ancestors(TermKind kind, String id) {
    Node n = id == null ? null : kinds.get(kind).get(id);
    return n == null ? List.of() : n.ancestors;
  }

  /** Whether a personal-data category is a GDPR Art. 9 special category or narrower than one. */
  public boolean isSpecialCategory(String personalDataId) {
    Node n = personalDataId == null ? null : kinds.get(TermKind.PERSONAL_DATA).get(personalDataId);
    return n != null && n.special;
  }

  /** Whether a purpose is marketing or advertising: {@code dpv:Marketing} or narrower (PR-823-01). */
  public boolean isMarketing(String purposeId) {
    Node n = purposeId == null ? null : kinds.get(TermKind.PURPOSE).get(purposeId);
    return n != null && n.marketing;
  }

  public Collection<Term> terms(TermKind kind) {
    return kinds.get(kind).values().stream().map(Node::term)
        .sorted(java.util.Comparator.comparing(Term::id)).toList();
  }

  /** The closest known id, for "did you mean …?" in error messages. */
  public Optional<String> suggest(TermKind kind, String unknownId) {
    if (unknownId == null || unknownId.isEmpty() || unknownId.length() > 200) {
      return Optional.empty();
    }
    String wanted = local(unknownId).toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    Set<String> ids = new HashSet<>(kinds.get(kind).keySet());
    for (String id : ids.stream().sorted().toList()) {
      if (id.equalsIgnoreCase(unknownId)) {
        return Optional.of(id);
      }
      int d = distance(wanted, local(id).toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = id;
      }
    }
    return bestDistance <= Math.max(2, wanted.length() / 4) ? Optional.ofNullable(best) : Optional.empty();
  }

  private static String local(String id) {
    int colon = id.indexOf(':');
    return colon < 0 ? id : id.substring(colon + 1);
  }

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

  private static String curie(String iri) {
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
}
