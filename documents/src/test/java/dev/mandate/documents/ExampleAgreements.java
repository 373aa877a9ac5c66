package dev.mandate.documents;

import static dev.mandate.core.agreement.AgreementTerms.LocationUse.PROCESSING;
import static dev.mandate.core.agreement.AgreementTerms.LocationUse.STORAGE;

import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.AssistanceTerms;
import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.EndOfContract;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Three realistic agreements, each the subject of a golden file. */
final class ExampleAgreements {
  private ExampleAgreements() {}

  record Example(String name, Customer customer, AgreementVersion version) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Example> all() {
    return List.of(payroll(), crmHost(), marketingAgency());
  }

  /** A payroll processor under the EU GDPR: a custom purpose, and health and union data under Art. 9(2)(b). */
  static Example payroll() {
    AgreementTerms terms = new AgreementTerms(
        "Running the monthly payroll for the employees of Acme Payroll GmbH in Germany.",
        "We calculate pay, make payslips and send payment files to the bank.",
        LocalDate.parse("2026-02-01"),
        null,
        List.of("pd:Name", "pd:EmailAddress", "pd:Salary", "pd:BankAccount", "pd:Health", "pd:TradeUnionMembership"),
        List.of(new CustomPurpose("custom:MonthlyPayroll", "Monthly payroll run", "dpv:PersonnelPayment")),
        List.of(
            new PurposeTerms("custom:MonthlyPayroll",
                List.of("pd:Name", "pd:EmailAddress", "pd:Salary", "pd:BankAccount"),
                List.of("dpv:Collect", "dpv:Store", "dpv:Use"),
                List.of("dpv:Employee"), 2555, "eu-gdpr:A6-1-b", SpecialCategories.NONE, false),
            new PurposeTerms("dpv:PersonnelPayment",
                List.of("pd:Name", "pd:Health", "pd:TradeUnionMembership"),
                List.of("dpv:Store", "dpv:Use"),
                List.of("dpv:Employee"), 3650, "eu-gdpr:A6-1-c",
                new SpecialCategories(true, "eu-gdpr:A9-2-b"), false)),
        List.of(new LocationTerms("DE", List.of(PROCESSING, STORAGE), null)),
        List.of(),
        new AssistanceTerms(10, 24),
        List.of("dpv:EncryptionAtRest", "dpv:EncryptionInTransfer", "dpv:AccessControlMethod"),
        MarketingTerms.NONE,
        EndOfContract.RETURN_THEN_DELETE);
    Customer customer = customer("acme-payroll", "Acme Payroll GmbH", "dpo@acme-payroll.example");
    AgreementVersion version = new AgreementVersion(customer.id(), 2, AgreementState.ACCEPTED, terms,
        TermsDigest.sha256(terms),
        stamp("key:ops-anna", "2026-01-12T09:15:00Z"),
        stamp("key:ops-anna", "2026-01-13T10:00:00Z"),
        stamp("key:acme-dpo", "2026-01-20T14:30:05Z"),
        null, null);
    return new Example("payroll-eu-gdpr", customer, version);
  }

