package dev.mandate.testkit.contract;

import dev.mandate.core.access.ApiKey;
import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementState;
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
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.keys.SealedValue;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.StoredField;
import dev.mandate.core.vault.VaultRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Test data for the contract suites. Instants have microsecond precision, the precision every
 * storage backend keeps.
 */
public final class Fixtures {
  /** A fixed instant with microseconds, as a clock on Linux gives them. */
  public static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

  private Fixtures() {}

  public static Instant at(long secondsAfterT0) {
    return T0.plus(Duration.ofSeconds(secondsAfterT0));
  }

  public static Customer customer(String id) {
    return new Customer(new CustomerId(id), "Customer " + id, Set.of(Jurisdiction.EU_GDPR, Jurisdiction.CH_FADP),
        new Contact("Dana Protection", "dpo@" + id + ".example", null),
        List.of(new NotificationEndpoint(NotificationEndpoint.Kind.WEBHOOK, "https://" + id + ".example/hooks"),
            new NotificationEndpoint(NotificationEndpoint.Kind.EMAIL, "privacy@" + id + ".example")),
        T0, T0);
  }

  /** Terms that use every field, including nulls, dates, enums and nested lists. */
  public static AgreementTerms terms(String subjectMatter) {
    return new AgreementTerms(
        subjectMatter,
        "Payroll processing: \"quoted\" text, unicode é ü 中, a tab\tand a newline\n.",
        LocalDate.of(2026, 1, 1),
        null,
        List.of("dpv-pd:Name", "dpv-pd:EmailAddress", "dpv-pd:Salary"),
        List.of(new CustomPurpose("custom:MonthlyPayroll", "Monthly payroll", "dpv:HumanResourceManagement")),
        List.of(
            new PurposeTerms("custom:MonthlyPayroll", List.of("dpv-pd:Name", "dpv-pd:Salary"),
                List.of("dpv:Store", "dpv:Retrieve"), List.of("dpv:Employee"), 3650, "dpv:Contract",
                SpecialCategories.NONE, false),
            new PurposeTerms("dpv:ServiceProvision", List.of("dpv-pd:EmailAddress"), List.of("dpv:Store"),
                List.of("dpv:Employee"), null, null, new SpecialCategories(true, "gdpr:A9-2-b"), true)),
        List.of(new LocationTerms("DE", List.of(LocationUse.PROCESSING, LocationUse.STORAGE), null),
            new LocationTerms("US", List.of(LocationUse.STORAGE), "eu-gdpr:SCCByCommission")),
        List.of(new SubProcessorTerms("Hosting GmbH", "DE", Authorisation.SPECIFIC, List.of()),
            new SubProcessorTerms("Mail Inc", "US", Authorisation.GENERAL, List.of("dpv:ServiceProvision"))),
        new AssistanceTerms(30, 48),
        List.of("Encryption at rest", "Access logging"),
        MarketingTerms.NONE,
        EndOfContract.RETURN_THEN_DELETE);
  }

  /** Terms with the optional parts left out. */
  public static AgreementTerms minimalTerms() {
    return new AgreementTerms("Minimal", null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public static AgreementVersion draft(CustomerId customer, int version, AgreementTerms terms) {
    return new AgreementVersion(customer, version, AgreementState.DRAFT, terms, TermsDigest.sha256(terms),
        new Stamp("key_admin/processor-admin", at(version * 100L)), null, null, null, null);
  }

  public static AgreementVersion offered(AgreementVersion v) {
    return new AgreementVersion(v.customer(), v.version(), AgreementState.OFFERED, v.terms(), v.termsHash(),
        v.drafted(), new Stamp("key_admin/processor-admin", at(v.version() * 100L + 10)), null, null, null);
  }

  public static AgreementVersion accepted(AgreementVersion v) {
    return new AgreementVersion(v.customer(), v.version(), AgreementState.ACCEPTED, v.terms(), v.termsHash(),
        v.drafted(), v.offered(), new Stamp("key_dpo/customer-dpo", at(v.version() * 100L + 20)), null, null);
  }

  public static AgreementVersion closed(AgreementVersion v, AgreementState state, String note) {
    return new AgreementVersion(v.customer(), v.version(), state, v.terms(), v.termsHash(), v.drafted(), v.offered(),
        v.accepted(), new Stamp("key_dpo/customer-dpo", at(v.version() * 100L + 30)), note);
  }

  public static ApiKey apiKey(String id, Role role, Instant createdAt) {
    return new ApiKey(new ApiKeyId(id), "label of " + id, role, Set.of(new CustomerId("acme"), new CustomerId("globex")),
        Set.of("dpv:ServiceProvision"), ("hash-of-" + id).getBytes(StandardCharsets.UTF_8), createdAt,
        "key_root/processor-admin", null);
  }

  public static SealedValue sealed(int keyVersion, String marker) {
    return new SealedValue(keyVersion, ("nonce-ciphertext-tag-" + marker).getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] index(String marker) {
    return ("blind-" + marker).getBytes(StandardCharsets.UTF_8);
  }

  public static StoredField field(String name, String category, String purpose, Instant collectedAt, Instant expiresAt,
      String valueMarker) {
    return new StoredField(name, category, purpose, collectedAt, expiresAt, sealed(1, name + valueMarker),
        index(name + valueMarker));
  }

  public static VaultRecord record(CustomerId customer, String subject, List<StoredField> fields) {
    return new VaultRecord(RecordId.random(), customer, index("subject-" + subject), sealed(1, "subject-" + subject),
        "dpv:Employee", T0, T0, fields);
  }

  public static ProcessingEvent decision(CustomerId customer, Effect effect, String requestId) {
    return new ProcessingEvent(T0, customer, EventType.DECISION, "key_svc/processor-service", 3, "ab12cd",
        "custom:MonthlyPayroll", "dpv:Retrieve", List.of("dpv-pd:Salary", "dpv-pd:Name"), "dpv:Employee",
        "psn_7f3a", "2b1e0c1a-7c55-4b3b-9d7e-0d1f7c1f5a11", effect,
        effect == Effect.PERMIT ? List.of("PERMITTED_BY_PURPOSE") : List.of("PURPOSE_NOT_IN_AGREEMENT", "CONSENT_MISSING"),
        requestId);
  }

  public static ProcessingEvent lifecycle(CustomerId customer, String requestId) {
    return ProcessingEvent.lifecycle(T0.plusNanos(789), customer, EventType.AGREEMENT_ACCEPTED, "key_dpo/customer-dpo",
        2, "ffee", requestId);
  }
}
