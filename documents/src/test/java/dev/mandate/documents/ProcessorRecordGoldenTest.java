package dev.mandate.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.report.Party;
import dev.mandate.core.report.ProcessorRecord;
import dev.mandate.core.report.ProcessorRecord.AgreementInPeriod;
import dev.mandate.core.report.ProcessorRecord.Dpo;
import dev.mandate.core.report.ProcessorRecord.ProcessingCategory;
import dev.mandate.core.report.ProcessorRecord.RecipientRole;
import dev.mandate.core.report.ProcessorRecord.SecurityMeasures;
import dev.mandate.core.report.ProcessorRecord.SubProcessor;
import dev.mandate.core.report.ProcessorRecord.Transfer;
import dev.mandate.core.vocabulary.Vocabulary;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTML page of a processor's record of processing activities (GDPR Art. 30(2), PR-826-01),
 * compared with {@code src/test/resources/golden/processor-record-*.html}. Run {@code ./mvnw -B
 * -pl documents test -Dgolden.update=true} after a deliberate change and review the diff.
 */
class ProcessorRecordGoldenTest {
  private static final MustacheProcessorRecordRenderer RENDERER = new MustacheProcessorRecordRenderer(Vocabulary.dpv());

  @Test
  void aRecordWithEverything() throws IOException {
    AgreementGoldenTest.assertGolden("processor-record-payroll.html", RENDERER.html(payroll()));
  }

  @Test
  void aRecordWithNothingInThePeriod() throws IOException {
    AgreementGoldenTest.assertGolden("processor-record-empty.html", RENDERER.html(empty()));
  }

  @Test
  void escapesEveryValue() {
    String hostile = "<script>alert('x')</script> & \"Co\"";
    ProcessorRecord p = payroll();
    ProcessorRecord r = new ProcessorRecord(p.customer(), p.from(), p.to(), p.generatedAt(),
        List.of(new Party(hostile, hostile)), new Party(hostile, hostile), new Party(hostile, hostile),
        new Party(hostile, hostile), new Dpo(new Party(hostile, hostile), new Party(hostile, hostile)),
        List.of(new ProcessingCategory("custom:Evil", hostile, hostile, List.of(hostile), List.of(hostile),
            List.of(hostile), false, List.of(1))),
        List.of(new Transfer(hostile, hostile, RecipientRole.SUB_PROCESSOR, hostile, hostile, List.of(1))),
        List.of(new SubProcessor(hostile, hostile, Authorisation.GENERAL, List.of(hostile), List.of(1))),
        new SecurityMeasures(List.of(hostile), hostile),
        List.of(new AgreementInPeriod(1, hostile, p.from(), hostile, null, null, null, null)),
        List.of(new ActivityCount(EventType.DECISION, hostile, hostile, hostile, Effect.DENY, 1)));
    String html = RENDERER.html(r);
    assertThat(html).doesNotContain("<script").doesNotContain("alert('x')").doesNotContain("\"Co\"")
        .contains("&lt;script&gt;");
  }

  @Test
  void theSameRecordGivesTheSameBytes() {
    assertThat(RENDERER.html(payroll())).isEqualTo(RENDERER.html(payroll()));
  }

  /** Acme's payroll over 2026: two agreement versions, a US transfer, a sub-processor without a safeguard. */
  static ProcessorRecord payroll() {
    return new ProcessorRecord(new CustomerId("acme"), Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2027-01-05T12:00:00Z"),
        List.of(new Party("Payroll Cloud GmbH", "privacy@payroll-cloud.example, Hauptstraße 1, 10115 Berlin")),
        null,
        new Party("Acme & Söhne GmbH", "privacy@acme.example"),
        null,
        new Dpo(new Party("Dana Okafor", "dpo@acme.example, +49 30 1234567"),
            new Party("Dr. Petra Schmidt", "dpo@payroll-cloud.example")),
        List.of(
            new ProcessingCategory("custom:MonthlyPayroll", "Monthly payroll run", "dpv:PersonnelPayment",
                List.of("dpv:Store", "dpv:Use", "dpv:Erase"), List.of("pd:Name", "pd:Salary", "pd:BankAccount"),
                List.of("dpv:Employee"), false, List.of(1, 2)),
            new ProcessingCategory("dpv:CommunicationManagement", null, null, List.of("dpv:Use"),
                List.of("pd:EmailAddress"), List.of("dpv:Employee"), false, List.of(1))),
        List.of(
            new Transfer("US", "Payroll Cloud GmbH", RecipientRole.PROCESSOR, "eu-gdpr:SCCByCommission", null,
                List.of(1, 2)),
            new Transfer("IN", "Helpdesk Direct Pvt Ltd", RecipientRole.SUB_PROCESSOR, null, null, List.of(1))),
        List.of(
            new SubProcessor("Hetzner Online GmbH", "DE", Authorisation.SPECIFIC, List.of(), List.of(1, 2)),
            new SubProcessor("Helpdesk Direct Pvt Ltd", "IN", Authorisation.GENERAL,
                List.of("dpv:CommunicationManagement"), List.of(1))),
        new SecurityMeasures(List.of("dpv:Encryption", "dpv:AccessControlMethod", "dpv:Pseudonymisation"),
            "Personal data values are encrypted with AES-256-GCM."),
        List.of(
            new AgreementInPeriod(1, "7438538089ac4ee2f7f5b6e9c0ed3b1eab5b82c9a7511f68b7a1c7a9925866e8",
                Instant.parse("2025-12-01T09:30:00Z"), "key_dpo/customer-dpo", Instant.parse("2026-04-01T08:00:00Z"),
                null, LocalDate.parse("2026-01-01"), null),
            new AgreementInPeriod(2, "9b1f0c6e2d4a8b7c5e3f1a0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b",
                Instant.parse("2026-04-01T08:00:00Z"), "key_dpo/customer-dpo", null, null,
                LocalDate.parse("2026-01-01"), LocalDate.parse("2028-12-31"))),
        List.of(
            new ActivityCount(EventType.VAULT_PURGE, "dpv:CommunicationManagement", "dpv:Erase", "pd:EmailAddress",
                null, 3),
            new ActivityCount(EventType.DECISION, "custom:MonthlyPayroll", "dpv:Retrieve", "pd:BankAccount",
                Effect.PERMIT, 1204),
            new ActivityCount(EventType.VAULT_READ, "custom:MonthlyPayroll", "dpv:Retrieve", "pd:Salary",
                Effect.PERMIT, 12),
            new ActivityCount(EventType.VAULT_READ, "dpv:PersonnelManagement", "dpv:Retrieve", "pd:Salary",
                Effect.DENY, 2)));
  }

  static ProcessorRecord empty() {
    return new ProcessorRecord(new CustomerId("bluebell"), Instant.parse("2026-03-01T00:00:00Z"),
        Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2026-04-02T07:00:00Z"),
        List.of(new Party("Payroll Cloud GmbH", null)), null, new Party("Bluebell Bakeries B.V.", null), null,
        new Dpo(null, null), List.of(), List.of(), List.of(), new SecurityMeasures(List.of(), "General text."),
        List.of(), List.of());
  }
}