  /** A CRM host with storage and sub-processors in the US under the EU standard contractual clauses. */
  static Example crmHost() {
    AgreementTerms terms = new AgreementTerms(
        "Hosting the customer database of Bluebell Bakeries.",
        "We store customer records, show them to Bluebell's sales staff and back them up every night.",
        LocalDate.parse("2026-03-01"),
        LocalDate.parse("2029-02-28"),
        List.of("pd:Name", "pd:EmailAddress", "pd:TelephoneNumber", "pd:PhysicalAddress", "pd:PurchasesAndSpendingHabit"),
        List.of(),
        List.of(
            new PurposeTerms("dpv:CustomerRelationshipManagement",
                List.of("pd:Name", "pd:EmailAddress", "pd:TelephoneNumber", "pd:PhysicalAddress",
                    "pd:PurchasesAndSpendingHabit"),
                List.of("dpv:Collect", "dpv:Store", "dpv:Retrieve", "dpv:Erase"),
                List.of("dpv:Customer"), 1825, "eu-gdpr:A6-1-b", SpecialCategories.NONE, false),
            new PurposeTerms("dpv:ImproveExistingProductsAndServices",
                List.of("pd:PurchasesAndSpendingHabit"),
                List.of("dpv:Analyse"),
                List.of("dpv:Customer"), 365, "eu-gdpr:A6-1-f", SpecialCategories.NONE, true)),
        List.of(
            new LocationTerms("IE", List.of(PROCESSING, STORAGE), null),
            new LocationTerms("US", List.of(STORAGE), "eu-gdpr:SCCByCommission")),
        List.of(
            new SubProcessorTerms("Northwind Cloud Inc.", "US", Authorisation.SPECIFIC, List.of()),
            new SubProcessorTerms("Helpdesk Direct LLC", "US", Authorisation.GENERAL,
                List.of("dpv:CustomerRelationshipManagement"))),
        new AssistanceTerms(5, 48),
        List.of("dpv:Encryption", "dpv:MultiFactorAuthentication", "dpv:DataBackupProtocols"),
        MarketingTerms.NONE,
        EndOfContract.DELETE);
    Customer customer = customer("bluebell", "Bluebell Bakeries B.V.", "privacy@bluebell.example");
    AgreementVersion version = new AgreementVersion(customer.id(), 1, AgreementState.OFFERED, terms,
        TermsDigest.sha256(terms),
        stamp("key:sales-ops", "2026-02-02T08:00:00Z"),
        stamp("key:sales-ops", "2026-02-03T16:45:00Z"),
        null, null, null);
    return new Example("crm-host-us-transfer", customer, version);
  }

  /** A marketing agency that the customer instructs to send newsletters; superseded by a later version. */
  static Example marketingAgency() {
    AgreementTerms terms = new AgreementTerms(
        "Sending the monthly newsletter and seasonal offers to the customers of Fjord Outdoor.",
        "We keep the mailing list, send the e-mails and count opens and clicks.",
        LocalDate.parse("2026-04-01"),
        LocalDate.parse("2027-03-31"),
        List.of("pd:Name", "pd:EmailAddress", "pd:Interest"),
        List.of(),
        List.of(new PurposeTerms("dpv:DirectMarketing",
            List.of("pd:Name", "pd:EmailAddress", "pd:Interest"),
            List.of("dpv:Collect", "dpv:Store", "dpv:Use"),
            List.of("dpv:Customer", "dpv:Subscriber"), 730, "eu-gdpr:A6-1-a", SpecialCategories.NONE, false)),
        List.of(new LocationTerms("DE", List.of(PROCESSING, STORAGE), null)),
        List.of(new SubProcessorTerms("Postbud Mail GmbH", "DE", Authorisation.SPECIFIC,
            List.of("dpv:DirectMarketing"))),
        new AssistanceTerms(7, 24),
        List.of("dpv:Encryption", "dpv:AccessControlMethod"),
        new MarketingTerms(true),
        EndOfContract.DELETE);
    Customer customer = customer("fjord-outdoor", "Fjord Outdoor AS", "personvern@fjord.example");
    AgreementVersion version = new AgreementVersion(customer.id(), 1, AgreementState.SUPERSEDED, terms,
        TermsDigest.sha256(terms),
        stamp("key:agency-ops", "2026-03-02T11:00:00Z"),
        stamp("key:agency-ops", "2026-03-02T11:05:00Z"),
        stamp("key:fjord-dpo", "2026-03-09T08:30:00Z"),
        stamp("key:agency-ops", "2026-09-01T07:00:00Z"),
        "Replaced by version 2, which adds text messages.");
    return new Example("marketing-agency", customer, version);
  }

  static Customer customer(String id, String name, String dpoEmail) {
    Instant created = Instant.parse("2026-01-05T09:00:00Z");
    return new Customer(new CustomerId(id), name, Set.of(Jurisdiction.EU_GDPR),
        new Contact("Data Protection Officer", dpoEmail, null),
        List.of(new NotificationEndpoint(NotificationEndpoint.Kind.EMAIL, dpoEmail)), created, created);
  }

  static Stamp stamp(String actor, String at) {
    return new Stamp(actor, Instant.parse(at));
  }
}
