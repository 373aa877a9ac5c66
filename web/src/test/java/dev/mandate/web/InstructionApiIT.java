package dev.mandate.web;

import static dev.mandate.web.TestApi.expect;
import static dev.mandate.web.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.processinglog.RecordedEvent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Documented instructions (ISO 27701 8.2.4) through the real HTTP server with in-memory adapters
 * and the real rule files: analysis, holding and notifying, amending, the customer's written
 * confirmation and the privacy officer's decision, withdrawal, instructions recorded by the
 * processor, the dry run, decisions under a named instruction, bad input and tenant isolation.
 */
class InstructionApiIT {
  static final String ACME = "/v1/customers/acme";
  static final String INSTRUCTIONS = ACME + "/instructions";
  /** Within the agreement's dpv:PersonnelManagement clause; nothing for the analyser to find. */
  static final String CLEAN_FIELDS = """
      {"purpose":"dpv:PersonnelManagement","dataCategories":["pd:Name"],"operations":["dpv:Store"],
       "dataSubjects":["dpv:Employee"],"transfers":[{"country":"FR","recipient":"Archive SARL"}]}""";
  /** A transfer to a country without an EU adequacy decision and no Art. 46 safeguard (EU-TRANSFER-1). */
  static final String INFRINGING_FIELDS = """
      {"purpose":"dpv:PersonnelManagement","dataCategories":["pd:Name"],"operations":["dpv:Store"],
       "dataSubjects":["dpv:Employee"],"transfers":[{"country":"VN","recipient":"Archive Co"}]}""";
  /** The same transfer with the EU standard contractual clauses. */
  static final String SAFEGUARDED_FIELDS = """
      {"purpose":"dpv:PersonnelManagement","dataCategories":["pd:Name"],"operations":["dpv:Store"],
       "dataSubjects":["dpv:Employee"],
       "transfers":[{"country":"VN","recipient":"Archive Co","safeguard":"eu-gdpr:SCCByCommission"}]}""";
  static final String JUSTIFICATION = "Our works council approved the archive; clauses are being signed this week.";

  private TestApi api;
  private String dpo;
  private String app;
  private String service;
  private String officer;

