package dev.mandate.core.agreement;

import java.time.LocalDate;
import java.util.List;

/**
 * The structured terms of one agreement version (PR-821-01): what the customer instructs the
 * processor to do. Lists keep the order the customer gave; clause numbers follow it.
 */
public record AgreementTerms(
    String subjectMatter,
    String natureOfProcessing,
    LocalDate startsOn,
    LocalDate endsOn,
    List<String> dataCategories,
    List<CustomPurpose> customPurposes,
    List<PurposeTerms> purposes,
    List<LocationTerms> locations,
    List<SubProcessorTerms> subProcessors,
    AssistanceTerms assistance,
    List<String> securityMeasures,
    MarketingTerms marketing,
    EndOfContract endOfContract) {

  public AgreementTerms {
    dataCategories = copy(dataCategories);
    customPurposes = copy(customPurposes);
    purposes = copy(purposes);
    locations = copy(locations);
    subProcessors = copy(subProcessors);
    securityMeasures = copy(securityMeasures);
  }

  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** A purpose the customer names itself, placed under a DPV purpose, e.g. {@code custom:MonthlyPayroll}. */
  public record CustomPurpose(String id, String label, String parent) {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("custom:[A-Z][A-Za-z0-9]{1,63}");

    /** Whether {@code id} has the form of a custom purpose id, e.g. {@code custom:MonthlyPayroll}. */
    public static boolean isWellFormedId(String id) {
      return id != null && ID.matcher(id).matches();
    }
  }

  /** What the customer allows for one purpose. */
  public record PurposeTerms(
      String purpose,
      List<String> dataCategories,
      List<String> operations,
      List<String> dataSubjects,
      Integer retentionDays,
      String legalBasis,
      SpecialCategories specialCategories,
      boolean processorOwnUse) {
    public PurposeTerms {
      dataCategories = copy(dataCategories);
      operations = copy(operations);
      dataSubjects = copy(dataSubjects);
      specialCategories = specialCategories == null ? SpecialCategories.NONE : specialCategories;
    }
  }

  /** Whether special categories (GDPR Art. 9) may be processed for a purpose, and under which Art. 9(2) condition. */
  public record SpecialCategories(boolean allowed, String condition) {
    public static final SpecialCategories NONE = new SpecialCategories(false, null);
  }

  /** A country where PII is processed or stored, and the transfer safeguard that covers it. */
  public record LocationTerms(String country, List<LocationUse> uses, String transferSafeguard) {
    public LocationTerms {
      uses = copy(uses);
    }
  }

  public enum LocationUse {
    PROCESSING,
    STORAGE
  }

  /** A sub-processor the customer authorised (GDPR Art. 28(2)), for the listed purposes (all if empty). */
  public record SubProcessorTerms(
      String name, String country, Authorisation authorisation, List<String> purposes) {
    public SubProcessorTerms {
      purposes = copy(purposes);
    }
  }

  public enum Authorisation {
    SPECIFIC,
    GENERAL
  }

  /** How fast the processor helps (PR-821-04): days to assist with a data-subject request, hours to notify a breach. */
  public record AssistanceTerms(Integer dataSubjectRequestDays, Integer breachNotificationHours) {}

  /**
   * Whether the customer instructs any marketing or advertising use. Even when it does, each use
   * also needs the person's own prior consent (ISO 27701 8.2.3, PR-823-01).
   */
  public record MarketingTerms(boolean instructed) {
    public static final MarketingTerms NONE = new MarketingTerms(false);
  }

  /** What happens to the PII when the service ends (GDPR Art. 28(3)(g)). */
  public enum EndOfContract {
    RETURN,
    DELETE,
    RETURN_THEN_DELETE
  }
}
