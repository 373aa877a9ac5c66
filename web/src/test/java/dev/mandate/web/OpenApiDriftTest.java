package dev.mandate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mandate.core.failure.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code openapi.json} (written by hand) and the route table ({@link Routes#ALL}) in step:
 * the same (method, path) pairs and operation ids, a problem+json 4xx on every operation,
 * strict request schemas, and the error codes of the core.
 */
class OpenApiDriftTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static JsonNode doc;

  @BeforeAll
  static void load() throws IOException {
    doc = new ObjectMapper().readTree(OperationsEndpoints.openApiDocument());
  }

  private static JsonNode operation(Route r) {
    return doc.path("paths").path(r.path()).path(r.method().toLowerCase(Locale.ROOT));
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int i = 0; i < 10 && n.has("$ref"); i++) {
      String ref = n.get("$ref").asText();
      assertThat(ref).startsWith("#/");
      n = doc.at(ref.substring(1));
      assertThat(n.isMissingNode()).as("unresolved " + ref).isFalse();
    }
    return n;
  }

  @Test
  void documentIsOpenApi31() {
    assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(doc.path("components").path("securitySchemes").path("bearerAuth").path("scheme").asText())
        .isEqualTo("bearer");
    assertThat(doc.path("security").toString()).contains("bearerAuth");
  }

  @Test
  void documentedRoutesAreExactlyTheRoutesInCode() {
    Set<String> inCode = Routes.ALL.stream().map(r -> r.method() + " " + r.path())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> inDocument = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        if (METHODS.contains(method.getKey())) {
          inDocument.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    assertThat(inDocument).isEqualTo(inCode);
  }

  @Test
  void everyOperationHasTheOperationIdOfItsRoute() {
    Set<String> ids = new HashSet<>();
    for (Route r : Routes.ALL) {
      String id = operation(r).path("operationId").asText();
      assertThat(id).as(r.method() + " " + r.path()).isEqualTo(r.operationId());
      assertThat(ids.add(id)).as("duplicate operationId " + id).isTrue();
    }
  }

  @Test
  void everyOperationDocumentsAProblemJson4xx() {
    for (Route r : Routes.ALL) {
      JsonNode responses = operation(r).path("responses");
      boolean found = false;
      for (Map.Entry<String, JsonNode> e : responses.properties()) {
        if (e.getKey().startsWith("4")) {
          JsonNode problem = resolve(e.getValue()).path("content").path("application/problem+json");
          if (!problem.isMissingNode()) {
            assertThat(resolve(problem.path("schema")).path("properties").has("code")).isTrue();
            found = true;
          }
        }
      }
      assertThat(found).as(r.method() + " " + r.path() + " has no 4xx application/problem+json").isTrue();
    }
  }

  /** Public routes whose JSON body is read: a person's own consent choices, authorised by a signed link. */
  static final Set<String> PUBLIC_WITH_BODY = Set.of("changeMyConsent");

  @Test
  void securityMatchesAuthentication() {
    for (Route r : Routes.ALL) {
      JsonNode security = operation(r).path("security");
      if (r.authenticated()) {
        assertThat(security.isMissingNode()).as(r.path() + " must inherit the global security").isTrue();
        assertThat(operation(r).path("responses").has("401")).as(r.path()).isTrue();
      } else {
        assertThat(security.isArray() && security.isEmpty()).as(r.path() + " needs security: []").isTrue();
      }
    }
  }

  @Test
  void bodiesAndIdempotencyAreDocumentedWhereTheCodeHonoursThem() {
    for (Route r : Routes.ALL) {
      JsonNode op = operation(r);
      String where = r.method() + " " + r.path();
      boolean hasBody = op.has("requestBody");
      boolean jsonBody = r.readsBody() && !r.acceptsForm() && (r.authenticated() || PUBLIC_WITH_BODY.contains(r.operationId()));
      if (jsonBody) {
        assertThat(hasBody).as(where).isTrue();
        assertThat(op.path("responses").has("413")).as(where + " 413").isTrue();
        assertThat(op.path("responses").has("415")).as(where + " 415").isTrue();
      } else {
        assertThat(hasBody).as(where).isFalse();
      }
      List<String> params = new ArrayList<>();
      op.path("parameters").forEach(p -> params.add(resolve(p).path("name").asText()));
      assertThat(params.contains("Idempotency-Key")).as(where).isEqualTo(r.idempotent());
      if (r.idempotent()) {
        assertThat(op.path("responses").has("422")).as(where + " 422").isTrue();
      }
      for (String segment : r.path().split("/")) {
        if (segment.startsWith("{")) {
          assertThat(params).as(where).contains(segment.substring(1, segment.length() - 1));
        }
      }
    }
  }

  @Test
  void requestSchemasRejectUnknownProperties() {
    for (Route r : Routes.ALL) {
      JsonNode body = operation(r).path("requestBody");
      if (!body.isMissingNode()) {
        JsonNode schema = resolve(body).path("content").path("application/json").path("schema");
        assertThat(schema.isMissingNode()).as(r.path()).isFalse();
        assertStrict(schema, r.method() + " " + r.path(), new HashSet<>());
      }
    }
  }

  private static void assertStrict(JsonNode node, String where, Set<String> seen) {
    if (node.has("$ref") && !seen.add(node.get("$ref").asText())) {
      return;
    }
    JsonNode schema = resolve(node);
    if (schema.path("type").asText().equals("object") || schema.has("properties")) {
      JsonNode additional = schema.path("additionalProperties");
      assertThat(additional.isObject() || (additional.isBoolean() && !additional.asBoolean()))
          .as(where + ": an object schema must set additionalProperties (false, or a schema for maps)").isTrue();
      schema.path("properties").forEach(p -> assertStrict(p, where, seen));
      if (additional.isObject()) {
        assertStrict(additional, where, seen);
      }
    }
    if (schema.has("items")) {
      assertStrict(schema.get("items"), where, seen);
    }
    for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
      schema.path(combinator).forEach(s -> assertStrict(s, where, seen));
    }
  }

  @Test
  void problemCodesAreTheCoreErrorCodes() {
    Set<String> documented = new TreeSet<>();
    doc.path("components").path("schemas").path("Problem").path("properties").path("code").path("enum")
        .forEach(c -> documented.add(c.asText()));
    assertThat(documented).isEqualTo(Arrays.stream(ErrorCode.values()).map(Enum::name)
        .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void reasonCodesEventTypesAndRolesAreTheCoreOnes() {
    assertThat(enumAt("/components/schemas/Reason/properties/code"))
        .isEqualTo(names(dev.mandate.core.decision.ReasonCode.values()));
    assertThat(enumAt("/components/schemas/ProcessingRecord/properties/type"))
        .isEqualTo(names(dev.mandate.core.processinglog.EventType.values()));
    Set<String> roles = Arrays.stream(dev.mandate.core.access.Role.values()).map(dev.mandate.core.access.Role::code)
        .collect(Collectors.toCollection(TreeSet::new));
    for (String schema : List.of("ApiKeyRequest", "ApiKeyCreated", "ApiKey")) {
      assertThat(enumAt("/components/schemas/" + schema + "/properties/role")).as(schema).isEqualTo(roles);
    }
  }

  private static Set<String> enumAt(String pointer) {
    Set<String> values = new TreeSet<>();
    resolve(doc.at(pointer)).path("enum").forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void problemExamplesAreWhatTheServerWrites() {
    int checked = 0;
    for (Map.Entry<String, JsonNode> response : doc.path("components").path("responses").properties()) {
      JsonNode example = response.getValue().path("content").path("application/problem+json").path("example");
      if (!example.isMissingNode()) {
        ErrorCode code = ErrorCode.valueOf(example.path("code").asText());
        assertThat(example.path("type").asText()).as(response.getKey()).isEqualTo(Problems.type(code));
        assertThat(example.path("title").asText()).as(response.getKey()).isEqualTo(Problems.title(code));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(5);
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("$ref")) {
          refs.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }

  @Test
  void vocabularyKindsAreDocumented() {
    Set<String> documented = new TreeSet<>();
    doc.path("components").path("parameters").path("Kind").path("schema").path("enum")
        .forEach(k -> documented.add(k.asText()));
    assertThat(documented).isEqualTo(new TreeSet<>(VocabularyEndpoints.KINDS.keySet()));
  }
}
