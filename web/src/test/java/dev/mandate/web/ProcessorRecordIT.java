package dev.mandate.web;

import static dev.mandate.web.TestApi.customerBody;
import static dev.mandate.web.TestApi.expect;
import static dev.mandate.web.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/customers/{customerId}/processing-activities-record} through the real server with
 * in-memory adapters: the record of processing activities (GDPR Art. 30(2), PR-826-01) as JSON,
 * CSV and HTML, and its problems. The counts against PostgreSQL are checked in the app module.
 */
class ProcessorRecordIT {
  static final String RECORD = "/v1/customers/acme/processing-activities-record";
  static final String JUNE = "?from=2026-06-01&to=2026-07-01";
  private TestApi api;

  @BeforeEach
  void start() {
    api = new TestApi();
    api.acmeWithAgreement();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void jsonHasTheArt30FieldsAndTheCountsOfThePeriod() {
    String service = api.serviceToken();
    expect(api.send("POST", "/v1/decisions", service, """
        {"customerId":"acme","purpose":"custom:MonthlyPayroll","operation":"dpv:Use",
         "dataCategories":["pd:Name","pd:Salary"],"dataSubjectCategory":"dpv:Employee"}
        """), 200);
    expect(api.send("POST", "/v1/decisions", service, """
        {"customerId":"acme","purpose":"dpv:LegalCompliance","operation":"dpv:Store",
         "dataCategories":["pd:BankAccount"],"dataSubjectCategory":"dpv:Employee"}
        """), 200);

    HttpResponse<String> r = expect(api.send("GET", RECORD + JUNE, api.dpoToken(), null), 200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("Vary")).hasValue("Accept");
    JsonNode record = json(r);
    assertThat(record.path("customerId").asText()).isEqualTo("acme");
    assertThat(record.path("from").asText()).isEqualTo("2026-06-01T00:00:00Z");
    assertThat(record.path("to").asText()).isEqualTo("2026-07-01T00:00:00Z");
    assertThat(record.path("generatedAt").asText()).isEqualTo("2026-06-15T09:00:00Z");
    // (a)
    assertThat(record.at("/processors/0/name").asText()).isEqualTo("Payroll Cloud GmbH");
    assertThat(record.path("processorRepresentative").isNull()).isTrue();
    assertThat(record.at("/controller/name").asText()).isEqualTo("Acme GmbH");
    assertThat(record.at("/controller/contact").isNull()).isTrue(); // acme has only a webhook
    assertThat(record.path("controllerRepresentative").isNull()).isTrue();
    assertThat(record.at("/dpo/controller/contact").asText()).isEqualTo("dpo@acme.example, +49 30 1234");
    assertThat(record.at("/dpo/processor/name").asText()).isEqualTo("Dr. Petra Schmidt");
    // (b)
    List<String> purposes = new ArrayList<>();
    record.path("processingCategories").forEach(c -> purposes.add(c.path("purpose").asText()));
    assertThat(purposes).containsExactly("custom:MonthlyPayroll", "dpv:PersonnelManagement",
        "dpv:ServiceUsageAnalytics", "dpv:LegalCompliance");
    assertThat(record.at("/processingCategories/0/label").asText()).isEqualTo("Monthly payroll run");
    assertThat(record.at("/processingCategories/0/parentPurpose").asText()).isEqualTo("dpv:PersonnelPayment");
    assertThat(record.at("/processingCategories/2/processorOwnUse").asBoolean()).isTrue();
    // (c): IE is in the EEA, the US is not
    assertThat(record.path("transfers")).hasSize(1);
    assertThat(record.at("/transfers/0/country").asText()).isEqualTo("US");
    assertThat(record.at("/transfers/0/recipientRole").asText()).isEqualTo("PROCESSOR");
    assertThat(record.at("/transfers/0/mechanism").asText()).isEqualTo("eu-gdpr:SCCByCommission");
    assertThat(record.at("/transfers/0").has("art49_2Safeguards")).isTrue();
    assertThat(record.path("subProcessors")).hasSize(2);
    // (d)
    assertThat(record.at("/tomDescription/measures/0").asText()).isEqualTo("dpv:EncryptionAtRest");
    assertThat(record.at("/tomDescription/description").asText()).contains("AES-256-GCM");
    assertThat(record.at("/agreementVersions/0/version").asInt()).isEqualTo(1);
    assertThat(record.at("/agreementVersions/0/supersededAt").isNull()).isTrue();
    // counts: agreement and customer steps are not processing
    List<String> rows = new ArrayList<>();
    record.path("activity").forEach(a -> rows.add(a.path("type").asText() + " " + a.path("purpose").asText() + " "
        + a.path("dataCategory").asText() + " " + a.path("decision").asText() + " " + a.path("count").asLong()));
    assertThat(rows).containsExactly(
        "DECISION custom:MonthlyPayroll pd:Name PERMIT 1",
        "DECISION custom:MonthlyPayroll pd:Salary PERMIT 1",
        "DECISION dpv:LegalCompliance pd:BankAccount DENY 1");

    // the month before: the agreement was accepted only on 15 June, and nothing was processed
    JsonNode may = json(expect(api.send("GET", RECORD + "?from=2026-05-01&to=2026-06-01", api.dpoToken(), null), 200));
    assertThat(may.path("activity")).isEmpty();
    assertThat(may.path("agreementVersions")).isEmpty();
    assertThat(may.path("processingCategories")).isEmpty();
  }

  @Test
  void csvIsADownloadAndHtmlAPageWithoutScripts() {
    HttpResponse<String> csv = expect(api.send("GET", RECORD + JUNE + "&format=csv", api.adminToken(), null), 200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8; header=present");
    assertThat(csv.headers().firstValue("Content-Disposition")).hasValue(
        "attachment; filename=\"processing-activities-record-acme-2026-06-01T00-00-00Z-2026-07-01T00-00-00Z.csv\"");
    assertThat(csv.headers().firstValue("Vary")).isEmpty();
    assertThat(csv.body()).startsWith("section,field,value,,,,,,\r\nrecord,customer,acme,,,,,,\r\n")
        .contains("\r\ntransfer,US,Payroll Cloud GmbH,PROCESSOR,eu-gdpr:SCCByCommission,,1,,\r\n");

    HttpResponse<String> byAccept = expect(api.send("GET", RECORD + JUNE, api.adminToken(), null,
        "Accept", "text/csv"), 200);
    assertThat(byAccept.body()).isEqualTo(csv.body());

    HttpResponse<String> html = expect(api.send("GET", RECORD + JUNE, api.adminToken(), null,
        "Accept", "text/html,application/xhtml+xml,*/*;q=0.8"), 200);
    assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'none'");
    assertThat(html.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(html.body()).contains("Record of processing activities for acme");

    // the format parameter wins over Accept
    assertThat(expect(api.send("GET", RECORD + JUNE + "&format=json", api.adminToken(), null, "Accept", "text/html"),
        200).headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void badRequestsAreProblemsNeverServerErrors() {
    String dpo = api.dpoToken();
    problem(api.send("GET", RECORD, dpo, null), 400, "INVALID_REQUEST", "from", "REQUIRED");
    problem(api.send("GET", RECORD + "?from=2026-06-01", dpo, null), 400, "INVALID_REQUEST", "to", "REQUIRED");
    problem(api.send("GET", RECORD + "?from=last-week&to=2026-07-01", dpo, null), 400, "INVALID_REQUEST", "from",
        "INVALID_FORMAT");
    problem(api.send("GET", RECORD + "?from=2026-07-01&to=2026-06-01", dpo, null), 400, "INVALID_REQUEST", "to",
        "NOT_AFTER_FROM");
    problem(api.send("GET", RECORD + "?from=2026-01-01&to=2027-06-01", dpo, null), 400, "INVALID_REQUEST", "to",
        "PERIOD_TOO_LONG");
    problem(api.send("GET", RECORD + "?from=0000-01-01&to=0000-06-01", dpo, null), 400, "INVALID_REQUEST", "from",
        "OUT_OF_RANGE");
    problem(api.send("GET", RECORD + "?from=%2B999999999-01-01T00:00:00Z&to=2026-06-01", dpo, null), 400,
        "INVALID_REQUEST", "from", "OUT_OF_RANGE");
    problem(api.send("GET", RECORD + JUNE + "&format=pdf", dpo, null), 400, "INVALID_REQUEST", "format",
        "UNKNOWN_FORMAT");
    HttpResponse<String> pdf = api.send("GET", RECORD + JUNE, dpo, null, "Accept", "application/pdf");
    assertThat(pdf.statusCode()).isEqualTo(406);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(pdf).path("code").asText()).isEqualTo("NOT_ACCEPTABLE");
  }

  @Test
  void onlyTheCustomersDpoAdminsAndAuditorsMayReadIt() {
    expect(api.send("POST", "/v1/customers", api.adminToken(), customerBody("beta")), 201);
    HttpResponse<String> service = api.send("GET", RECORD + JUNE, api.serviceToken(), null);
    assertThat(service.statusCode()).isEqualTo(403);
    assertThat(json(service).path("code").asText()).isEqualTo("FORBIDDEN_FOR_ROLE");
    expect(api.send("GET", RECORD + JUNE, api.issue("auditor", Set.of("acme"), Set.of()), null), 200);
    expect(api.send("GET", RECORD + JUNE, api.adminToken(), null), 200);
    // a DPO of another customer: the same 404 as for a customer that does not exist, even with a bad period
    String betaDpo = api.issue("customer-dpo", Set.of("beta"), Set.of());
    HttpResponse<String> other = api.send("GET", RECORD + "?from=x", betaDpo, null);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(json(other).path("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
    assertThat(api.send("GET", RECORD + JUNE, null, null).statusCode()).isEqualTo(401);
  }

  private static void problem(HttpResponse<String> r, int status, String code, String field, String fieldCode) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode p = json(r);
    assertThat(p.path("code").asText()).isEqualTo(code);
    assertThat(p.at("/errors/0/field").asText()).as(r.body()).isEqualTo(field);
    assertThat(p.at("/errors/0/code").asText()).as(r.body()).isEqualTo(fieldCode);
  }
}
