package dev.mandate.core.consent;

import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.consent.ConsentLedger.Person;
import dev.mandate.core.consent.ConsentLedger.PersonConsent;
import dev.mandate.core.consent.ConsentLedger.Plan;
import dev.mandate.core.consent.ConsentLedger.Recorded;
import dev.mandate.core.consent.SubjectLinks.Claims;
import dev.mandate.core.consent.SubjectLinks.Kind;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.vocabulary.Vocabulary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The narrow set of things a data subject can do without a login (ISO 27701 8.2.3): see and
 * change their own consent choices through a signed link the customer's application asked for,
 * unsubscribe in one click (RFC 8058), and have a Global Privacy Control signal honoured where the
 * law says it is an opt-out (11 CCR §7025).
 */
public final class DataSubjectConsent {
  static final int MAX_UNSUBSCRIBE_DAYS = 365;
  static final int MAX_CHOICES_MINUTES = 7 * 24 * 60;

  private final ConsentLedger ledger;
  private final SubjectLinks links;
  private final Vocabulary vocabulary;

  public DataSubjectConsent(ConsentLedger ledger, SubjectLinks links, Vocabulary vocabulary) {
    this.ledger = ledger;
    this.links = links;
    this.vocabulary = vocabulary;
  }

  /** A token and when it stops working. */
  public record IssuedLink(String token, Kind kind, String purpose, Instant expiresAt) {}

  /** One choice the person makes on their consent page. */
  public record Choice(String purpose, String change) {}

  /** What a GPC signal did: whether it was present, honoured (and why not), and the opt-outs it added. */
  public record GpcOutcome(boolean signal, boolean honoured, String jurisdictions, List<ConsentEvent> recorded) {
    static GpcOutcome absent() {
      return new GpcOutcome(false, false, null, List.of());
    }
  }

  /** The person's view: their consent and what their GPC signal did. */
  public record SubjectView(PersonConsent consent, GpcOutcome gpc) {}

  /** The outcome of a one-click unsubscribe: the purpose, and whether the person was already out. */
  public record Unsubscribed(String purpose, boolean alreadyOut, List<ConsentEvent> recorded) {}

  /** A one-click unsubscribe link for a person and purpose, valid {@code days} (1 to 365, default 60). */
  public IssuedLink unsubscribeLink(Principal actor, CustomerId customer, String subjectId, String purpose, Integer days) {
    checkIssuer(actor, customer);
    List<FieldError> errors = new ArrayList<>();
    ConsentInput.subjectId(subjectId, errors);
    if (purpose == null || !vocabulary.isKnown(PURPOSE, purpose) && !dev.mandate.core.agreement.AgreementTerms.CustomPurpose.isWellFormedId(purpose)) {
      errors.add(new FieldError("purpose", purpose == null ? "REQUIRED" : "UNKNOWN_TERM", "purpose must be a known purpose, e.g. dpv:DirectMarketing."));
    }
    int d = days == null ? 60 : days;
    if (d < 1 || d > MAX_UNSUBSCRIBE_DAYS) {
      errors.add(new FieldError("expiresInDays", "OUT_OF_RANGE", "expiresInDays is 1 to " + MAX_UNSUBSCRIBE_DAYS + "."));
    }
    ConsentInput.throwIfAny(errors);
    Person p = ledger.person(customer, subjectId);
    Instant expires = ledger.clock().instant().plus(Duration.ofDays(d));
    return new IssuedLink(links.issue(Kind.UNSUBSCRIBE, customer, p.subject(), p.subjectIndex(), purpose, expires),
        Kind.UNSUBSCRIBE, purpose, expires);
  }

