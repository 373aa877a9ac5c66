package dev.mandate.documents;

import static dev.mandate.core.vocabulary.TermKind.LEGAL_BASIS;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PROCESSING;
import static dev.mandate.core.vocabulary.TermKind.SECURITY_MEASURE;
import static dev.mandate.core.vocabulary.TermKind.SPECIAL_CATEGORY_CONDITION;

import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.AssistanceTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationUse;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.agreement.TransferSafeguards;
import dev.mandate.core.customer.Customer;
import dev.mandate.documents.AgreementView.Clause;
import dev.mandate.documents.AgreementView.Part;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the short sentences of an agreement document from its structured terms: one sentence per
 * term, "we" for the processor and "you" for the customer, no legalese. Customer text is escaped
 * here, so every sentence is safe Markdown. Nothing reads a clock or the default locale.
 */
final class Sentences {
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final TermPhrases phrases;
  private final AgreementTerms terms;
  private final String customer;

  private Sentences(TermPhrases phrases, AgreementTerms terms, String customer) {
    this.phrases = phrases;
    this.terms = terms;
    this.customer = MarkdownText.clause(customer);
  }

  static AgreementView view(Customer customer, AgreementVersion version, TermPhrases phrases) {
    Sentences s = new Sentences(phrases, version.terms(), customer.name());
    String name = plain(customer.name());
    return new AgreementView(
        "Data processing agreement with " + name + ", version " + version.version(),
        name,
        version.version(),
        state(version.state()),
        version.termsHash(),
        stamps(version),
        version.closingNote() == null || version.closingNote().isBlank() ? null : plain(version.closingNote()),
        s.about(),
        s.clauses(),
        s.specialCategories(),
        s.ownUses(),
        s.locations(),
        s.subProcessorsIntro(),
        s.subProcessors(),
        s.help(),
        s.security(),
        s.marketing(),
        s.endOfContract());
  }

  private List<String> about() {
    List<String> out = new ArrayList<>();
    out.add("We process personal data for you, " + customer + ".");
    out.add("We act only on your documented instructions.");
    if (terms.subjectMatter() != null) {
      out.add("The subject matter is: " + MarkdownText.clause(terms.subjectMatter()) + ".");
    }
    if (terms.natureOfProcessing() != null) {
      out.add("The nature of the processing is: " + MarkdownText.clause(terms.natureOfProcessing()) + ".");
    }
    if (terms.startsOn() != null) {
      out.add("It starts on " + terms.startsOn()
          + (terms.endsOn() == null ? " and has no fixed end date." : " and ends on " + terms.endsOn() + "."));
    }
    if (!terms.dataCategories().isEmpty()) {
      out.add("In all, it covers this data: " + phrases.terms(PERSONAL_DATA, terms.dataCategories()) + ".");
    }
    out.add("This text restates the terms in plain words.");
    out.add("If the two differ, the terms with the hash above apply.");
    return out;
  }

  private List<Clause> clauses() {
    List<Clause> out = new ArrayList<>();
    for (int i = 0; i < terms.purposes().size(); i++) {
      PurposeTerms p = terms.purposes().get(i);
      out.add(new Clause(i + 1, phrases.purposeTitle(p.purpose()), clause(p)));
    }
    return out;
  }

  private List<String> clause(PurposeTerms p) {
    List<String> out = new ArrayList<>();
    if (p.processorOwnUse()) {
      out.add("We may use the data for our own purpose: " + phrases.purpose(p.purpose()) + ".");
      out.add("This is our own use, which you allow.");
    } else {
      out.add("We use the data only for " + phrases.purpose(p.purpose()) + ".");
    }
    phrases.parentOf(p.purpose()).ifPresent(parent -> out.add("This is a kind of " + parent + "."));
    if (!p.dataCategories().isEmpty()) {
      out.add("The data may include: " + phrases.terms(PERSONAL_DATA, p.dataCategories()) + ".");
    }
    if (!p.operations().isEmpty()) {
      out.add("We may do this with it: " + phrases.terms(PROCESSING, p.operations()) + ".");
    }
    if (!p.dataSubjects().isEmpty()) {
      out.add("The data is about " + phrases.dataSubjects(p.dataSubjects()) + ".");
    }
    if (p.retentionDays() != null) {
      out.add("We keep it for " + count(p.retentionDays(), "day") + " at most.");
    }
    if (p.legalBasis() != null) {
      out.add("The legal basis is: " + phrases.term(LEGAL_BASIS, p.legalBasis()) + ".");
    }
    if (special(p).allowed()) {
      out.add("It may include special categories of data (see below).");
    }
    return out;
  }

