package dev.mandate.web;

import dev.mandate.core.access.ApiKeyService.KeyRequest;
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
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.CustomerDraft;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.decision.DecisionService.Question;
import dev.mandate.core.instruction.InstructionFields;
import dev.mandate.core.instruction.InstructionService.Submission;
import dev.mandate.core.vault.VaultService.NewField;
import dev.mandate.core.vault.VaultService.NewRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request bodies, one small record per shape, so that Jackson detects unknown fields exactly
 * where they are. Each converts itself into the core type; dates and instants are read here so
 * that a malformed one is reported with its field name.
 */
final class Requests {
  private Requests() {}

  record ApiKeyBody(String label, String role, List<String> customers, List<String> purposes) {
    KeyRequest toCore() {
      return new KeyRequest(label, role, set(customers), set(purposes));
    }
  }

  record ContactBody(String name, String email, String phone) {
    Contact toCore() {
      return new Contact(name, email, phone);
    }
  }

  record EndpointBody(NotificationEndpoint.Kind kind, String address) {
    NotificationEndpoint toCore() {
      return new NotificationEndpoint(kind, address);
    }
  }

  record CustomerBody(String id, String name, List<String> jurisdictions, ContactBody dpo,
      List<EndpointBody> notificationEndpoints) {
    CustomerDraft toCore() {
      return draft(id, name, jurisdictions, dpo, notificationEndpoints);
    }
  }

  /** The same as {@link CustomerBody} without {@code id}: a customer's id never changes. */
  record CustomerUpdateBody(String name, List<String> jurisdictions, ContactBody dpo,
      List<EndpointBody> notificationEndpoints) {
    CustomerDraft toCore(String id) {
      return draft(id, name, jurisdictions, dpo, notificationEndpoints);
    }
  }

  private static CustomerDraft draft(String id, String name, List<String> jurisdictions, ContactBody dpo,
      List<EndpointBody> endpoints) {
    return new CustomerDraft(id, name, set(jurisdictions), dpo == null ? null : dpo.toCore(),
        endpoints == null ? null : endpoints.stream().map(EndpointBody::toCore).toList());
  }

  record CustomPurposeBody(String id, String label, String parent) {}

  record SpecialCategoriesBody(Boolean allowed, String condition) {}

  record PurposeBody(String purpose, List<String> dataCategories, List<String> operations, List<String> dataSubjects,
      Integer retentionDays, String legalBasis, SpecialCategoriesBody specialCategories, Boolean processorOwnUse) {
    PurposeTerms toCore() {
      return new PurposeTerms(purpose, dataCategories, operations, dataSubjects, retentionDays, legalBasis,
          specialCategories == null ? null
              : new SpecialCategories(Boolean.TRUE.equals(specialCategories.allowed()), specialCategories.condition()),
          Boolean.TRUE.equals(processorOwnUse));
    }
  }

  record LocationBody(String country, List<LocationUse> uses, String transferSafeguard) {}

  record SubProcessorBody(String name, String country, Authorisation authorisation, List<String> purposes) {}

  record AssistanceBody(Integer dataSubjectRequestDays, Integer breachNotificationHours) {}

  record MarketingBody(boolean instructed) {}

  /** Agreement terms, field for field as {@code TermsDigest.tree} names them. */
  record TermsBody(String subjectMatter, String natureOfProcessing, String startsOn, String endsOn,
      List<String> dataCategories, List<CustomPurposeBody> customPurposes, List<PurposeBody> purposes,
      List<LocationBody> locations, List<SubProcessorBody> subProcessors, AssistanceBody assistance,
      List<String> securityMeasures, MarketingBody marketing, EndOfContract endOfContract) {
    AgreementTerms toCore() {
      return new AgreementTerms(subjectMatter, natureOfProcessing, date("startsOn", startsOn), date("endsOn", endsOn),
          dataCategories,
          customPurposes == null ? null
              : customPurposes.stream().map(c -> new CustomPurpose(c.id(), c.label(), c.parent())).toList(),
          purposes == null ? null : purposes.stream().map(PurposeBody::toCore).toList(),
          locations == null ? null
              : locations.stream().map(l -> new LocationTerms(l.country(), l.uses(), l.transferSafeguard())).toList(),
          subProcessors == null ? null
              : subProcessors.stream()
                  .map(s -> new SubProcessorTerms(s.name(), s.country(), s.authorisation(), s.purposes())).toList(),
          assistance == null ? null
              : new AssistanceTerms(assistance.dataSubjectRequestDays(), assistance.breachNotificationHours()),
          securityMeasures,
          marketing == null ? null : new MarketingTerms(marketing.instructed()),
          endOfContract);
    }
  }

