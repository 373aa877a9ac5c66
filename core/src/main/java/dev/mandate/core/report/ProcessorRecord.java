package dev.mandate.core.report;

import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.processinglog.ActivityCount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The processor's record of the processing it carried out on behalf of one customer (the
 * controller) in the period [{@code from}, {@code to}): GDPR Art. 30(2), ISO 27701 8.2.6,
 * PR-826-01. The fields follow privacy-requirements §2.1.4:
 *
 * <ul>
 *   <li>(a) {@code processors}, {@code processorRepresentative}, {@code controller},
 *       {@code controllerRepresentative}, {@code dpo}: names and contact details; a party that is
 *       not recorded is null;
 *   <li>(b) {@code processingCategories}: the DPV purposes (custom purposes included) with their
 *       operations, data categories and data subjects, from the agreement versions in force
 *       during the period;
 *   <li>(c) {@code transfers}: the countries outside the customer's legal areas where the
 *       processor or a sub-processor processes the data, with the safeguard the agreement names;
 *   <li>(d) {@code tomDescription}: the DPV security measures of the agreements and a general
 *       description of the measures Mandate itself applies.
 * </ul>
 *
 * Beyond Art. 30(2) it lists the {@code subProcessors}, the {@code agreementVersions} that
 * applied in the period, and the {@code activity}: how many processing records the log holds for
 * the period, per type, purpose, operation, data category and decision. Lists keep a stable
 * order, so the same inputs always give the same record.
 */
public record ProcessorRecord(
    CustomerId customer,
    Instant from,
    Instant to,
    Instant generatedAt,
    List<Party> processors,
    Party processorRepresentative,
    Party controller,
    Party controllerRepresentative,
    Dpo dpo,
    List<ProcessingCategory> processingCategories,
    List<Transfer> transfers,
    List<SubProcessor> subProcessors,
    SecurityMeasures tomDescription,
    List<AgreementInPeriod> agreementVersions,
    List<ActivityCount> activity) {

  public ProcessorRecord {
    processors = List.copyOf(processors);
    processingCategories = List.copyOf(processingCategories);
    transfers = List.copyOf(transfers);
    subProcessors = List.copyOf(subProcessors);
    agreementVersions = List.copyOf(agreementVersions);
    activity = List.copyOf(activity);
  }

  /** The data protection officers of the controller and of the processor (Art. 30(2)(a)); null if none is recorded. */
  public record Dpo(Party controller, Party processor) {}

  /**
   * One category of processing (Art. 30(2)(b)): a purpose with everything the agreement versions
   * of the period allow for it. {@code label} and {@code parentPurpose} are set for a customer's
   * own purpose ({@code custom:…}) only; DPV terms are named by their ids.
   */
  public record ProcessingCategory(
      String purpose,
      String label,
      String parentPurpose,
      List<String> operations,
      List<String> dataCategories,
      List<String> dataSubjects,
      boolean processorOwnUse,
      List<Integer> agreementVersions) {
    public ProcessingCategory {
      operations = List.copyOf(operations);
      dataCategories = List.copyOf(dataCategories);
      dataSubjects = List.copyOf(dataSubjects);
      agreementVersions = List.copyOf(agreementVersions);
    }
  }

  /** Who receives the data in a third country. */
  public enum RecipientRole {
    /** The processor itself processes or stores the data there (a location of the agreement). */
    PROCESSOR,
    /** A sub-processor the agreement authorises, established there. */
    SUB_PROCESSOR
  }

  /**
   * A transfer to a third country (Art. 30(2)(c)): the ISO 3166 {@code country}, the recipient,
   * and the {@code mechanism} (a transfer safeguard id such as {@code eu-gdpr:SCCByCommission}),
   * null when the agreement names none for that country. {@code art49_2Safeguards} documents the
   * suitable safeguards of a transfer under the second subparagraph of Art. 49(1); agreements in
   * Mandate do not allow Art. 49 derogations, so it is always null.
   */
  public record Transfer(
      String country,
      String recipient,
      RecipientRole recipientRole,
      String mechanism,
      String art49_2Safeguards,
      List<Integer> agreementVersions) {
    public Transfer {
      agreementVersions = List.copyOf(agreementVersions);
    }
  }

  /** A sub-processor the agreement authorises (GDPR Art. 28(2)); empty {@code purposes} means all purposes. */
  public record SubProcessor(
      String name, String country, Authorisation authorisation, List<String> purposes, List<Integer> agreementVersions) {
    public SubProcessor {
      purposes = List.copyOf(purposes);
      agreementVersions = List.copyOf(agreementVersions);
    }
  }

  /** The security measures (Art. 30(2)(d)): DPV terms from the agreements and a general description. */
  public record SecurityMeasures(List<String> measures, String description) {
    public SecurityMeasures {
      measures = List.copyOf(measures);
    }
  }

  /**
   * An agreement version that was in force for part of the period: accepted before {@code to},
   * and not superseded or terminated before {@code from}. {@code acceptedBy} is an API key
   * reference, never a person's name.
   */
  public record AgreementInPeriod(
      int version,
      String termsHash,
      Instant acceptedAt,
      String acceptedBy,
      Instant supersededAt,
      Instant terminatedAt,
      LocalDate startsOn,
      LocalDate endsOn) {}
}
