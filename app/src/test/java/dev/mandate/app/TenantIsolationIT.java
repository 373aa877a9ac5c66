package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.app.TestServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A key of customer A can neither read nor learn the existence of anything of customer B, on
 * every endpoint. The endpoints come from the OpenAPI document, so a new route is covered as
 * soon as it is documented (and the drift test makes sure it is).
 */
class TenantIsolationIT {
  static TestServer server;
  static Map<String, String> keysOfAlpha;
  static String betaRecord;

  @BeforeAll
  static void setUp() {
    server = TestServer.start();
    String admin = server.adminKey;
    for (String id : List.of("alpha", "beta")) {
      ObjectNode c = Examples.read("customer.json").put("id", id).put("name", id.equals("beta") ? "Beta Secret Corp" : "Alpha AG");
      assertThat(server.call("POST", "/v1/customers", admin, c).status()).isEqualTo(201);
      assertThat(server.call("POST", "/v1/customers/" + id + "/agreement/versions", admin, Examples.read("agreement-v1.json")).status()).isEqualTo(201);
      assertThat(server.call("POST", "/v1/customers/" + id + "/agreement/versions/1/offer", admin, null).status()).isEqualTo(200);
      String dpo = server.key("customer-dpo", new String[] {id}, new String[] {});
      assertThat(server.call("POST", "/v1/customers/" + id + "/agreement/versions/1/accept", dpo, null).status()).isEqualTo(200);
    }
    String betaService = server.key("processor-service", new String[] {"beta"}, new String[] {"dpv:PersonnelPayment"});
    Response created = server.call("POST", "/v1/customers/beta/vault/records", betaService, Examples.read("vault-record.json"));
    assertThat(created.status()).isEqualTo(201);
    betaRecord = created.json().get("id").asText();
    keysOfAlpha = Map.of(
        "customer-dpo", server.key("customer-dpo", new String[] {"alpha"}, new String[] {}),
        "processor-service", server.key("processor-service", new String[] {"alpha"},
            new String[] {"dpv:PersonnelPayment", "dpv:CommunicationManagement"}),
        "customer-application", server.key("customer-application", new String[] {"alpha"}, new String[] {}),
        "auditor", server.key("auditor", new String[] {"alpha"}, new String[] {}));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Operation(String method, String path) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static List<Operation> operations() {
    try (InputStream in = TenantIsolationIT.class.getResourceAsStream("/openapi.json")) {
      JsonNode paths = TestServer.JSON.readTree(in).get("paths");
      List<Operation> ops = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = paths.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        e.getValue().fieldNames().forEachRemaining(m -> {
          if (List.of("get", "post", "put", "patch", "delete").contains(m)) {
            ops.add(new Operation(m.toUpperCase(java.util.Locale.ROOT), e.getKey()));
          }
        });
      }
      return ops;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Stream<Arguments> customerScopedCalls() {
    List<Arguments> args = new ArrayList<>();
    for (Operation op : operations()) {
      if (op.path().contains("{customerId}") || op.path().equals("/v1/decisions")) {
        for (String role : List.of("customer-dpo", "processor-service", "customer-application", "auditor")) {
          args.add(Arguments.of(op, role));
        }
      }
    }
    return args.stream();
  }

  @Test
  void theDocumentHasCustomerScopedOperations() {
    assertThat(customerScopedCalls().count()).isGreaterThan(30);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("customerScopedCalls")
  void anotherCustomersResourcesLookExactlyLikeMissingOnes(Operation op, String role) {
    String key = keysOfAlpha.get(role);
    Response other = call(op, key, "beta");
    Response missing = call(op, key, "no-such-customer");
    assertThat(other.status()).as("%s as %s on beta: %s", op, role, other).isEqualTo(404);
    assertThat(other.json().get("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
    assertThat(other.body()).doesNotContain("Beta Secret Corp").doesNotContain("Jamie");
    assertThat(other.json().get("detail").asText().replace("beta", "X"))
        .isEqualTo(missing.json().get("detail").asText().replace("no-such-customer", "X"));
  }

  @Test
  void listsShowOnlyOwnCustomers() {
    for (String role : keysOfAlpha.keySet()) {
      Response list = server.call("GET", "/v1/customers", keysOfAlpha.get(role), null);
      if (role.equals("customer-application")) {
        // least privilege: the customer's application records consent, it does not read customers
        assertThat(list.status()).isEqualTo(403);
        continue;
      }
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.body()).contains("alpha").doesNotContain("beta").doesNotContain("Beta Secret Corp");
    }
  }

  @Test
  void onlyAdminsManageKeys() {
    for (String role : keysOfAlpha.keySet()) {
      assertThat(server.call("GET", "/v1/api-keys", keysOfAlpha.get(role), null).status()).isEqualTo(403);
    }
  }

  private Response call(Operation op, String key, String customer) {
    String path = op.path().replace("{customerId}", customer).replace("{version}", "1")
        .replace("{recordId}", betaRecord).replace("{index}", "0")
        .replace("{instructionId}", "ins_aaaaaaaaaaaaaaaaaaaa");
    String query = switch (op.method()) {
      case "GET", "DELETE" -> path.contains("/vault/records/") ? "?purpose=dpv:PersonnelPayment" : "";
      default -> "";
    };
    return server.call(op.method(), path + query, key, body(op, customer));
  }

  private static Object body(Operation op, String customer) {
    String p = op.path();
    if (op.method().equals("GET") || op.method().equals("DELETE")) {
      return null;
    }
    if (p.equals("/v1/decisions")) {
      return Examples.read("decision.json").put("customerId", customer);
    }
    if (p.endsWith("/agreement/versions") || (p.endsWith("/versions/{version}") && op.method().equals("PUT"))) {
      return Examples.read("agreement-v1.json");
    }
    if (p.endsWith("/vault/records")) {
      return Examples.read("vault-record.json");
    }
    if (p.endsWith("/vault/records/{recordId}")) {
      ObjectNode change = TestServer.JSON.createObjectNode().put("purpose", "dpv:PersonnelPayment");
      change.putObject("fields").putObject("email").put("category", "pd:EmailAddress").put("value", "x@example.org");
      return change;
    }
    if (p.endsWith("/vault/search")) {
      return TestServer.JSON.createObjectNode().put("purpose", "dpv:PersonnelPayment").put("field", "email")
          .put("category", "pd:EmailAddress").put("value", "jamie.rivera@acme.example")
          .put("dataSubjectCategory", "dpv:Employee");
    }
    if (p.equals("/v1/customers/{customerId}")) {
      ObjectNode c = Examples.read("customer.json");
      c.remove("id");
      return c;
    }
    if (p.endsWith("/accept")) {
      return TestServer.JSON.createObjectNode();
    }
    if (p.endsWith("/instructions") || p.endsWith("/instructions/{instructionId}/versions")) {
      return Examples.read("instruction-payslips.json");
    }
    if (p.endsWith("/confirm")) {
      return TestServer.JSON.createObjectNode().put("justification", "Our works council agreed to this in writing.");
    }
    if (p.endsWith("/decision")) {
      return TestServer.JSON.createObjectNode().put("decision", "REFUSE").put("note", "Not applied.");
    }
    return TestServer.JSON.createObjectNode();
  }
}