  private Part specialCategories() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < terms.purposes().size(); i++) {
      PurposeTerms p = terms.purposes().get(i);
      SpecialCategories s = special(p);
      if (!s.allowed()) {
        continue;
      }
      List<String> listed = p.dataCategories().stream().filter(phrases::isSpecialCategory).toList();
      out.add("Clause " + (i + 1) + " may include special categories of personal data"
          + (listed.isEmpty() ? "." : ": " + phrases.terms(PERSONAL_DATA, listed) + "."));
      if (s.condition() != null) {
        out.add("The condition for this is: " + phrases.term(SPECIAL_CATEGORY_CONDITION, s.condition()) + ".");
      }
    }
    return out.isEmpty() ? null : new Part(out);
  }

  private List<String> ownUses() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < terms.purposes().size(); i++) {
      PurposeTerms p = terms.purposes().get(i);
      if (p.processorOwnUse()) {
        out.add("Clause " + (i + 1) + " lets us use the data for our own purpose: "
            + phrases.purpose(p.purpose()) + ".");
      }
    }
    out.add(out.isEmpty()
        ? "We do not use the data for our own purposes."
        : "We have no other own uses.");
    return out;
  }

  private List<String> locations() {
    List<String> out = new ArrayList<>();
    for (LocationTerms l : terms.locations()) {
      Set<LocationUse> uses = l.uses().isEmpty() ? EnumSet.noneOf(LocationUse.class) : EnumSet.copyOf(l.uses());
      String what = uses.size() == 2 ? "we process and store it here."
          : uses.contains(LocationUse.STORAGE) ? "we store it here."
          : uses.contains(LocationUse.PROCESSING) ? "we process it here."
          : "we name this place.";
      String item = TermPhrases.country(l.country()) + ": " + what;
      if (l.transferSafeguard() != null) {
        String label = TransferSafeguards.LABELS.get(l.transferSafeguard());
        String id = MarkdownText.escape(l.transferSafeguard());
        item += " The transfer relies on " + (label == null ? id : label + " (" + id + ")") + ".";
      }
      out.add(item);
    }
    return out;
  }

  private List<String> subProcessorsIntro() {
    return List.of(terms.subProcessors().isEmpty()
        ? "We use no sub-processors."
        : "We use only these sub-processors:");
  }

  private List<String> subProcessors() {
    List<String> out = new ArrayList<>();
    for (SubProcessorTerms s : terms.subProcessors()) {
      StringBuilder item = new StringBuilder(MarkdownText.escape(s.name()))
          .append(", ").append(TermPhrases.country(s.country())).append('.');
      if (s.authorisation() != null) {
        item.append(switch (s.authorisation()) {
          case SPECIFIC -> " You approved it by name.";
          case GENERAL -> " You approved it in general terms. We tell you before any change, so you can object.";
        });
      }
      item.append(s.purposes().isEmpty()
          ? " It may help with every purpose."
          : " It may help only with " + phrases.purposes(s.purposes()) + ".");
      out.add(item.toString());
    }
    return out;
  }

  private List<String> help() {
    AssistanceTerms a = terms.assistance();
    List<String> out = new ArrayList<>();
    if (a != null && a.dataSubjectRequestDays() != null) {
      out.add("When a person asks about their data, we help you answer within "
          + count(a.dataSubjectRequestDays(), "day") + ".");
    }
    if (a != null && a.breachNotificationHours() != null) {
      out.add("We tell you about a data breach within " + count(a.breachNotificationHours(), "hour") + ".");
    }
    return out;
  }

  private List<String> security() {
    return List.of(terms.securityMeasures().isEmpty()
        ? "This version names no security measures."
        : "We protect the data with: " + phrases.terms(SECURITY_MEASURE, terms.securityMeasures()) + ".");
  }

  private List<String> marketing() {
    if (terms.marketing() == null || !terms.marketing().instructed()) {
      return List.of("We do not use the data for marketing or advertising.");
    }
    return List.of(
        "You instruct us to use the data for marketing.",
        "We do so only with the person's own prior consent, never as a condition of service.");
  }

  private List<String> endOfContract() {
    if (terms.endOfContract() == null) {
      return List.of("This version does not say what happens to the data at the end.");
    }
    return List.of(switch (terms.endOfContract()) {
      case RETURN -> "When the contract ends, we give the data back to you.";
      case DELETE -> "When the contract ends, we delete the data.";
      case RETURN_THEN_DELETE -> "When the contract ends, we give the data back to you and then delete it.";
    });
  }

  private static SpecialCategories special(PurposeTerms p) {
    return p.specialCategories() == null ? SpecialCategories.NONE : p.specialCategories();
  }

  private static List<AgreementView.Stamp> stamps(AgreementVersion v) {
    List<AgreementView.Stamp> out = new ArrayList<>();
    add(out, "Drafted", v.drafted());
    add(out, "Offered", v.offered());
    add(out, "Accepted", v.accepted());
    add(out, switch (v.state()) {
      case REJECTED -> "Rejected";
      case SUPERSEDED -> "Superseded";
      case TERMINATED -> "Terminated";
      default -> "Closed";
    }, v.closed());
    return out;
  }

  private static void add(List<AgreementView.Stamp> out, String event, Stamp stamp) {
    if (stamp != null && stamp.at() != null) {
      out.add(new AgreementView.Stamp(event, INSTANT.format(stamp.at()),
          stamp.actor() == null ? "unknown" : plain(stamp.actor())));
    }
  }

  private static String state(AgreementState state) {
    return switch (state) {
      case DRAFT -> "draft (not yet offered to you)";
      case OFFERED -> "offered (waiting for your answer)";
      case ACCEPTED -> "accepted (in force)";
      case REJECTED -> "rejected";
      case SUPERSEDED -> "superseded by a later version";
      case TERMINATED -> "terminated";
    };
  }

  /** "1 day", "2,555 days": grouping with commas whatever the default locale. */
  static String count(int n, String unit) {
    return String.format(Locale.ROOT, "%,d", n) + " " + unit + (n == 1 ? "" : "s");
  }

  /** Plain text on one line; the template escapes it. */
  private static String plain(String text) {
    return MarkdownText.oneLine(text);
  }
}
