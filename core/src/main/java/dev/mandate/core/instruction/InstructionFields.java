package dev.mandate.core.instruction;

import java.util.List;

/**
 * The structured part of a documented processing instruction (GDPR Art. 28(3)(a)): what the
 * customer asks the processor to do, in fields the analyser can check. Absent values are null
 * (or empty lists); absent is not the same as {@code false}: "not said" is never read as "no".
 */
public record InstructionFields(
    String purpose,
    /** The purpose the data was first collected for, when the instruction re-uses it for another one. */
    String collectedFor,
    List<String> dataCategories,
    List<String> specialCategories,
    /** The Art. 9(2) (or national) condition relied on for special categories, e.g. {@code eu-gdpr:A9-2-a}. */
    String specialCategoryCondition,
    /** For criminal-offence data (GDPR Art. 10): the official authority or law that authorises it. */
    String criminalDataAuthority,
    List<String> operations,
    List<String> dataSubjects,
    List<Recipient> recipients,
    List<Transfer> transfers,
    /** How long to keep the data; null with {@code retentionIndefinite} true means "forever". */
    Integer retentionDays,
    Boolean retentionIndefinite,
    /** A law that requires keeping the data longer than the agreement says, if any. */
    String retentionLegalReason,
    String legalBasis,
    Marketing marketing,
    Sale sale,
    AutomatedDecision automatedDecision,
    Minors minors,
    List<String> securityChanges,
    List<SubProcessor> subProcessors,
    DataSubjectRights dataSubjectRights,
    Breaches breaches,
    Boolean reidentify,
    Boolean disableRecords,
    Disclosure disclosure,
    Boolean processorOwnUse) {

  public InstructionFields {
    dataCategories = copy(dataCategories);
    specialCategories = copy(specialCategories);
    operations = copy(operations);
    dataSubjects = copy(dataSubjects);
    recipients = copy(recipients);
    transfers = copy(transfers);
    securityChanges = copy(securityChanges);
    subProcessors = copy(subProcessors);
  }

  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** Who receives the data, in which role, where. */
  public record Recipient(String name, RecipientRole role, String country) {}

  public enum RecipientRole {
    CUSTOMER,
    PROCESSOR_ITSELF,
    SUB_PROCESSOR,
    THIRD_PARTY,
    PUBLIC_AUTHORITY
  }

  /**
   * A transfer to another country; {@code safeguard} is a GDPR Art. 46 (or UK IDTA, LGPD Art. 33,
   * FADP Art. 16) tool, or null; {@code dpfCertified} whether a US recipient is certified under
   * the Data Privacy Framework.
   */
  public record Transfer(String country, String recipient, String safeguard, Boolean dpfCertified, String derogation) {}

  /** For marketing purposes: how the persons' consent is obtained and whether opt-outs are honoured. */
  public record Marketing(ConsentBasis consent, Boolean honourOptOuts) {}

  public enum ConsentBasis {
    FROM_PERSON,
    ASSUMED,
    NOT_OBTAINED
  }

  /** Selling or sharing (CPRA §1798.140(ad), (ah)). */
  public record Sale(Boolean sellOrShare, Boolean honourOptOuts, Boolean crossContextAdvertising,
      Boolean combineAcrossClients, Boolean minorsOptIn) {}

  /** A decision based solely on automated processing (GDPR Art. 22). */
  public record AutomatedDecision(Boolean legalOrSimilarEffect, String ground, Boolean humanReview, Boolean contest) {}

  /** Whether children's data is concerned and the youngest age. */
  public record Minors(Boolean concerned, Integer youngestAge, Boolean parentalConsent) {}

  /** A sub-processor the instruction engages; {@code flowDownContract} whether it is bound by the same terms. */
  public record SubProcessor(String name, String country, Boolean flowDownContract) {}

  /** How data-subject requests are to be handled: ignored, or answered within {@code responseDays}. */
  public record DataSubjectRights(Boolean ignore, Integer responseDays) {}

  /** How breaches are to be reported to the customer: not at all, or after {@code noticeDelayHours}. */
  public record Breaches(Boolean suppressNotices, Integer noticeDelayHours) {}

  /** A disclosure to a public authority (ISO 27701 8.5.4–8.5.5, GDPR Art. 48). */
  public record Disclosure(String authority, String country, Boolean legallyBinding, Boolean requestVerified,
      Boolean internationalAgreement) {}
}