  /** A link to the person's own consent choices, valid {@code minutes} (1 to 10,080, default 60). */
  public IssuedLink choicesLink(Principal actor, CustomerId customer, String subjectId, Integer minutes) {
    checkIssuer(actor, customer);
    List<FieldError> errors = new ArrayList<>();
    ConsentInput.subjectId(subjectId, errors);
    int m = minutes == null ? 60 : minutes;
    if (m < 1 || m > MAX_CHOICES_MINUTES) {
      errors.add(new FieldError("expiresInMinutes", "OUT_OF_RANGE", "expiresInMinutes is 1 to " + MAX_CHOICES_MINUTES + "."));
    }
    ConsentInput.throwIfAny(errors);
    Person p = ledger.person(customer, subjectId);
    Instant expires = ledger.clock().instant().plus(Duration.ofMinutes(m));
    return new IssuedLink(links.issue(Kind.CONSENT_CHOICES, customer, p.subject(), p.subjectIndex(), null, expires),
        Kind.CONSENT_CHOICES, null, expires);
  }

  /** RFC 8058 one-click unsubscribe: records a withdrawal, once; posting the same link again changes nothing. */
  public Unsubscribed unsubscribe(String token, Map<String, String> requestEvidence, String requestId) {
    Claims c = verify(token, Kind.UNSUBSCRIBE);
    Customer customer = customerOf(c);
    Person person = new Person(c.subject(), c.subjectIndex());
    ConsentVerdict now = ledger.verdict(customer.id(), c.subject(), c.purpose(), c.purpose(), ledger.clock().instant());
    if (now.optedOut()) {
      return new Unsubscribed(c.purpose(), true, List.of());
    }
    // one withdrawal per link and state: a mail client posting twice gets one event; the same link
    // used again after the person signed up again withdraws again
    String submission = "unsubscribe:" + c.id() + ":" + (now.event() == null ? "none" : now.event());
    if (ledger.hasSubmission(customer.id(), submission)) {
      return new Unsubscribed(c.purpose(), true, List.of());
    }
    Map<String, String> evidence = evidence(customer, requestEvidence, c);
    evidence.put("method", "RFC 8058 List-Unsubscribe-Post");
    Map<String, ConsentChange> changes = new LinkedHashMap<>();
    changes.put(c.purpose(), ConsentChange.WITHDRAWN);
    try {
      Recorded r = ledger.append(customer.id(), person, "data-subject/one-click-unsubscribe",
          new Plan(submission, ConsentSource.ONE_CLICK_UNSUBSCRIBE, changes, ledger.clock().instant(), null, null, false,
              ConsentLedger.jurisdictions(customer), evidence), requestId);
      return new Unsubscribed(c.purpose(), false, r.events());
    } catch (dev.mandate.core.failure.Conflict concurrent) {
      return new Unsubscribed(c.purpose(), true, List.of());
    }
  }

  /** The person's own consent; a GPC signal on the request is honoured first where the law says so. */
  public SubjectView choices(String token, boolean gpc, Map<String, String> requestEvidence, String requestId) {
    Claims c = verify(token, Kind.CONSENT_CHOICES);
    Customer customer = customerOf(c);
    GpcOutcome outcome = gpc ? honourGpc(customer, c, requestEvidence, requestId) : GpcOutcome.absent();
    return new SubjectView(ledger.historyOf(customer.id(), c.subject()), outcome);
  }

