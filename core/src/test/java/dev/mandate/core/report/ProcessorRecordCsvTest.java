package dev.mandate.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.report.ProcessorRecord.AgreementInPeriod;
import dev.mandate.core.report.ProcessorRecord.Dpo;
import dev.mandate.core.report.ProcessorRecord.ProcessingCategory;
import dev.mandate.core.report.ProcessorRecord.RecipientRole;
import dev.mandate.core.report.ProcessorRecord.SecurityMeasures;
import dev.mandate.core.report.ProcessorRecord.SubProcessor;
import dev.mandate.core.report.ProcessorRecord.Transfer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CSV export of the record (PR-826-01, GDPR Art. 30(3)): RFC 4180 and safe to open in a spreadsheet. */
class ProcessorRecordCsvTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "NULL", value = {
      "plain             | plain",
      "NULL              | ``",
      "``                | ``",
      "a,b               | `\"a,b\"`",
      "say \"hi\"        | `\"say \"\"hi\"\"\"`",
      // formula injection: a leading = + - @ is neutralised with a quote
      "=HYPERLINK(\"http://x\")  | `\"'=HYPERLINK(\"\"http://x\"\")\"`",
      "=1+1              | '=1+1",
      "+49 30 1234567    | '+49 30 1234567",
      "-2                | '-2",
      "@SUM(A1)          | '@SUM(A1)",
      "`=cmd|' /C calc'!A0` | `'=cmd|' /C calc'!A0`",
      // only the first character matters
      "a=b               | a=b",
      "dpv:Store         | dpv:Store",
  })
  void cells(String value, String expected) {
    assertThat(ProcessorRecordCsv.cell(value)).isEqualTo(expected);
  }

  @Test
  void lineBreaksAndLeadingTabsOrCarriageReturns() {
    assertThat(ProcessorRecordCsv.cell("line 1\nline 2")).isEqualTo("\"line 1\nline 2\"");
    assertThat(ProcessorRecordCsv.cell("\tx")).isEqualTo("'\tx");
    assertThat(ProcessorRecordCsv.cell("\r=x")).isEqualTo("\"'\r=x\"");
  }

  @Test
  void everyRowHasTheSameWidthAndNamesItsSection() {
    String csv = ProcessorRecordCsv.write(record("Acme GmbH"));
    assertThat(csv).endsWith("\r\n").doesNotContain("\n\n");
    List<List<String>> rows = parse(csv);
    assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(ProcessorRecordCsv.WIDTH));
    assertThat(rows.stream().map(List::getFirst).distinct().toList()).containsExactly(
        "section", "record", "processor", "processorRepresentative", "processorDpo", "controller",
        "controllerRepresentative", "controllerDpo", "tomDescription", "processingCategory", "transfer",
        "subProcessor", "agreementVersion", "activity");
    assertThat(rows.stream().filter(r -> r.getFirst().equals("section")).map(r -> r.get(1)).toList())
        .containsExactly("field", "purpose", "country", "name", "version", "type");
  }

  @Test
  void writesEachFieldGroup() {
    List<List<String>> rows = parse(ProcessorRecordCsv.write(record("Acme GmbH")));
    assertThat(rows.get(0)).containsExactly("section", "field", "value", "", "", "", "", "", "");
    assertThat(rows).contains(
        List.of("record", "customer", "acme", "", "", "", "", "", ""),
        List.of("record", "from", "2026-01-01T00:00:00Z", "", "", "", "", "", ""),
        List.of("processor", "name", "Payroll Cloud GmbH", "", "", "", "", "", ""),
        List.of("processorRepresentative", "name", "", "", "", "", "", "", ""),
        List.of("controller", "contact", "privacy@acme.example", "", "", "", "", "", ""),
        List.of("controllerDpo", "contact", "dpo@acme.example, +49 30 1234567", "", "", "", "", "", ""),
        List.of("tomDescription", "measure", "dpv:Encryption", "", "", "", "", "", ""),
        List.of("processingCategory", "custom:MonthlyPayroll", "Monthly payroll run", "dpv:PersonnelPayment",
            "dpv:Store; dpv:Use", "pd:Name; pd:Salary", "dpv:Employee", "false", "1; 2"),
        List.of("transfer", "US", "Northwind Cloud Inc.", "SUB_PROCESSOR", "eu-gdpr:SCCByCommission", "", "2", "",
            ""),
        List.of("subProcessor", "Northwind Cloud Inc.", "US", "SPECIFIC", "", "2", "", "", ""),
        List.of("agreementVersion", "1", "ab".repeat(32), "2025-12-01T00:00:00Z", "key_dpo/customer-dpo",
            "2026-04-01T00:00:00Z", "", "2026-01-01", ""),
        List.of("activity", "DECISION", "dpv:PersonnelPayment", "dpv:Retrieve", "pd:BankAccount", "DENY", "2", "",
            ""));
  }

  @Test
  void aHostileCustomerNameCannotBreakTheTableOrRunAFormula() {
    String name = "=HYPERLINK(\"https://evil.example\",\"click\"),\r\nactivity,DECISION";
    List<List<String>> rows = parse(ProcessorRecordCsv.write(record(name)));
    assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(ProcessorRecordCsv.WIDTH));
    assertThat(rows).contains(List.of("controller", "name", "'" + name, "", "", "", "", "", ""));
    assertThat(rows).allSatisfy(r -> assertThat(r).noneMatch(c -> c.startsWith("=")));
    assertThat(rows.stream().filter(r -> r.getFirst().equals("activity")).count()).isEqualTo(1);
  }

  static ProcessorRecord record(String controllerName) {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    return new ProcessorRecord(new CustomerId("acme"), from, Instant.parse("2027-01-01T00:00:00Z"),
        Instant.parse("2027-01-05T12:00:00Z"),
        List.of(new Party("Payroll Cloud GmbH", "privacy@payroll-cloud.example")), null,
        new Party(controllerName, "privacy@acme.example"), null,
        new Dpo(new Party("Dana Okafor", "dpo@acme.example, +49 30 1234567"),
            new Party("Dr. Petra Schmidt", "dpo@payroll-cloud.example")),
        List.of(new ProcessingCategory("custom:MonthlyPayroll", "Monthly payroll run", "dpv:PersonnelPayment",
            List.of("dpv:Store", "dpv:Use"), List.of("pd:Name", "pd:Salary"), List.of("dpv:Employee"), false,
            List.of(1, 2))),
        List.of(new Transfer("US", "Northwind Cloud Inc.", RecipientRole.SUB_PROCESSOR, "eu-gdpr:SCCByCommission",
            null, List.of(2))),
        List.of(new SubProcessor("Northwind Cloud Inc.", "US", Authorisation.SPECIFIC, List.of(), List.of(2))),
        new SecurityMeasures(List.of("dpv:Encryption"), "Encrypted, with \"keys\", and more."),
        List.of(new AgreementInPeriod(1, "ab".repeat(32), Instant.parse("2025-12-01T00:00:00Z"),
            "key_dpo/customer-dpo", Instant.parse("2026-04-01T00:00:00Z"), null, LocalDate.parse("2026-01-01"), null)),
        List.of(new ActivityCount(EventType.DECISION, "dpv:PersonnelPayment", "dpv:Retrieve", "pd:BankAccount",
            Effect.DENY, 2)));
  }

  /** A strict RFC 4180 reader for the test: CRLF between records, quotes doubled inside quoted cells. */
  static List<List<String>> parse(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        assertThat(cell).as("a quote inside an unquoted cell").isEmpty();
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r') {
        assertThat(csv.charAt(i + 1)).as("CR only as part of CRLF").isEqualTo('\n');
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        assertThat(c).as("a bare LF outside quotes").isNotEqualTo('\n');
        cell.append(c);
      }
    }
    assertThat(quoted).isFalse();
    assertThat(row).isEmpty();
    return rows;
  }
}
