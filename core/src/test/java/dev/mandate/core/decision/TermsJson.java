package dev.mandate.core.decision;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.AssistanceTerms;
import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.EndOfContract;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationUse;
import dev.mandate.core.agreement.AgreementTerms.MarketingTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Test-side reading of agreement terms and cases written as JSON, in exactly the shape the API
 * uses ({@link dev.mandate.core.agreement.TermsDigest#tree} field names). Strict: a misspelt field
 * name in a case file fails loudly instead of being ignored.
 */
public final class TermsJson {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Where the agreement fixtures shared by decision and terms cases live on the test classpath. */
  public static final String FIXTURES = "/decision-cases/agreements/";

  private TermsJson() {}

  // ---------------------------------------------------------------------------------------------
  // Files

  public static JsonNode readResource(String resource) {
    try (InputStream in = TermsJson.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The {@code *.json} files directly inside a resource directory, sorted by name. */
  public static List<Path> jsonFiles(String resourceDir) {
    URL url = TermsJson.class.getResource(resourceDir);
    if (url == null) {
      throw new IllegalArgumentException("no test resource directory " + resourceDir);
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An agreement fixture by name, e.g. {@code payroll} for {@code agreements/payroll.json}. */
  public static JsonNode fixture(String name) {
    return readResource(FIXTURES + name + ".json");
  }

  // ---------------------------------------------------------------------------------------------
  // JSON patches (RFC 6902 subset: add, replace, remove) so a case can say what differs from a fixture

  /** Applies {@code [{"op", "path", "value"?}]} to a deep copy of {@code doc}. */
  public static JsonNode patch(JsonNode doc, JsonNode patches) {
    JsonNode result = doc.deepCopy();
    if (patches == null || patches.isNull()) {
      return result;
    }
    for (JsonNode p : patches) {
      allowOnly(p, "patch", Set.of("op", "path", "value"));
      String op = p.path("op").asText();
      String path = p.path("path").asText();
      int slash = path.lastIndexOf('/');
      if (!path.startsWith("/") || slash < 0) {
        throw new IllegalArgumentException("patch path must be a JSON pointer: " + path);
      }
      JsonNode parent = result.at(path.substring(0, slash));
      String key = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
      if (parent.isMissingNode()) {
        throw new IllegalArgumentException("patch path has no parent: " + path);
      }
      JsonNode value = p.get("value");
      switch (op) {
        case "add" -> add(parent, key, value, path);
        case "replace" -> {
          requireExisting(parent, key, path);
          if (parent instanceof ObjectNode o) {
            o.set(key, value);
          } else {
            ((ArrayNode) parent).set(Integer.parseInt(key), value);
          }
        }
        case "remove" -> {
          requireExisting(parent, key, path);
          if (parent instanceof ObjectNode o) {
            o.remove(key);
          } else {
            ((ArrayNode) parent).remove(Integer.parseInt(key));
          }
        }
        default -> throw new IllegalArgumentException("unsupported patch op '" + op + "' at " + path);
      }
    }
    return result;
  }

  private static void add(JsonNode parent, String key, JsonNode value, String path) {
    if (value == null) {
      throw new IllegalArgumentException("add needs a value: " + path);
    }
    if (parent instanceof ObjectNode o) {
      o.set(key, value);
    } else if (parent instanceof ArrayNode a) {
      if (key.equals("-")) {
        a.add(value);
      } else {
        a.insert(Integer.parseInt(key), value);
      }
    } else {
      throw new IllegalArgumentException("cannot add into a scalar: " + path);
    }
  }

  private static void requireExisting(JsonNode parent, String key, String path) {
    boolean exists = parent instanceof ObjectNode o ? o.has(key)
        : parent instanceof ArrayNode a && Integer.parseInt(key) < a.size();
    if (!exists) {
      throw new IllegalArgumentException("patch target does not exist: " + path);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Terms

  private static final Set<String> TERMS_FIELDS = Set.of("subjectMatter", "natureOfProcessing", "startsOn",
      "endsOn", "dataCategories", "customPurposes", "purposes", "locations", "subProcessors", "assistance",
      "securityMeasures", "marketing", "endOfContract");
  private static final Set<String> PURPOSE_FIELDS = Set.of("purpose", "dataCategories", "operations",
      "dataSubjects", "retentionDays", "legalBasis", "specialCategories", "processorOwnUse");

  /** Maps terms in the API's JSON shape to the record; absent or null fields become null. */
  public static AgreementTerms terms(JsonNode n) {
    allowOnly(n, "terms", TERMS_FIELDS);
    return new AgreementTerms(
        text(n, "subjectMatter"),
        text(n, "natureOfProcessing"),
        date(n, "startsOn"),
        date(n, "endsOn"),
        strings(n, "dataCategories"),
        list(n, "customPurposes", TermsJson::customPurpose),
        list(n, "purposes", TermsJson::purpose),
        list(n, "locations", TermsJson::location),
        list(n, "subProcessors", TermsJson::subProcessor),
        present(n, "assistance") ? assistance(n.get("assistance")) : null,
        strings(n, "securityMeasures"),
        present(n, "marketing") ? marketing(n.get("marketing")) : null,
        present(n, "endOfContract") ? EndOfContract.valueOf(n.get("endOfContract").asText()) : null);
  }

  private static CustomPurpose customPurpose(JsonNode n) {
    allowOnly(n, "customPurposes[]", Set.of("id", "label", "parent"));
    return new CustomPurpose(text(n, "id"), text(n, "label"), text(n, "parent"));
  }

  private static PurposeTerms purpose(JsonNode n) {
    allowOnly(n, "purposes[]", PURPOSE_FIELDS);
    SpecialCategories special = null;
    if (present(n, "specialCategories")) {
      JsonNode s = n.get("specialCategories");
      allowOnly(s, "specialCategories", Set.of("allowed", "condition"));
      special = new SpecialCategories(s.path("allowed").asBoolean(false), text(s, "condition"));
    }
    return new PurposeTerms(
        text(n, "purpose"),
        strings(n, "dataCategories"),
        strings(n, "operations"),
        strings(n, "dataSubjects"),
        present(n, "retentionDays") ? Integer.valueOf(n.get("retentionDays").intValue()) : null,
        text(n, "legalBasis"),
        special,
        n.path("processorOwnUse").asBoolean(false));
  }

  private static LocationTerms location(JsonNode n) {
    allowOnly(n, "locations[]", Set.of("country", "uses", "transferSafeguard"));
    List<LocationUse> uses = strings(n, "uses").stream().map(LocationUse::valueOf).toList();
    return new LocationTerms(text(n, "country"), uses, text(n, "transferSafeguard"));
  }

  private static SubProcessorTerms subProcessor(JsonNode n) {
    allowOnly(n, "subProcessors[]", Set.of("name", "country", "authorisation", "purposes"));
    return new SubProcessorTerms(text(n, "name"), text(n, "country"),
        present(n, "authorisation") ? Authorisation.valueOf(n.get("authorisation").asText()) : null,
        strings(n, "purposes"));
  }

  private static AssistanceTerms assistance(JsonNode n) {
    allowOnly(n, "assistance", Set.of("dataSubjectRequestDays", "breachNotificationHours"));
    return new AssistanceTerms(
        present(n, "dataSubjectRequestDays") ? Integer.valueOf(n.get("dataSubjectRequestDays").intValue()) : null,
        present(n, "breachNotificationHours") ? Integer.valueOf(n.get("breachNotificationHours").intValue()) : null);
  }

  private static MarketingTerms marketing(JsonNode n) {
    allowOnly(n, "marketing", Set.of("instructed"));
    return new MarketingTerms(n.path("instructed").asBoolean(false));
  }

  // ---------------------------------------------------------------------------------------------
  // Small readers

  public static boolean present(JsonNode n, String field) {
    return n.hasNonNull(field);
  }

  public static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string, got " + v);
    }
    return v.asText();
  }

  public static LocalDate date(JsonNode n, String field) {
    String s = text(n, field);
    return s == null ? null : LocalDate.parse(s);
  }

  public static List<String> strings(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(field + " must be an array, got " + v);
    }
    List<String> out = new ArrayList<>();
    v.forEach(e -> out.add(e.asText()));
    return out;
  }

  public static <T> List<T> list(JsonNode n, String field, Function<JsonNode, T> f) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    List<T> out = new ArrayList<>();
    v.forEach(e -> out.add(f.apply(e)));
    return out;
  }

  /** Fails on any field name not in {@code allowed}, so a typo in a case cannot pass silently. */
  public static void allowOnly(JsonNode n, String where, Set<String> allowed) {
    if (!n.isObject()) {
      throw new IllegalArgumentException(where + " must be an object, got " + n);
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException("unexpected field '" + f + "' in " + where + "; allowed: " + allowed);
      }
    }
  }

  /** The JSON as plain maps, lists, strings, integers, booleans and nulls (what CanonicalJson takes). */
  public static Object plain(JsonNode n) {
    return MAPPER.convertValue(n, Object.class);
  }
}