  /** The person changes their own choices (source data-subject-form: the person, through Mandate's page). */
  public SubjectView choose(String token, String submissionId, List<Choice> choices, Notice notice, boolean gpc,
      Map<String, String> requestEvidence, String requestId) {
    Instant now = ledger.clock().instant();
    Claims c = verify(token, Kind.CONSENT_CHOICES);
    Customer customer = customerOf(c);
    List<FieldError> errors = new ArrayList<>();
    if (submissionId == null || !ConsentInput.SUBMISSION_ID.matcher(submissionId).matches()) {
      errors.add(new FieldError("submissionId", "INVALID_FORMAT", "submissionId is 1 to 100 letters, digits, '.', '_', ':' or '-'."));
    }
    Map<String, ConsentChange> changes = new LinkedHashMap<>();
    if (choices == null || choices.isEmpty()) {
      errors.add(new FieldError("choices", "REQUIRED", "choices must hold at least one choice."));
    } else {
      List<FieldError> purposeErrors = new ArrayList<>();
      new ConsentInput(vocabulary).purposes(choices.stream().map(Choice::purpose).toList(), purposeErrors);
      for (FieldError e : purposeErrors) {
        errors.add(new FieldError(e.field().replaceFirst("^purposes\\[(\\d+)\\]$", "choices[$1].purpose")
            .replaceFirst("^purposes$", "choices"), e.code(), e.message()));
      }
      for (int i = 0; i < choices.size(); i++) {
        ConsentChange change = choices.get(i).change() == null ? null : ConsentChange.fromCode(choices.get(i).change()).orElse(null);
        if (change == null || change == ConsentChange.EXPIRED) {
          errors.add(new FieldError("choices[" + i + "].change", "UNKNOWN_CHANGE", "change must be granted, refused or withdrawn."));
        } else {
          changes.put(choices.get(i).purpose(), change);
        }
      }
    }
    if (changes.containsValue(ConsentChange.GRANTED) && notice == null) {
      errors.add(new FieldError("notice", "REQUIRED", "A grant needs the notice the person saw (version, textSha256, language)."));
    } else if (notice != null) {
      ConsentInput.notice(notice, errors);
    }
    ConsentInput.throwIfAny(errors);
    // the person's submissions have their own namespace, and a repeat changes nothing at all
    String submission = "person:" + submissionId;
    if (ledger.hasSubmission(customer.id(), submission)) {
      throw ConsentLedger.duplicate(submissionId);
    }
    GpcOutcome outcome = gpc ? honourGpc(customer, c, requestEvidence, requestId) : GpcOutcome.absent();
    Map<String, String> evidence = evidence(customer, requestEvidence, c);
    evidence.put("channel", "mandate-consent-choices");
    ledger.append(customer.id(), new Person(c.subject(), c.subjectIndex()), "data-subject/consent-choices",
        new Plan(submission, ConsentSource.DATA_SUBJECT_FORM, changes, now, null, notice, false,
            ConsentLedger.jurisdictions(customer), evidence), requestId);
    return new SubjectView(ledger.historyOf(customer.id(), c.subject()), outcome);
  }

  private GpcOutcome honourGpc(Customer customer, Claims c, Map<String, String> requestEvidence, String requestId) {
    String jurisdictions = ConsentLedger.jurisdictions(customer);
    if (!ConsentLedger.honoursGpc(jurisdictions)) {
      return new GpcOutcome(true, false, jurisdictions, List.of());
    }
    Person person = new Person(c.subject(), c.subjectIndex());
    Map<String, ConsentChange> changes = ledger.gpcChanges(customer.id(), person, ledger.clock().instant());
    if (changes.isEmpty()) {
      return new GpcOutcome(true, true, jurisdictions, List.of());
    }
    Map<String, String> evidence = evidence(customer, requestEvidence, c);
    evidence.put("secGpc", "1");
    Recorded r = ledger.append(customer.id(), person, "data-subject/gpc", new Plan("gpc:" + UUID.randomUUID(),
        ConsentSource.GPC_SIGNAL, changes, ledger.clock().instant(), null, null, false, jurisdictions, evidence), requestId);
    return new GpcOutcome(true, true, jurisdictions, r.events());
  }

  private Customer customerOf(Claims c) {
    return ledger.customers().cached(c.customer()).orElseThrow(() -> new InvalidInput(
        dev.mandate.core.failure.ErrorCode.TOKEN_INVALID, "The link is not valid any more.", List.of()));
  }

  private void checkIssuer(Principal actor, CustomerId customer) {
    AccessPolicy.require(actor, Action.ISSUE_SUBJECT_LINKS, customer);
    ledger.customers().visible(actor, customer);
  }

  private Claims verify(String token, Kind kind) {
    return links.verify(token, kind, ledger.clock().instant(), id -> ledger.customers().cached(id).isPresent());
  }

  private Map<String, String> evidence(Customer customer, Map<String, String> requestEvidence, Claims c) {
    Map<String, String> e = new TreeMap<>(ledger.safeEvidence(customer.id(), requestEvidence));
    e.put("tokenId", c.id());
    return e;
  }
}
