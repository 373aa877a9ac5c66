package dev.mandate.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.instruction.Conditions;
import dev.mandate.core.instruction.InstructionAnalyser;
import dev.mandate.core.instruction.ReferenceData;
import dev.mandate.core.instruction.Rule;
import dev.mandate.core.instruction.RuleBook;
import dev.mandate.core.vocabulary.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the analyser's data files from the classpath (core's {@code instructions/}): one rule
 * file per jurisdiction ({@code rules/EU-GDPR.json}, …) and the dated reference data listed in
 * {@code reference/index.csv}. A mistake in a file stops start-up with the file and rule named.
 * Each rule carries its own examples that must and must not trigger it.
 */
public final class RuleFiles {
  private static final String BASE = "instructions/";
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final Set<String> RULE_KEYS = Set.of("id", "catalogue", "citation", "severity", "explanation", "when", "examples");

  /** One example of a rule: an instruction check and whether the rule must fire on it. */
  public record Example(String rule, boolean mustTrigger, String title, InstructionCheck check) {}

  /** Everything the rule files hold. */
  public record Loaded(InstructionAnalyser analyser, ReferenceData reference, List<Example> examples) {}

  private RuleFiles() {}

  public static Loaded load(Vocabulary vocabulary) {
    ReferenceData reference = reference();
    Conditions conditions = new Conditions(vocabulary, reference);
    MessageDigest digest = sha256();
    List<Rule> rules = new ArrayList<>();
    List<Example> examples = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Jurisdiction j : Jurisdiction.values()) {
      String file = "rules/" + j.code() + ".json";
      byte[] bytes = resource(file);
      digest.update(bytes);
      JsonNode root = tree(file, bytes);
      JsonNode base = root.path("baseAgreement");
      for (JsonNode r : root.path("rules")) {
        String id = r.path("id").asText("");
        String where = file + " rule '" + id + "'";
        Set<String> unknown = new HashSet<>();
        r.fieldNames().forEachRemaining(unknown::add);
        unknown.removeAll(RULE_KEYS);
        if (!unknown.isEmpty() || id.isEmpty() || !ids.add(id)) {
          throw new IllegalStateException(where + ": missing or duplicate id, or unknown keys " + unknown);
        }
        Rule rule;
        try {
          rule = new Rule(id, text(r, "catalogue"), j, text(r, "citation"), Rule.Severity.valueOf(text(r, "severity")),
              conditions.parse(MAPPER.convertValue(r.get("when"), Object.class)), text(r, "explanation"));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(where + ": " + e.getMessage(), e);
        }
        rules.add(rule);
        examples.addAll(examples(where, id, j, r.path("examples"), base));
      }
    }
    if (rules.isEmpty()) {
      throw new IllegalStateException("no analyser rules found under " + BASE + "rules/");
    }
    String version = "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    return new Loaded(new InstructionAnalyser(new RuleBook(rules, version), vocabulary), reference, List.copyOf(examples));
  }

  private static List<Example> examples(String where, String id, Jurisdiction j, JsonNode node, JsonNode base) {
    List<Example> out = new ArrayList<>();
    for (String kind : List.of("trigger", "pass")) {
      if (!node.path(kind).isArray() || node.path(kind).isEmpty()) {
        throw new IllegalStateException(where + ": needs at least one '" + kind + "' example");
      }
      int i = 0;
      for (JsonNode e : node.path(kind)) {
        com.fasterxml.jackson.databind.node.ObjectNode check = MAPPER.createObjectNode();
        check.set("jurisdictions", MAPPER.createArrayNode().add(j.code()));
        JsonNode agreement = e.has("agreement") ? e.get("agreement") : base;
        if (!agreement.isMissingNode() && !agreement.isNull()) {
          check.set("agreement", agreement);
        }
        check.set("asOf", e.has("asOf") ? e.get("asOf") : MAPPER.getNodeFactory().textNode("2026-11-01"));
        check.set("givenByAuthorised", e.has("givenByAuthorised") ? e.get("givenByAuthorised")
            : MAPPER.getNodeFactory().booleanNode(true));
        com.fasterxml.jackson.databind.node.ObjectNode instruction = MAPPER.createObjectNode();
        instruction.put("text", e.path("title").asText("example"));
        instruction.set("fields", e.path("fields"));
        check.set("instruction", instruction);
        try {
          out.add(new Example(id, kind.equals("trigger"), e.path("title").asText(kind + " " + i),
              InstructionCheck.read(MAPPER.writeValueAsBytes(check))));
        } catch (IOException | RuntimeException ex) {
          throw new IllegalStateException(where + ": " + kind + " example " + i + " is not a valid instruction: "
              + ex.getMessage(), ex);
        }
        i++;
      }
    }
    return out;
  }

  private static ReferenceData reference() {
    String index = new String(resource("reference/index.csv"), StandardCharsets.UTF_8);
    Map<String, String> sets = new LinkedHashMap<>();
    Map<String, String> adequacy = new LinkedHashMap<>();
    for (List<String> row : dev.mandate.core.vocabulary.Csv.parse(index).stream().skip(1).toList()) {
      String kind = row.get(0).strip();
      String name = row.get(1).strip();
      String text = new String(resource("reference/" + row.get(2).strip()), StandardCharsets.UTF_8);
      switch (kind) {
        case "set" -> sets.put(name, text);
        case "adequacy" -> adequacy.put(name, text);
        default -> throw new IllegalStateException("reference/index.csv: kind is set or adequacy, not " + kind);
      }
    }
    return ReferenceData.parse(sets, adequacy);
  }

  private static String text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required text");
    }
    return v.asText();
  }

  private static JsonNode tree(String file, byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(BASE + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = RuleFiles.class.getClassLoader().getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("missing analyser data file " + BASE + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