  record AcceptBody(String termsHash) {
    static final AcceptBody NONE = new AcceptBody(null);
  }

  record NoteBody(String note) {
    static final NoteBody NONE = new NoteBody(null);
  }

  /** For actions without a body: only an empty body or {@code {}} is accepted. */
  record EmptyBody() {
    static final EmptyBody NONE = new EmptyBody();
  }

  record DecisionBody(String customerId, String purpose, String operation, List<String> dataCategories,
      String dataSubjectCategory, String subjectId, String collectedAt, String location, String recipient,
      Boolean processorOwnUse, String instructionId) {
    Question toCore() {
      return new Question(purpose, operation, dataCategories, dataSubjectCategory, subjectId,
          instant("collectedAt", collectedAt), location, recipient, Boolean.TRUE.equals(processorOwnUse), instructionId);
    }
  }

  // Instructions (ISO 27701 8.2.4): read with the instruction-mode codec, where an absent or
  // null flag stays null ("not said"), never false.

  /** Who at the customer gave an instruction the processor-admin records (received by another channel). */
  record GivenByBody(String name, String role) {}

  /** A new instruction or a new version of one: the customer's own words and the structured fields. */
  record InstructionSubmitBody(String text, InstructionFields fields, GivenByBody givenBy) {
    InstructionCheck.InstructionBody instruction() {
      return new InstructionCheck.InstructionBody(text, fields);
    }

    Submission toCore() {
      InstructionCheck.InstructionBody i = instruction();
      return new Submission(i.text(), i.fields(), givenBy == null ? null : givenBy.name(),
          givenBy == null ? null : givenBy.role());
    }
  }

  /** The customer's written confirmation of a held version (PR-824-03). */
  record ConfirmInstructionBody(String justification) {}

  /** The privacy officer's decision on a held version: {@code APPLY} or {@code REFUSE}, with a note. */
  record DecideInstructionBody(String decision, String note) {}

  /** A dry run: {@link InstructionCheck}'s JSON, plus {@code customerId} to check under that customer's laws and agreement. */
  record InstructionCheckBody(String customerId, List<String> jurisdictions, TermsBody agreement, String asOf,
      Boolean givenByAuthorised, InstructionCheck.InstructionBody instruction) {}

  record VaultFieldBody(String category, String value, String purpose) {
    NewField toCore() {
      return new NewField(category, value, purpose);
    }
  }

  record VaultRecordBody(String subjectId, String dataSubjectCategory, String purpose,
      Map<String, VaultFieldBody> fields) {
    NewRecord toCore() {
      return new NewRecord(subjectId, dataSubjectCategory, purpose, newFields(fields));
    }
  }

  record VaultChangeBody(String purpose, Map<String, VaultFieldBody> fields) {
    Map<String, NewField> changes() {
      return newFields(fields);
    }
  }

  record VaultSearchBody(String purpose, String field, String category, String value, String dataSubjectCategory) {}

  private static Map<String, NewField> newFields(Map<String, VaultFieldBody> fields) {
    if (fields == null) {
      return null;
    }
    Map<String, NewField> out = new LinkedHashMap<>();
    fields.forEach((name, f) -> out.put(name, f.toCore()));
    return out;
  }

  private static Set<String> set(List<String> list) {
    return list == null ? null : new LinkedHashSet<>(list);
  }

  static LocalDate date(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw HttpProblem.badParameter(field, "INVALID_FORMAT", field + " must be a date written YYYY-MM-DD.");
    }
  }

  static Instant instant(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw HttpProblem.badParameter(field, "INVALID_FORMAT",
          field + " must be an ISO-8601 instant such as 2026-01-31T09:30:00Z.");
    }
  }
}
