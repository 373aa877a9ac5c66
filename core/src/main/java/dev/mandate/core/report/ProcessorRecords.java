package dev.mandate.core.report;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.processinglog.EventType;
import dev.mandate.core.processinglog.ProcessingLog;
import dev.mandate.core.report.ProcessorRecord.AgreementInPeriod;
import dev.mandate.core.report.ProcessorRecord.Dpo;
import dev.mandate.core.report.ProcessorRecord.ProcessingCategory;
import dev.mandate.core.report.ProcessorRecord.RecipientRole;
import dev.mandate.core.report.ProcessorRecord.SecurityMeasures;
import dev.mandate.core.report.ProcessorRecord.SubProcessor;
import dev.mandate.core.report.ProcessorRecord.Transfer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Generates the processor's record of processing activities for one customer and period (GDPR
 * Art. 30(2), ISO 27701 8.2.6, PR-826-01), from the agreement versions in force during the
 * period and from the processing log. It can be exported to the customer and, through the
 * processor, to a supervisory authority (Art. 30(3), 30(4)).
 *
 * <p>Who may read it: the same callers as the processing records it is made from
 * ({@link Action#READ_PROCESSING_RECORDS}): the customer's own DPO, the processor's admins (its
 * privacy officer) and auditors; a processor-service key may not. Deny by default; a customer
 * the caller cannot see is "not found", before anything else is checked.
 */
public final class ProcessorRecords {
  /** What Mandate itself does for every customer's data (Art. 32(1)(a), (b), (d) in the words of the record). */
  static final String MANDATE_MEASURES = "Personal data values kept in the Mandate vault are encrypted with "
      + "AES-256-GCM under data keys of their own customer, and those keys are wrapped by a master key kept "
      + "outside the database. E-mail addresses are found through a keyed blind index, not a plaintext column. "
      + "Each read or write of personal data must name a purpose and is allowed only under the agreement the "
      + "customer accepted. Every decision and vault access is recorded durably before the answer, with data "
      + "subjects only as keyed pseudonyms; when it cannot be recorded, the processing does not take place. "
      + "API keys are limited by role, customer and purpose, and only hashes of their secrets are kept. "
      + "Fields are deleted when their retention period ends.";

  /** Event types that are processing of personal data; the others (agreement and customer steps, key rotation) are not counted. */
  static final Set<EventType> PROCESSING = EnumSet.of(EventType.DECISION, EventType.VAULT_CREATE,
      EventType.VAULT_READ, EventType.VAULT_UPDATE, EventType.VAULT_DELETE, EventType.VAULT_SEARCH,
      EventType.VAULT_PURGE, EventType.MARKETING_AUDIENCE_INCLUSION);

  private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<ActivityCount> ACTIVITY_ORDER = Comparator
      .comparing(ActivityCount::purpose, TEXT)
      .thenComparing(ActivityCount::operation, TEXT)
      .thenComparing(ActivityCount::dataCategory, TEXT)
      .thenComparing(ActivityCount::type, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(ActivityCount::effect, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final CustomerService customers;
  private final AgreementStore agreements;
  private final ProcessingLog log;
  private final ProcessorIdentity identity;
  private final Clock clock;

  public ProcessorRecords(CustomerService customers, AgreementStore agreements, ProcessingLog log,
      ProcessorIdentity identity, Clock clock) {
    this.customers = Objects.requireNonNull(customers);
    this.agreements = Objects.requireNonNull(agreements);
    this.log = Objects.requireNonNull(log);
    this.identity = Objects.requireNonNull(identity);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * The record for [{@code from}, {@code to}) given as text (ISO 8601 dates or instants, see
   * {@link RecordPeriod}). Access is checked before the period, so a caller learns nothing about
   * a customer it cannot see from its answer.
   */
  public ProcessorRecord generate(Principal actor, CustomerId customer, String from, String to) {
    Customer c = authorise(actor, customer);
    return build(c, RecordPeriod.parse(from, to));
  }

  /** The record for [{@code from}, {@code to}), at most 366 days. */
  public ProcessorRecord generate(Principal actor, CustomerId customer, Instant from, Instant to) {
    Customer c = authorise(actor, customer);
    return build(c, RecordPeriod.of(from, to));
  }

  private Customer authorise(Principal actor, CustomerId customer) {
    AccessPolicy.require(actor, Action.READ_PROCESSING_RECORDS, customer);
    return customers.visible(actor, customer);
  }

  private ProcessorRecord build(Customer customer, RecordPeriod period) {
    Instant generatedAt = clock.instant();
    List<AgreementVersion> inPeriod = agreements.versions(customer.id()).stream()
        .filter(v -> inForceDuring(v, period))
        .sorted(Comparator.comparingInt(AgreementVersion::version))
        .toList();
    List<ActivityCount> activity = log.activity(customer.id(), period.from(), period.to()).stream()
        .filter(a -> PROCESSING.contains(a.type()))
        .sorted(ACTIVITY_ORDER)
        .toList();
    Party processor = identity.processor();
    return new ProcessorRecord(
        customer.id(), period.from(), period.to(), generatedAt,
        List.of(processor),
        identity.representative(),
        new Party(customer.name(), controllerContact(customer)),
        null, // Mandate does not record a controller's representative (Art. 27)
        new Dpo(controllerDpo(customer.dpo()), identity.dpo()),
        categories(inPeriod),
        transfers(inPeriod, customer, processor.name()),
        subProcessors(inPeriod),
        new SecurityMeasures(distinct(inPeriod, AgreementTerms::securityMeasures), MANDATE_MEASURES),
        inPeriod.stream().map(ProcessorRecords::summary).toList(),
        activity);
  }

  /**
   * Whether the version was in force for part of [from, to): accepted before {@code to}, and not
   * superseded or terminated at or before {@code from}. Drafts, offers and rejected versions never were.
   */
  static boolean inForceDuring(AgreementVersion v, RecordPeriod period) {
    if (v.accepted() == null || v.accepted().at() == null || !v.accepted().at().isBefore(period.to())) {
      return false;
    }
    return switch (v.state()) {
      case ACCEPTED -> true;
      case SUPERSEDED, TERMINATED -> v.closed() == null || v.closed().at() == null
          || v.closed().at().isAfter(period.from());
      case DRAFT, OFFERED, REJECTED -> false;
    };
  }

  private static AgreementInPeriod summary(AgreementVersion v) {
    Instant closedAt = v.closed() == null ? null : v.closed().at();
    return new AgreementInPeriod(v.version(), v.termsHash(), v.accepted().at(), v.accepted().actor(),
        v.state() == AgreementState.SUPERSEDED ? closedAt : null,
        v.state() == AgreementState.TERMINATED ? closedAt : null,
        v.terms().startsOn(), v.terms().endsOn());
  }

  /** The customer's e-mail addresses for notices; Mandate keeps no other contact of the controller itself. */
  private static String controllerContact(Customer c) {
    String emails = c.notificationEndpoints().stream()
        .filter(e -> e.kind() == NotificationEndpoint.Kind.EMAIL && e.address() != null)
        .map(NotificationEndpoint::address)
        .collect(Collectors.joining(", "));
    return emails.isEmpty() ? null : emails;
  }

  private static Party controllerDpo(Contact dpo) {
    if (dpo == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    if (dpo.email() != null && !dpo.email().isBlank()) {
      parts.add(dpo.email());
    }
    if (dpo.phone() != null && !dpo.phone().isBlank()) {
      parts.add(dpo.phone());
    }
    return new Party(dpo.name(), parts.isEmpty() ? null : String.join(", ", parts));
  }

  /** One category per purpose, in the order the purposes first appear; what each version allows is merged. */
  static List<ProcessingCategory> categories(List<AgreementVersion> versions) {
    Map<String, CategoryBuilder> byPurpose = new LinkedHashMap<>();
    for (AgreementVersion v : versions) {
      Map<String, CustomPurpose> custom = new LinkedHashMap<>();
      v.terms().customPurposes().forEach(p -> custom.putIfAbsent(p.id(), p));
      for (PurposeTerms p : v.terms().purposes()) {
        CategoryBuilder b = byPurpose.computeIfAbsent(p.purpose(), CategoryBuilder::new);
        CustomPurpose own = custom.get(p.purpose());
        if (own != null) {
          b.label = own.label();
          b.parent = own.parent();
        }
        b.operations.addAll(p.operations());
        b.dataCategories.addAll(p.dataCategories());
        b.dataSubjects.addAll(p.dataSubjects());
        b.processorOwnUse |= p.processorOwnUse();
        if (!b.versions.contains(v.version())) {
          b.versions.add(v.version());
        }
      }
    }
    return byPurpose.values().stream().map(CategoryBuilder::build).toList();
  }

  /**
   * The agreement's locations and its sub-processors' countries that are third countries for
   * this customer ({@link LegalAreas}). A sub-processor's mechanism is the safeguard the same
   * version names for its country, if it lists that country as a location.
   */
  static List<Transfer> transfers(List<AgreementVersion> versions, Customer customer, String processorName) {
    Map<TransferKey, List<Integer>> merged = new LinkedHashMap<>();
    for (AgreementVersion v : versions) {
      AgreementTerms t = v.terms();
      Map<String, String> safeguards = new LinkedHashMap<>();
      for (LocationTerms l : t.locations()) {
        safeguards.putIfAbsent(l.country(), l.transferSafeguard());
        if (LegalAreas.isThirdCountry(l.country(), customer.jurisdictions())) {
          add(merged, new TransferKey(l.country(), processorName, RecipientRole.PROCESSOR, l.transferSafeguard()),
              v.version());
        }
      }
      for (SubProcessorTerms s : t.subProcessors()) {
        if (LegalAreas.isThirdCountry(s.country(), customer.jurisdictions())) {
          add(merged, new TransferKey(s.country(), s.name(), RecipientRole.SUB_PROCESSOR, safeguards.get(s.country())),
              v.version());
        }
      }
    }
    List<Transfer> transfers = new ArrayList<>();
    merged.forEach((k, vs) -> transfers.add(new Transfer(k.country(), k.recipient(), k.role(), k.mechanism(), null, vs)));
    return transfers;
  }

  /** The sub-processors of the versions in the period; one entry per distinct authorisation. */
  static List<SubProcessor> subProcessors(List<AgreementVersion> versions) {
    Map<SubProcessorKey, List<Integer>> merged = new LinkedHashMap<>();
    for (AgreementVersion v : versions) {
      for (SubProcessorTerms s : v.terms().subProcessors()) {
        add(merged, new SubProcessorKey(s.name(), s.country(), s.authorisation(), s.purposes()), v.version());
      }
    }
    List<SubProcessor> result = new ArrayList<>();
    merged.forEach((k, vs) -> result.add(new SubProcessor(k.name(), k.country(), k.authorisation(), k.purposes(), vs)));
    return result;
  }

  private record TransferKey(String country, String recipient, RecipientRole role, String mechanism) {}

  private record SubProcessorKey(String name, String country, Authorisation authorisation, List<String> purposes) {}

  private static <K> void add(Map<K, List<Integer>> merged, K key, int version) {
    List<Integer> versions = merged.computeIfAbsent(key, k -> new ArrayList<>());
    if (!versions.contains(version)) {
      versions.add(version);
    }
  }

  private static List<String> distinct(List<AgreementVersion> versions, Function<AgreementTerms, List<String>> terms) {
    Set<String> all = new LinkedHashSet<>();
    versions.forEach(v -> all.addAll(terms.apply(v.terms())));
    return List.copyOf(all);
  }

  private static final class CategoryBuilder {
    final String purpose;
    String label;
    String parent;
    final Set<String> operations = new LinkedHashSet<>();
    final Set<String> dataCategories = new LinkedHashSet<>();
    final Set<String> dataSubjects = new LinkedHashSet<>();
    boolean processorOwnUse;
    final List<Integer> versions = new ArrayList<>();

    CategoryBuilder(String purpose) {
      this.purpose = purpose;
    }

    ProcessingCategory build() {
      return new ProcessingCategory(purpose, label, parent, List.copyOf(operations), List.copyOf(dataCategories),
          List.copyOf(dataSubjects), processorOwnUse, versions);
    }
  }
}
