package dev.mandate.documents;

import dev.mandate.core.agreement.TransferSafeguards;
import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.report.Party;
import dev.mandate.core.report.ProcessorRecord;
import dev.mandate.core.report.ProcessorRecord.AgreementInPeriod;
import dev.mandate.core.report.ProcessorRecord.ProcessingCategory;
import dev.mandate.core.report.ProcessorRecord.SubProcessor;
import dev.mandate.core.report.ProcessorRecord.Transfer;
import dev.mandate.core.vocabulary.Term;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code templates/processor-record.html.mustache} shows: the record as plain text, with
 * vocabulary terms as "label (id)" and countries by name. Every field is plain text; the template
 * prints each with {@code {{…}}}, so Mustache escapes it for HTML.
 */
record ProcessorRecordPage(
    String title,
    String controller,
    String processor,
    String from,
    String to,
    String generatedAt,
    List<PartyRow> parties,
    List<CategoryRow> categories,
    List<TransferRow> transfers,
    List<SubProcessorRow> subProcessors,
    List<String> measures,
    String measuresDescription,
    List<VersionRow> versions,
    List<ActivityRow> activity) {

  static final String NOT_RECORDED = "Not recorded";
  static final String NONE = "—";
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  record PartyRow(String role, String name, String contact) {}

  record CategoryRow(String purpose, String operations, String dataCategories, String dataSubjects,
      String processorOwnUse, String versions) {}

  record TransferRow(String country, String recipient, String mechanism, String art49Safeguards, String versions) {}

  record SubProcessorRow(String name, String country, String authorisation, String purposes, String versions) {}

  record VersionRow(String version, String acceptedAt, String acceptedBy, String ended, String term,
      String termsHash) {}

  record ActivityRow(String purpose, String operation, String dataCategory, String type, String decision,
      String count) {}

  static ProcessorRecordPage of(ProcessorRecord r, Vocabulary vocabulary) {
    Labels labels = new Labels(vocabulary, r.processingCategories());
    String controller = text(r.controller() == null ? null : r.controller().name(), NOT_RECORDED);
    String processor = r.processors().isEmpty() ? NOT_RECORDED
        : r.processors().stream().map(p -> text(p.name(), NOT_RECORDED)).collect(Collectors.joining(", "));

    List<PartyRow> parties = new ArrayList<>();
    for (Party p : r.processors()) {
      parties.add(party("Processor", p));
    }
    parties.add(party("Processor's representative", r.processorRepresentative()));
    parties.add(party("Processor's data protection officer", r.dpo() == null ? null : r.dpo().processor()));
    parties.add(party("Controller (the customer)", r.controller()));
    parties.add(party("Controller's representative", r.controllerRepresentative()));
    parties.add(party("Controller's data protection officer", r.dpo() == null ? null : r.dpo().controller()));

    List<CategoryRow> categories = new ArrayList<>();
    for (ProcessingCategory c : r.processingCategories()) {
      categories.add(new CategoryRow(labels.purpose(c.purpose()), labels.terms(TermKind.PROCESSING, c.operations()),
          labels.terms(TermKind.PERSONAL_DATA, c.dataCategories()), labels.dataSubjects(c.dataSubjects()),
          c.processorOwnUse() ? "Yes" : "No", versions(c.agreementVersions())));
    }
    List<TransferRow> transfers = new ArrayList<>();
    for (Transfer t : r.transfers()) {
      String recipient = text(t.recipient(), NOT_RECORDED) + (t.recipientRole() == null ? ""
          : t.recipientRole() == ProcessorRecord.RecipientRole.PROCESSOR ? " (processor)" : " (sub-processor)");
      transfers.add(new TransferRow(country(t.country()), recipient, safeguard(t.mechanism()),
          t.art49_2Safeguards() == null ? "Not used" : t.art49_2Safeguards(), versions(t.agreementVersions())));
    }
    List<SubProcessorRow> subProcessors = new ArrayList<>();
    for (SubProcessor s : r.subProcessors()) {
      subProcessors.add(new SubProcessorRow(text(s.name(), NOT_RECORDED), country(s.country()),
          s.authorisation() == null ? NOT_RECORDED : s.authorisation().name().toLowerCase(Locale.ROOT),
          s.purposes().isEmpty() ? "All purposes" : join(s.purposes(), labels::purpose), versions(s.agreementVersions())));
    }
    List<String> measures = r.tomDescription().measures().stream()
        .map(m -> labels.term(TermKind.SECURITY_MEASURE, m)).toList();
    List<VersionRow> versions = new ArrayList<>();
    for (AgreementInPeriod a : r.agreementVersions()) {
      String ended = a.supersededAt() != null ? "Superseded " + instant(a.supersededAt())
          : a.terminatedAt() != null ? "Terminated " + instant(a.terminatedAt()) : "In force";
      String term = (a.startsOn() == null ? "from the start" : "from " + a.startsOn())
          + (a.endsOn() == null ? ", no fixed end" : " to " + a.endsOn());
      versions.add(new VersionRow(String.valueOf(a.version()), instant(a.acceptedAt()), text(a.acceptedBy(), NONE),
          ended, term, text(a.termsHash(), NONE)));
    }
    List<ActivityRow> activity = new ArrayList<>();
    for (ActivityCount a : r.activity()) {
      activity.add(new ActivityRow(a.purpose() == null ? NONE : labels.purpose(a.purpose()),
          a.operation() == null ? NONE : labels.term(TermKind.PROCESSING, a.operation()),
          a.dataCategory() == null ? NONE : labels.term(TermKind.PERSONAL_DATA, a.dataCategory()),
          a.type() == null ? NONE : a.type().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          a.effect() == null ? NONE : switch (a.effect()) {
            case PERMIT -> "permitted";
            case DENY -> "denied";
          },
          String.format(Locale.ROOT, "%,d", a.count())));
    }
    return new ProcessorRecordPage("Record of processing activities for " + controller, controller, processor,
        instant(r.from()), instant(r.to()), instant(r.generatedAt()), parties, categories, transfers, subProcessors,
        measures, text(r.tomDescription().description(), NOT_RECORDED), versions, activity);
  }

  private static PartyRow party(String role, Party p) {
    if (p == null) {
      return new PartyRow(role, NOT_RECORDED, NOT_RECORDED);
    }
    return new PartyRow(role, text(p.name(), NOT_RECORDED), text(p.contact(), NOT_RECORDED));
  }

  private static String safeguard(String id) {
    if (id == null) {
      return "None named in the agreement";
    }
    String label = TransferSafeguards.LABELS.get(id);
    return label == null ? id : capitalise(label) + " (" + id + ")";
  }

  /** "United States (US)"; an unknown code as it is. */
  static String country(String code) {
    if (code == null) {
      return NOT_RECORDED;
    }
    if (!TransferSafeguards.isCountry(code)) {
      return code;
    }
    return Locale.of("", code).getDisplayCountry(Locale.ENGLISH) + " (" + code + ")";
  }

  private static String versions(List<Integer> versions) {
    return join(versions, String::valueOf);
  }

  private static <T> String join(List<T> items, Function<T, String> phrase) {
    return items.isEmpty() ? NONE : items.stream().map(phrase).collect(Collectors.joining(", "));
  }

  private static String instant(Instant t) {
    return t == null ? NONE : INSTANT.format(t);
  }

  private static String text(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  /** Labels of vocabulary terms, and of the customer's own purposes named in the record. */
  private record Labels(Vocabulary vocabulary, List<ProcessingCategory> categories) {
    String term(TermKind kind, String id) {
      if (id == null) {
        return NONE;
      }
      return vocabulary.find(kind, id).map(Term::label).filter(l -> !l.isBlank())
          .map(l -> TermPhrases.natural(l) + " (" + id + ")").orElse(id);
    }

    String terms(TermKind kind, List<String> ids) {
      return join(ids, id -> term(kind, id));
    }

    /** Data-subject categories in the plural: "employees (dpv:Employee)". */
    String dataSubjects(List<String> ids) {
      return join(ids, id -> vocabulary.find(TermKind.DATA_SUBJECT, id).map(Term::label).filter(l -> !l.isBlank())
          .map(l -> TermPhrases.plural(TermPhrases.natural(l)) + " (" + id + ")").orElse(id));
    }

    /** A customer's own purpose with its own label and the DPV purpose it belongs to; otherwise the DPV purpose. */
    String purpose(String id) {
      for (ProcessingCategory c : categories) {
        if (c.purpose().equals(id) && c.label() != null) {
          String own = c.label() + " (" + id + ")";
          return c.parentPurpose() == null ? own : own + ", a kind of " + term(TermKind.PURPOSE, c.parentPurpose());
        }
      }
      return term(TermKind.PURPOSE, id);
    }
  }
}