  @BeforeEach
  void start() {
    api = new TestApi();
    expect(api.send("POST", "/v1/customers", api.adminToken(), """
        {"id":"acme","name":"Acme GmbH","jurisdictions":["EU-GDPR"],
         "dpo":{"name":"Dana Privacy","email":"dpo@acme.example"},
         "notificationEndpoints":[{"kind":"WEBHOOK","address":"https://acme.example/hooks/mandate"},
                                  {"kind":"EMAIL","address":"dpo@acme.example"}]}
        """), 201);
    expect(api.send("POST", ACME + "/agreement/versions", api.adminToken(), TestApi.payrollTerms()), 201);
    expect(api.send("POST", ACME + "/agreement/versions/1/offer", api.adminToken(), null), 200);
    dpo = api.dpoToken();
    expect(api.send("POST", ACME + "/agreement/versions/1/accept", dpo, null), 200);
    app = api.issue("customer-application", Set.of("acme"), Set.of());
    service = api.serviceToken();
    officer = api.issue("processor-privacy-officer", Set.of(), Set.of());
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aCleanInstructionIsClearedAndDecisionsUnderItArePermitted() {
    HttpResponse<String> created = expect(submit(dpo, "Archive the personnel files with our French archive.",
        CLEAN_FIELDS, null, "Idempotency-Key", "clean-1"), 201);
    JsonNode v1 = json(created);
    String id = v1.path("id").asText();
    assertThat(id).matches("ins_[a-z0-9]{20}");
    assertThat(v1.path("customerId").asText()).isEqualTo("acme");
    assertThat(v1.path("version").asInt()).isEqualTo(1);
    assertThat(v1.path("state").asText()).isEqualTo("CLEARED");
    assertThat(v1.path("standing").asBoolean()).isFalse();
    assertThat(v1.path("agreementVersion").asInt()).isEqualTo(1);
    assertThat(v1.at("/analysis/outcome").asText()).isEqualTo("NO_INFRINGEMENT_FOUND");
    assertThat(v1.at("/analysis/findings")).isEmpty();
    assertThat(v1.at("/analysis/jurisdictions/0").asText()).isEqualTo("EU-GDPR");
    assertThat(v1.at("/analysis/rulesChecked").asInt()).isPositive();
    assertThat(v1.at("/analysis/ruleBookVersion").asText()).startsWith("sha256:");
    assertThat(v1.at("/analysis/asOf").asText()).isEqualTo("2026-06-15");
    assertThat(v1.at("/analysis/summary").asText()).contains("not a statement that the instruction is lawful");
    assertThat(v1.at("/givenBy/authorised").asBoolean()).isTrue();
    assertThat(v1.at("/givenBy/role").asText()).isEqualTo("customer-dpo");
    assertThat(v1.path("submittedBy").asText()).endsWith("/customer-dpo");
    assertThat(v1.path("customerResponse").isNull()).isTrue();
    // fields are an object with only what was said: no nulls, no empty lists
    assertThat(v1.at("/fields/purpose").asText()).isEqualTo("dpv:PersonnelManagement");
    assertThat(v1.at("/fields/transfers/0/country").asText()).isEqualTo("FR");
    assertThat(v1.at("/fields/transfers/0").has("safeguard")).isFalse();
    assertThat(v1.path("fields").has("retentionDays")).isFalse();
    assertThat(v1.path("fields").has("subProcessors")).isFalse();
    assertThat(v1.path("fields").has("reidentify")).isFalse();
    // a retry with the same key replays the answer instead of giving a second instruction
    HttpResponse<String> replay = expect(submit(dpo, "Archive the personnel files with our French archive.",
        CLEAN_FIELDS, null, "Idempotency-Key", "clean-1"), 201);
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(json(replay).path("id").asText()).isEqualTo(id);

    JsonNode history = json(expect(api.send("GET", INSTRUCTIONS + "/" + id, app, null), 200));
    assertThat(history.path("inForce").asInt()).isEqualTo(1);
    assertThat(history.path("versions")).hasSize(1);
    assertThat(json(expect(api.send("GET", INSTRUCTIONS + "/" + id + "/versions/1", dpo, null), 200))
        .path("state").asText()).isEqualTo("CLEARED");
    // the processor's applications learn what is in force from decisions, not the customer's words
    assertProblem(api.send("GET", INSTRUCTIONS + "/" + id + "/versions/1", service, null), 403, "FORBIDDEN_FOR_ROLE", null);
    assertThat(ids(json(expect(api.send("GET", INSTRUCTIONS + "?state=CLEARED&limit=50", dpo, null), 200))))
        .contains(id);
    assertThat(json(expect(api.send("GET", INSTRUCTIONS + "/" + id + "/notices", dpo, null), 200)).path("items"))
        .isEmpty();

    JsonNode permit = json(expect(decide(id, "dpv:Store"), 200));
    assertThat(permit.path("effect").asText()).as(permit.toString()).isEqualTo("PERMIT");
    assertThat(codes(permit)).contains("PERMITTED_BY_CLAUSE", "INSTRUCTION_IN_FORCE");
    // the clause would allow erasing, the instruction does not
    JsonNode outside = json(expect(decide(id, "dpv:Erase"), 200));
    assertThat(outside.path("effect").asText()).isEqualTo("DENY");
    assertThat(codes(outside)).contains("OUTSIDE_INSTRUCTION");
  }

  @Test
  void anInfringingInstructionIsHeldTheCustomerIsToldAndNothingRunsUnderIt() {
    JsonNode v1 = json(expect(submit(dpo, "Archive all personnel files with Archive Co in Vietnam.",
        INFRINGING_FIELDS, null), 201));
    String id = v1.path("id").asText();
    assertThat(v1.path("state").asText()).isEqualTo("HELD");
    assertThat(v1.at("/analysis/outcome").asText()).isEqualTo("POSSIBLE_INFRINGEMENT");
    JsonNode finding = v1.at("/analysis/findings/0");
    assertThat(finding.path("rule").asText()).isEqualTo("EU-TRANSFER-1");
    assertThat(finding.path("catalogue").asText()).isEqualTo("R-TRANSFER");
    assertThat(finding.path("jurisdiction").asText()).isEqualTo("EU-GDPR");
    assertThat(finding.path("citation").asText()).contains("GDPR Arts. 44-46");
    assertThat(finding.path("severity").asText()).isEqualTo("INFRINGES");
    assertThat(finding.path("explanation").asText()).contains("adequacy");
    assertThat(finding.path("fields").toString()).contains("transfers");
    assertThat(v1.at("/analysis/summary").asText()).contains("may infringe the law").doesNotContain("lawful.");

    // one notice per notification endpoint of the customer, shown without its body
    JsonNode notices = json(expect(api.send("GET", INSTRUCTIONS + "/" + id + "/notices", dpo, null), 200));
    assertThat(notices.path("items")).hasSize(2);
    List<String> channels = new ArrayList<>();
    notices.path("items").forEach(n -> channels.add(n.path("channel").asText() + " " + n.path("address").asText()));
    assertThat(channels).containsExactlyInAnyOrder("WEBHOOK https://acme.example/hooks/mandate",
        "EMAIL dpo@acme.example");
    JsonNode notice = notices.at("/items/0");
    assertThat(notice.path("id").asText()).startsWith("ntc_");
    assertThat(notice.path("reference").asText()).isEqualTo("instruction:" + id + "/v1");
    assertThat(notice.path("state").asText()).isEqualTo("PENDING");
    assertThat(notice.path("attempts").asInt()).isZero();
    assertThat(notice.has("textBody")).isFalse();
    assertThat(notice.has("jsonPayload")).isFalse();
    assertThat(api.outbox.byReference(new CustomerId("acme"), "instruction:" + id + "/v1")).hasSize(2);
    assertThat(ids(json(expect(api.send("GET", INSTRUCTIONS + "?state=HELD", dpo, null), 200)))).containsExactly(id);

    JsonNode held = json(expect(decide(id, "dpv:Store"), 200));
    assertThat(held.path("effect").asText()).isEqualTo("DENY");
    assertThat(codes(held)).contains("INSTRUCTION_ON_HOLD");

    // the customer amends: version 2 is analysed again and version 1 is superseded
    JsonNode v2 = json(expect(api.send("POST", INSTRUCTIONS + "/" + id + "/versions", app,
        body("Archive with Archive Co in Vietnam under the EU standard contractual clauses.", SAFEGUARDED_FIELDS,
            null)), 201));
    assertThat(v2.path("id").asText()).isEqualTo(id);
    assertThat(v2.path("version").asInt()).isEqualTo(2);
    assertThat(v2.path("state").asText()).isEqualTo("CLEARED");
    assertThat(v2.at("/analysis/outcome").asText()).isEqualTo("NO_INFRINGEMENT_FOUND");
    JsonNode history = json(expect(api.send("GET", INSTRUCTIONS + "/" + id, dpo, null), 200));
    assertThat(history.path("inForce").asInt()).isEqualTo(2);
    assertThat(history.at("/versions/0/version").asInt()).isEqualTo(1);
    assertThat(history.at("/versions/0/state").asText()).isEqualTo("SUPERSEDED");
    assertThat(history.at("/versions/1/state").asText()).isEqualTo("CLEARED");
    assertThat(json(expect(api.send("GET", INSTRUCTIONS + "/" + id + "/versions/1", dpo, null), 200))
        .path("state").asText()).isEqualTo("SUPERSEDED");
    JsonNode permit = json(expect(decide(id, "dpv:Store"), 200));
    assertThat(permit.path("effect").asText()).as(permit.toString()).isEqualTo("PERMIT");
    assertThat(codes(permit)).contains("INSTRUCTION_IN_FORCE");
  }

  @Test
  void aConfirmedInstructionIsAppliedOnlyByThePrivacyOfficerAndEveryStepIsRecorded() {
    String id = json(expect(submit(dpo, "Archive with Archive Co in Vietnam.", INFRINGING_FIELDS, null), 201))
        .path("id").asText();
    String version = INSTRUCTIONS + "/" + id + "/versions/1";

    // the default is "do not execute": the officer cannot apply a possible infringement before the customer confirms
    assertProblem(api.send("POST", version + "/decision", officer, "{\"decision\":\"APPLY\",\"note\":\"Looks fine.\"}"),
        409, "INSTRUCTION_STATE_CONFLICT", null);
    // only the customer's DPO confirms, and only in writing
    assertProblem(api.send("POST", version + "/confirm", app, "{\"justification\":\"" + JUSTIFICATION + "\"}"), 403,
        "FORBIDDEN_FOR_ROLE", null);
    assertProblem(api.send("POST", version + "/confirm", officer, "{\"justification\":\"" + JUSTIFICATION + "\"}"),
        403, "FORBIDDEN_FOR_ROLE", null);
    assertProblem(api.send("POST", version + "/confirm", dpo, null), 400, "INVALID_REQUEST", "justification");
    assertProblem(api.send("POST", version + "/confirm", dpo, "{}"), 400, "INVALID_REQUEST", "justification");
    assertProblem(api.send("POST", version + "/confirm", dpo, "{\"justification\":\"ok\"}"), 400, "INVALID_REQUEST",
        "justification");
    JsonNode confirmed = json(expect(api.send("POST", version + "/confirm", dpo,
        "{\"justification\":\"" + JUSTIFICATION + "\"}"), 200));
    assertThat(confirmed.path("state").asText()).isEqualTo("CONFIRMED_BY_CUSTOMER");
    assertThat(confirmed.at("/customerResponse/note").asText()).isEqualTo(JUSTIFICATION);
    assertThat(confirmed.at("/customerResponse/actor").asText()).endsWith("/customer-dpo");
    assertThat(codes(json(decide(id, "dpv:Store")))).contains("INSTRUCTION_ON_HOLD");
    // confirming twice is a state conflict
    assertProblem(api.send("POST", version + "/confirm", dpo, "{\"justification\":\"" + JUSTIFICATION + "\"}"), 409,
        "INSTRUCTION_STATE_CONFLICT", null);

    // only the processor's privacy officer decides
    assertProblem(api.send("POST", version + "/decision", dpo, "{\"decision\":\"APPLY\",\"note\":\"We insist.\"}"),
        403, "FORBIDDEN_FOR_ROLE", null);
    assertProblem(api.send("POST", version + "/decision", api.adminToken(),
        "{\"decision\":\"APPLY\",\"note\":\"Fine.\"}"), 403, "FORBIDDEN_FOR_ROLE", null);
    assertProblem(api.send("POST", version + "/decision", officer, "{\"decision\":\"MAYBE\",\"note\":\"Hm.\"}"), 400,
        "INVALID_REQUEST", "decision");
    assertProblem(api.send("POST", version + "/decision", officer, "{\"decision\":\"APPLY\"}"), 400,
        "INVALID_REQUEST", "note");
    JsonNode applied = json(expect(api.send("POST", version + "/decision", officer,
        "{\"decision\":\"APPLY\",\"note\":\"Clauses signed on 2026-06-20; transfer impact assessment on file.\"}"), 200));
    assertThat(applied.path("state").asText()).isEqualTo("APPLIED");
    assertThat(applied.at("/officerDecision/actor").asText()).endsWith("/processor-privacy-officer");
    assertThat(applied.at("/officerDecision/note").asText()).startsWith("Clauses signed");
    assertThat(applied.at("/customerResponse/note").asText()).isEqualTo(JUSTIFICATION);
    JsonNode permit = json(expect(decide(id, "dpv:Store"), 200));
    assertThat(permit.path("effect").asText()).as(permit.toString()).isEqualTo("PERMIT");
    assertThat(codes(permit)).contains("INSTRUCTION_IN_FORCE");
    assertThat(json(expect(api.send("GET", INSTRUCTIONS + "/" + id, officer, null), 200)).path("inForce").asInt())
        .isEqualTo(1);
    // the customer was told of the hold and of the decision, on both endpoints
    assertThat(json(expect(api.send("GET", INSTRUCTIONS + "/" + id + "/notices", officer, null), 200))
        .path("items")).hasSize(4);

    // every step is a processing record the customer's DPO can read
    JsonNode records = json(expect(api.send("GET", ACME + "/processing-records?limit=1000", dpo, null), 200));
    List<String> steps = new ArrayList<>();
    String ref = "instruction:" + id + "/v1";
    records.path("items").forEach(r -> {
      if (r.path("recordRef").asText().equals(ref) || r.path("reasons").toString().contains(ref)) {
        steps.add(r.path("type").asText());
      }
    });
    assertThat(steps).containsSubsequence("INSTRUCTION_RECEIVED", "INSTRUCTION_ANALYSED", "INSTRUCTION_HELD",
        "NOTICE_QUEUED", "NOTICE_QUEUED", "INSTRUCTION_CONFIRMED_BY_CUSTOMER", "INSTRUCTION_APPLIED", "NOTICE_QUEUED",
        "NOTICE_QUEUED");
    List<RecordedEvent> analysed = api.log.read(new CustomerId("acme"), 0, 10_000, null).stream()
        .filter(e -> ref.equals(e.event().recordRef()) && e.event().type().name().equals("INSTRUCTION_ANALYSED"))
        .toList();
    assertThat(analysed).hasSize(1);
    assertThat(analysed.get(0).event().reasons()).containsExactly("POSSIBLE_INFRINGEMENT", "EU-TRANSFER-1");
    // the decisions under the instruction are recorded with it
    assertThat(records.toString()).contains("\"recordRef\":\"instruction:" + id + "\"");
  }

  @Test
  void theOfficerSeesWhatIsOnHoldAcrossCustomersAndNoCustomerKeyDoes() {
    String held = json(expect(submit(dpo, "Archive with Archive Co in Vietnam.", INFRINGING_FIELDS, null), 201))
        .path("id").asText();
    expect(submit(dpo, "Archive with Archive Co, clauses signed.", SAFEGUARDED_FIELDS, null), 201);

    JsonNode queue = json(expect(api.send("GET", "/v1/instructions/on-hold", officer, null), 200));

    assertThat(ids(queue)).containsExactly(held);
    assertProblem(api.send("GET", "/v1/instructions/on-hold", dpo, null), 403, "FORBIDDEN_FOR_ROLE", null);
    assertProblem(api.send("GET", "/v1/instructions/on-hold", service, null), 403, "FORBIDDEN_FOR_ROLE", null);
    assertProblem(api.send("GET", "/v1/instructions/on-hold?limit=0", officer, null), 400, "INVALID_REQUEST", "limit");
  }

  @Test
  void theOfficerMayRefuseAndARefusedInstructionIsFinal() {
    String id = json(expect(submit(dpo, "Archive with Archive Co in Vietnam.", INFRINGING_FIELDS, null), 201))
        .path("id").asText();
    JsonNode refused = json(expect(api.send("POST", INSTRUCTIONS + "/" + id + "/versions/1/decision", officer,
        "{\"decision\":\"REFUSE\",\"note\":\"No safeguard for Vietnam; we will not transfer.\"}"), 200));
    assertThat(refused.path("state").asText()).isEqualTo("REFUSED");
    JsonNode denied = json(expect(decide(id, "dpv:Store"), 200));
    assertThat(denied.path("effect").asText()).isEqualTo("DENY");
    assertThat(codes(denied)).contains("INSTRUCTION_NOT_IN_FORCE");
    assertProblem(api.send("POST", INSTRUCTIONS + "/" + id + "/versions", dpo, body("Again.", SAFEGUARDED_FIELDS, null)),
        409, "INSTRUCTION_STATE_CONFLICT", null);
    assertProblem(api.send("POST", INSTRUCTIONS + "/" + id + "/versions/1/confirm", dpo,
        "{\"justification\":\"" + JUSTIFICATION + "\"}"), 409, "INSTRUCTION_STATE_CONFLICT", null);
    assertProblem(api.send("POST", INSTRUCTIONS + "/" + id + "/withdraw", dpo, null), 409,
        "INSTRUCTION_STATE_CONFLICT", null);
    assertThat(entryTypes()).contains("INSTRUCTION_REFUSED");
  }

  @Test
  void theCustomerMayWithdrawAnInstruction() {
    String id = json(expect(submit(app, "Archive with our French archive.", CLEAN_FIELDS, null), 201)).path("id").asText();
    JsonNode withdrawn = json(expect(api.send("POST", INSTRUCTIONS + "/" + id + "/withdraw", app,
        "{\"note\":\"We found another archive.\"}"), 200));
    assertThat(withdrawn.path("state").asText()).isEqualTo("WITHDRAWN");
    assertThat(withdrawn.at("/customerResponse/note").asText()).isEqualTo("We found another archive.");
    JsonNode history = json(expect(api.send("GET", INSTRUCTIONS + "/" + id, dpo, null), 200));
    assertThat(history.path("inForce").isNull()).isTrue();
    assertThat(codes(json(decide(id, "dpv:Store")))).contains("INSTRUCTION_NOT_IN_FORCE");
    assertProblem(api.send("POST", INSTRUCTIONS + "/" + id + "/withdraw", app, null), 409,
        "INSTRUCTION_STATE_CONFLICT", null);
    // only the customer withdraws
    String other = json(expect(submit(app, "Archive with our French archive.", CLEAN_FIELDS, null), 201))
        .path("id").asText();
    assertProblem(api.send("POST", INSTRUCTIONS + "/" + other + "/withdraw", officer, null), 403, "FORBIDDEN_FOR_ROLE",
        null);
    assertThat(entryTypes()).contains("INSTRUCTION_WITHDRAWN", "INSTRUCTION_CLEARED");
  }

  @Test
  void anInstructionRecordedByTheProcessorNamesWhoGaveItAndIsCheckedAgainstTheDpo() {
    JsonNode byOther = json(expect(submit(api.adminToken(), "Phone call: archive with our French archive.",
        CLEAN_FIELDS, "{\"name\":\"Carl Controller\",\"role\":\"CFO\"}"), 201));
    assertThat(byOther.at("/givenBy/name").asText()).isEqualTo("Carl Controller");
    assertThat(byOther.at("/givenBy/role").asText()).isEqualTo("CFO");
    assertThat(byOther.at("/givenBy/authorised").asBoolean()).isFalse();
    assertThat(byOther.path("submittedBy").asText()).endsWith("/processor-admin");
    boolean authorityRule = api.instructions.analyser().rules().rules().stream()
        .anyMatch(r -> r.catalogue().equals("R-AUTHORITY") && r.jurisdiction() == Jurisdiction.EU_GDPR);
    if (authorityRule) {
      assertThat(byOther.path("state").asText()).isEqualTo("HELD");
      List<String> catalogue = new ArrayList<>();
      byOther.at("/analysis/findings").forEach(f -> catalogue.add(f.path("catalogue").asText()));
      assertThat(catalogue).contains("R-AUTHORITY");
    }
    // the customer's designated DPO contact, however it is spaced or cased, is authorised
    JsonNode byDpo = json(expect(submit(api.adminToken(), "E-mail from the DPO: archive with our French archive.",
        CLEAN_FIELDS, "{\"name\":\"  dana   PRIVACY \",\"role\":\"DPO\"}"), 201));
    assertThat(byDpo.at("/givenBy/authorised").asBoolean()).isTrue();
    assertThat(byDpo.path("state").asText()).isEqualTo("CLEARED");
    // the processor must say who gave it; the customer's own key speaks for the customer
    assertProblem(submit(api.adminToken(), "Someone called.", CLEAN_FIELDS, null), 400, "INVALID_REQUEST",
        "givenBy.name");
    assertProblem(submit(dpo, "Archive.", CLEAN_FIELDS, "{\"name\":\"Dana Privacy\"}"), 400, "INVALID_REQUEST",
        "givenBy");
    // roles that do not give instructions
    assertProblem(submit(service, "Archive.", CLEAN_FIELDS, null), 403, "FORBIDDEN_FOR_ROLE", null);
    assertProblem(submit(officer, "Archive.", CLEAN_FIELDS, null), 403, "FORBIDDEN_FOR_ROLE", null);
  }

  @Test
  void theDryRunAnalysesWithOrWithoutACustomerAndRecordsNothing() {
    int entries = api.log.read(new CustomerId("acme"), 0, 100_000, null).size();
    int notices = api.outbox.recent(new CustomerId("acme"), 1000).size();
    String planned = "{\"text\":\"Archive in Vietnam.\",\"fields\":" + INFRINGING_FIELDS + "}";

    JsonNode anyLaw = json(expect(api.send("POST", "/v1/instruction-checks", service,
        "{\"jurisdictions\":[\"EU-GDPR\"],\"asOf\":\"2026-11-01\",\"instruction\":" + planned + "}"), 200));
    assertThat(anyLaw.path("outcome").asText()).isEqualTo("POSSIBLE_INFRINGEMENT");
    assertThat(anyLaw.at("/findings/0/rule").asText()).isEqualTo("EU-TRANSFER-1");
    assertThat(anyLaw.path("asOf").asText()).isEqualTo("2026-11-01");
    JsonNode clean = json(expect(api.send("POST", "/v1/instruction-checks", app,
        "{\"jurisdictions\":[\"EU-GDPR\"],\"instruction\":{\"fields\":" + SAFEGUARDED_FIELDS + "}}"), 200));
    assertThat(clean.path("outcome").asText()).isEqualTo("NO_INFRINGEMENT_FOUND");
    assertThat(clean.path("asOf").asText()).isEqualTo("2026-06-15");
    // with an agreement to check against
    expect(api.send("POST", "/v1/instruction-checks", officer, "{\"jurisdictions\":[\"EU-GDPR\"],\"agreement\":"
        + TestApi.payrollTerms() + ",\"instruction\":" + planned + "}"), 200);

    JsonNode forAcme = json(expect(api.send("POST", "/v1/instruction-checks", dpo,
        "{\"customerId\":\"acme\",\"instruction\":" + planned + "}"), 200));
    assertThat(forAcme.path("outcome").asText()).isEqualTo("POSSIBLE_INFRINGEMENT");
    assertThat(forAcme.path("jurisdictions").toString()).isEqualTo("[\"EU-GDPR\"]");

    // bad input
    assertProblem(api.send("POST", "/v1/instruction-checks", dpo, "{\"instruction\":" + planned + "}"), 400,
        "INVALID_REQUEST", "jurisdictions");
    assertProblem(api.send("POST", "/v1/instruction-checks", dpo,
        "{\"jurisdictions\":[\"EU-GPDR\"],\"instruction\":" + planned + "}"), 400, "INVALID_REQUEST", "jurisdictions[0]");
    assertProblem(api.send("POST", "/v1/instruction-checks", dpo,
        "{\"customerId\":\"acme\",\"jurisdictions\":[\"EU-GDPR\"],\"instruction\":" + planned + "}"), 400,
        "INVALID_REQUEST", "jurisdictions");
    assertProblem(api.send("POST", "/v1/instruction-checks", dpo, "{\"jurisdictions\":[\"EU-GDPR\"]}"), 400,
        "INVALID_REQUEST", "instruction");
    assertProblem(api.send("POST", "/v1/instruction-checks", dpo, "{\"jurisdictions\":[\"EU-GDPR\"],"
        + "\"instruction\":{\"fields\":{\"purpose\":\"dpv:PersonnelManagement\",\"dataCategories\":[\"pd:Nmae\"]}}}"),
        400, "INVALID_REQUEST", "instruction.fields.dataCategories[0]");
    assertProblem(api.send("POST", "/v1/instruction-checks", dpo, "{\"customerId\":\"acme\","
        + "\"instruction\":{\"fields\":{\"purpose\":\"dpv:PersonnelManagement\",\"dataCategories\":[\"pd:Nmae\"]}}}"),
        400, "INVALID_REQUEST", "instruction.fields.dataCategories[0]");
    assertProblem(api.send("POST", "/v1/instruction-checks", dpo, "{\"jurisdictions\":[\"EU-GDPR\"],\"colour\":1,"
        + "\"instruction\":" + planned + "}"), 400, "UNKNOWN_FIELD", "colour");
    // tenant isolation: another customer's DPO cannot check under acme's agreement
    String globexDpo = globex();
    assertProblem(api.send("POST", "/v1/instruction-checks", globexDpo,
        "{\"customerId\":\"acme\",\"instruction\":" + planned + "}"), 404, "CUSTOMER_NOT_FOUND", null);

    // nothing recorded for acme, nothing queued
    assertThat(api.log.read(new CustomerId("acme"), 0, 100_000, null)).hasSize(entries);
    assertThat(api.outbox.recent(new CustomerId("acme"), 1000)).hasSize(notices);
    assertThat(json(expect(api.send("GET", INSTRUCTIONS, dpo, null), 200)).path("items").toString())
        .doesNotContain("Vietnam");
  }

  @Test
  void badInputIsA400WithAStableCodeAndChangesNothing() {
    int before = api.log.all().size();
    assertProblem(submit(dpo, "Archive.", CLEAN_FIELDS.replace("pd:Name", "pd:Nmae"), null), 400, "INVALID_REQUEST",
        "fields.dataCategories[0]");
    assertThat(json(submit(dpo, "Archive.", CLEAN_FIELDS.replace("pd:Name", "pd:Nmae"), null)).at("/errors/0/code")
        .asText()).isEqualTo("UNKNOWN_TERM");
    assertProblem(submit(dpo, "Archive.", CLEAN_FIELDS.replace("dpv:PersonnelManagement", "dpv:PersonelManagement"),
        null), 400, "INVALID_REQUEST", "fields.purpose");
    assertProblem(submit(dpo, "Archive.", CLEAN_FIELDS.replace("\"FR\"", "\"XX\""), null), 400, "INVALID_REQUEST",
        "fields.transfers[0].country");
    assertProblem(submit(dpo, "Archive.", CLEAN_FIELDS.replace("\"FR\"", "\"france\""), null), 400,
        "INVALID_REQUEST", "fields.transfers[0].country");
    assertProblem(submit(dpo, "Archive.", CLEAN_FIELDS.replace("\"purpose\"", "\"colour\":1,\"purpose\""), null),
        400, "UNKNOWN_FIELD", "fields.colour");
    assertProblem(submit(dpo, "Archive.", CLEAN_FIELDS.replace("\"purpose\"", "\"reidentify\":\"yes\",\"purpose\""),
        null), 400, "INVALID_REQUEST", "fields.reidentify");
    assertProblem(api.send("POST", INSTRUCTIONS, dpo, "{\"fields\":" + CLEAN_FIELDS + "}"), 400, "INVALID_REQUEST",
        "text");
    assertProblem(api.send("POST", INSTRUCTIONS, dpo, "{\"text\":\"  \",\"fields\":" + CLEAN_FIELDS + "}"), 400,
        "INVALID_REQUEST", "text");
    assertProblem(api.send("POST", INSTRUCTIONS, dpo, "{\"text\":\"Archive.\"}"), 400, "INVALID_REQUEST", "fields");
    assertProblem(api.send("POST", INSTRUCTIONS, dpo, null), 400, "INVALID_JSON", null);
    assertProblem(api.send("POST", INSTRUCTIONS, dpo, "{\"text\":"), 400, "INVALID_JSON", null);
    assertProblem(api.send("POST", INSTRUCTIONS, dpo, "[]"), 400, null, null);
    // paths and query parameters
    assertProblem(api.send("GET", INSTRUCTIONS + "/not-an-id", dpo, null), 404, "INSTRUCTION_NOT_FOUND", null);
    assertProblem(api.send("GET", INSTRUCTIONS + "/ins_00000000000000000000", dpo, null), 404,
        "INSTRUCTION_NOT_FOUND", null);
    assertProblem(api.send("POST", INSTRUCTIONS + "/INS_X/withdraw", dpo, null), 404, "INSTRUCTION_NOT_FOUND", null);
    String id = json(expect(submit(dpo, "Archive.", CLEAN_FIELDS, null), 201)).path("id").asText();
    int afterOne = api.log.all().size();
    assertProblem(api.send("GET", INSTRUCTIONS + "/" + id + "/versions/one", dpo, null), 400, "INVALID_REQUEST",
        "version");
    assertProblem(api.send("GET", INSTRUCTIONS + "/" + id + "/versions/7", dpo, null), 404, "INSTRUCTION_NOT_FOUND",
        null);
    assertProblem(api.send("GET", INSTRUCTIONS + "/" + id + "/versions/0", dpo, null), 404, "INSTRUCTION_NOT_FOUND",
        null);
    assertProblem(api.send("POST", INSTRUCTIONS + "/" + id + "/versions/x/confirm", dpo, "{}"), 400,
        "INVALID_REQUEST", "version");
    assertProblem(api.send("GET", INSTRUCTIONS + "?state=PAUSED", dpo, null), 400, "INVALID_REQUEST", "state");
    assertProblem(api.send("GET", INSTRUCTIONS + "?limit=0", dpo, null), 400, "INVALID_REQUEST", "limit");
    assertProblem(api.send("GET", INSTRUCTIONS + "?limit=ten", dpo, null), 400, "INVALID_REQUEST", "limit");
    // confirming a version that is not held
    assertProblem(api.send("POST", INSTRUCTIONS + "/" + id + "/versions/1/confirm", dpo,
        "{\"justification\":\"" + JUSTIFICATION + "\"}"), 409, "INSTRUCTION_STATE_CONFLICT", null);
    assertProblem(api.send("POST", INSTRUCTIONS + "/" + id + "/versions/1/decision", officer,
        "{\"decision\":\"REFUSE\",\"note\":\"No.\"}"), 409, "INSTRUCTION_STATE_CONFLICT", null);
    assertThat(api.log.all().size()).isEqualTo(afterOne);
    assertThat(afterOne).isGreaterThan(before);

    // a customer without an agreement in force cannot give instructions
    String globexDpo = globex();
    assertProblem(api.send("POST", "/v1/customers/globex/instructions", globexDpo, body("Archive.", CLEAN_FIELDS,
        null)), 409, "NO_AGREEMENT_IN_FORCE", null);
  }

  @Test
  void anotherCustomersDpoSeesNoneOfTheInstructions() {
    String id = json(expect(submit(dpo, "Archive with Archive Co in Vietnam.", INFRINGING_FIELDS, null), 201))
        .path("id").asText();
    String other = globex();
    String otherApp = api.issue("customer-application", Set.of("globex"), Set.of());
    String one = INSTRUCTIONS + "/" + id;
    for (String token : List.of(other, otherApp)) {
      assertProblem(submit(token, "Archive.", CLEAN_FIELDS, null), 404, "CUSTOMER_NOT_FOUND", null);
      assertProblem(api.send("GET", INSTRUCTIONS, token, null), 404, "CUSTOMER_NOT_FOUND", null);
      assertProblem(api.send("GET", one, token, null), 404, "CUSTOMER_NOT_FOUND", null);
      assertProblem(api.send("GET", one + "/versions/1", token, null), 404, "CUSTOMER_NOT_FOUND", null);
      assertProblem(api.send("POST", one + "/versions", token, body("Archive.", CLEAN_FIELDS, null)), 404,
          "CUSTOMER_NOT_FOUND", null);
      assertProblem(api.send("POST", one + "/withdraw", token, null), 404, "CUSTOMER_NOT_FOUND", null);
      assertProblem(api.send("POST", one + "/versions/1/confirm", token, "{\"justification\":\"" + JUSTIFICATION
          + "\"}"), 404, "CUSTOMER_NOT_FOUND", null);
      assertProblem(api.send("POST", one + "/versions/1/decision", token, "{\"decision\":\"REFUSE\",\"note\":\"x\"}"),
          404, "CUSTOMER_NOT_FOUND", null);
      assertProblem(api.send("GET", one + "/notices", token, null), 404, "CUSTOMER_NOT_FOUND", null);
    }
    // and acme's instruction id does not exist under globex
    assertProblem(api.send("GET", "/v1/customers/globex/instructions/" + id, other, null), 404,
        "INSTRUCTION_NOT_FOUND", null);
    assertThat(json(expect(api.send("GET", INSTRUCTIONS + "/" + id, dpo, null), 200)).at("/versions/0/state")
        .asText()).isEqualTo("HELD");
  }

  // helpers -----------------------------------------------------------------------------------

  /** Customer {@code globex} (no agreement) and a DPO key for it. */
  private String globex() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), """
        {"id":"globex","name":"Globex Corp","jurisdictions":["EU-GDPR"],
         "dpo":{"name":"Gil Globex","email":"dpo@globex.example"},"notificationEndpoints":[]}
        """), 201);
    return api.issue("customer-dpo", Set.of("globex"), Set.of());
  }

  private static String body(String text, String fields, String givenBy) {
    return "{\"text\":" + quote(text) + ",\"fields\":" + fields + (givenBy == null ? "" : ",\"givenBy\":" + givenBy)
        + "}";
  }

  private static String quote(String s) {
    try {
      return TestApi.JSON.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> submit(String token, String text, String fields, String givenBy, String... headers) {
    return api.send("POST", INSTRUCTIONS, token, body(text, fields, givenBy), headers);
  }

  private HttpResponse<String> decide(String instructionId, String operation) {
    return api.send("POST", "/v1/decisions", service, """
        {"customerId":"acme","purpose":"dpv:PersonnelManagement","operation":"%s","dataCategories":["pd:Name"],
         "dataSubjectCategory":"dpv:Employee","instructionId":"%s"}""".formatted(operation, instructionId));
  }

  private List<String> entryTypes() {
    return api.log.read(new CustomerId("acme"), 0, 10_000, null).stream().map(e -> e.event().type().name()).toList();
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(i -> ids.add(i.path("id").asText()));
    return ids;
  }

  private static List<String> codes(JsonNode decision) {
    List<String> codes = new ArrayList<>();
    decision.path("reasons").forEach(r -> codes.add(r.path("code").asText()));
    return codes;
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(Reply.PROBLEM_JSON);
    JsonNode p = json(r);
    if (code != null) {
      assertThat(p.path("code").asText()).as(r.body()).isEqualTo(code);
    }
    if (field != null) {
      List<String> fields = new ArrayList<>();
      p.path("errors").forEach(e -> fields.add(e.path("field").asText()));
      assertThat(fields).as(r.body()).contains(field);
    }
  }
}
