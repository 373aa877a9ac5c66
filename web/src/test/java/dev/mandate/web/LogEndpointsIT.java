package dev.mandate.web;

import static dev.mandate.web.TestApi.expect;
import static dev.mandate.web.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mandate.logverify.BundleVerifier;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.NoteVerifier;
import dev.mandate.logverify.Notes;
import dev.mandate.logverify.ProofVerifier;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verifiable log over HTTP (8.2.6): what a customer's DPO downloads can be checked offline. */
class LogEndpointsIT {
  private TestApi api;
  private String dpo;

  @BeforeEach
  void start() {
    api = new TestApi();
    api.acmeWithAgreement();
    String service = api.serviceToken();
    for (int i = 0; i < 5; i++) {
      expect(api.send("POST", "/v1/decisions", service, """
          {"customerId":"acme","purpose":"dpv:LegalCompliance","operation":"dpv:Store",
           "dataCategories":["pd:BankAccount"],"dataSubjectCategory":"dpv:Employee","subjectId":"emp-4711"}
          """), 200);
    }
    dpo = api.dpoToken();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void checkpointsOpenWithThePublishedKeys() throws Exception {
    JsonNode checkpoint = json(expect(api.send("POST", "/v1/customers/acme/log/checkpoint", dpo, null), 200));
    String note = expect(api.send("GET", "/v1/customers/acme/log/checkpoint?format=note", dpo, null), 200).body();

    assertThat(note).isEqualTo(checkpoint.path("note").asText());
    assertThat(Notes.openCheckpoint(note, keys()).size()).isEqualTo(checkpoint.path("size").asLong()).isPositive();
  }

  @Test
  void anInclusionProofTiesAnEntryToTheSignedRoot() throws Exception {
    JsonNode checkpoint = json(expect(api.send("POST", "/v1/customers/acme/log/checkpoint", dpo, null), 200));
    long size = checkpoint.path("size").asLong();
    JsonNode entries = json(expect(api.send("GET", "/v1/customers/acme/log/entries?from=0&to=" + size, dpo, null), 200));
    assertThat(entries.path("items")).hasSize((int) size);

    for (int i = 0; i < size; i++) {
      JsonNode proof = json(expect(api.send("GET", "/v1/customers/acme/log/entries/" + i + "/inclusion-proof", dpo,
          null), 200));
      byte[] leaf = Hashes.leafHash(entries.path("items").get(i).path("entry").asText().getBytes(StandardCharsets.UTF_8));
      ProofVerifier.verifyInclusion(i, size, leaf, hashes(proof.path("hashes")),
          Hashes.fromHex(checkpoint.path("rootHash").asText()));
    }
    JsonNode consistency = json(expect(api.send("GET", "/v1/customers/acme/log/consistency-proof?from=2", dpo, null),
        200));
    ProofVerifier.verifyConsistency(2, size, hashes(consistency.path("hashes")),
        Hashes.fromHex(consistency.path("fromRoot").asText()), Hashes.fromHex(checkpoint.path("rootHash").asText()));
  }

  @Test
  void aBundleVerifiesOfflineAndAgainstAnEarlierCheckpoint() throws Exception {
    JsonNode earlier = json(expect(api.send("POST", "/v1/customers/acme/log/checkpoint", dpo, null), 200));
    expect(api.send("POST", "/v1/decisions", api.serviceToken(), """
        {"customerId":"acme","purpose":"dpv:LegalCompliance","operation":"dpv:Store",
         "dataCategories":["pd:BankAccount"],"dataSubjectCategory":"dpv:Employee","subjectId":"emp-1"}
        """), 200);
    expect(api.send("POST", "/v1/customers/acme/log/checkpoint", dpo, null), 200);

    HttpResponse<String> bundle = expect(api.send("GET", "/v1/customers/acme/log/bundle?since="
        + earlier.path("size").asLong(), dpo, null), 200);

    assertThat(bundle.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    BundleVerifier.Report report = BundleVerifier.verify(
        new ByteArrayInputStream(bundle.body().getBytes(StandardCharsets.UTF_8)),
        new BundleVerifier.Options(keys(), earlier.path("note").asText(), true));
    assertThat(report.ok()).as(report.message()).isTrue();
  }

  @Test
  void onlyTheProcessorAdminRotatesTheSigningKeyAndOldKeysStayPublished() {
    TestApi.expect(api.send("POST", "/v1/log/signing-keys", dpo, null), 403);
    JsonNode rotated = json(expect(api.send("POST", "/v1/log/signing-keys", api.adminToken(), null), 201));
    JsonNode keys = json(expect(api.send("GET", "/v1/log/signing-keys", dpo, null), 200));
    String text = expect(api.send("GET", "/v1/log/signing-keys?format=text", dpo, null), 200).body();

    assertThat(keys.path("items")).hasSize(2);
    assertThat(keys.path("items").get(0).path("current").asBoolean()).isFalse();
    assertThat(keys.path("items").get(1).path("vkey").asText()).isEqualTo(rotated.path("vkey").asText());
    assertThat(text.lines()).hasSize(2);
  }

  @Test
  void badQuestionsGetClearProblems() {
    expect(api.send("POST", "/v1/customers/acme/log/checkpoint", dpo, null), 200);
    problem(api.send("GET", "/v1/customers/acme/log/entries/x/inclusion-proof", dpo, null), 400, "index");
    problem(api.send("GET", "/v1/customers/acme/log/entries/0/inclusion-proof?treeSize=999", dpo, null), 400, "treeSize");
    expect(api.send("GET", "/v1/customers/acme/log/entries/999/inclusion-proof", dpo, null), 404);
    problem(api.send("GET", "/v1/customers/acme/log/consistency-proof?from=9&to=2", dpo, null), 400, "from");
    problem(api.send("GET", "/v1/customers/acme/log/entries?from=3&to=1", dpo, null), 400, "to");
    problem(api.send("GET", "/v1/customers/acme/log/bundle?start=yesterday", dpo, null), 400, "start");
    problem(api.send("GET", "/v1/customers/acme/log/bundle?from=0&start=2026-01-01", dpo, null), 400, "from");
    problem(api.send("GET", "/v1/customers/acme/log/checkpoint?format=xml", dpo, null), 400, "format");
    expect(api.send("GET", "/v1/customers/acme/log/checkpoint", api.serviceToken(), null), 403);
  }

  private static void problem(HttpResponse<String> r, int status, String field) {
    expect(r, status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).path("errors").get(0).path("field").asText()).isEqualTo(field);
  }

  private List<NoteVerifier> keys() throws Exception {
    List<NoteVerifier> keys = new ArrayList<>();
    for (JsonNode k : json(expect(api.send("GET", "/v1/log/signing-keys", dpo, null), 200)).path("items")) {
      keys.add(NoteVerifier.fromVkey(k.path("vkey").asText()));
    }
    return keys;
  }

  private static List<byte[]> hashes(JsonNode array) {
    List<byte[]> list = new ArrayList<>();
    array.forEach(h -> list.add(Hashes.fromHex(h.asText())));
    return list;
  }
}
