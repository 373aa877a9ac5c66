package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.app.TestServer.Response;

/** Sets up customer "acme" with accepted agreement v1, a DPO key, a service key and one record. */
final class Walkthrough {
  final String dpo;
  final String service;
  final String record;

  Walkthrough(TestServer server) {
    String admin = server.adminKey;
    expect(server.call("POST", "/v1/customers", admin, Examples.read("customer.json")), 201);
    expect(server.call("POST", "/v1/customers/acme/agreement/versions", admin, Examples.read("agreement-v1.json")), 201);
    expect(server.call("POST", "/v1/customers/acme/agreement/versions/1/offer", admin, null), 200);
    dpo = server.key("customer-dpo", new String[] {"acme"}, new String[] {});
    expect(server.call("POST", "/v1/customers/acme/agreement/versions/1/accept", dpo, null), 200);
    service = server.key("processor-service", new String[] {"acme"}, new String[] {"dpv:PersonnelPayment"});
    record = expect(server.call("POST", "/v1/customers/acme/vault/records", service, Examples.read("vault-record.json")), 201)
        .json().get("id").asText();
  }

  String recordPath() {
    return "/v1/customers/acme/vault/records/" + record + "?purpose=dpv:PersonnelPayment";
  }

  static Response expect(Response r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    return r;
  }
}
