package dev.mandate.web;

import dev.mandate.core.consent.ConsentEvent;
import dev.mandate.core.consent.ConsentLedger;
import dev.mandate.core.consent.ConsentLedger.PersonConsent;
import dev.mandate.core.consent.ConsentLedger.Recorded;
import dev.mandate.core.consent.ConsentSubmission;
import dev.mandate.core.consent.ConsentVerdict;
import dev.mandate.core.consent.DataSubjectConsent;
import dev.mandate.core.consent.DataSubjectConsent.Choice;
import dev.mandate.core.consent.DataSubjectConsent.GpcOutcome;
import dev.mandate.core.consent.DataSubjectConsent.IssuedLink;
import dev.mandate.core.consent.DataSubjectConsent.SubjectView;
import dev.mandate.core.consent.DataSubjectConsent.Unsubscribed;
import dev.mandate.core.consent.Notice;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.marketing.MarketingAudiences;
import dev.mandate.core.marketing.MarketingAudiences.Member;
import dev.mandate.core.marketing.MarketingAudiences.Page;
import dev.mandate.core.marketing.MarketingAudiences.Selection;
import dev.mandate.web.Views.AgreementRefView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Consent (ISO 27701 8.2.3): the customer's application records choices and reads a person's
 * history; the processor's application exports marketing audiences; data subjects use signed
 * links (their consent page, one-click unsubscribe), and a {@code Sec-GPC: 1} header on those is
 * honoured where the law makes it an opt-out.
 */
final class ConsentEndpoints {
  private final ConsentLedger ledger;
  private final DataSubjectConsent subjects;
  private final MarketingAudiences audiences;
  private final String publicUrl;

  ConsentEndpoints(ConsentLedger ledger, DataSubjectConsent subjects, MarketingAudiences audiences, String publicUrl) {
    this.ledger = ledger;
    this.subjects = subjects;
    this.audiences = audiences;
    this.publicUrl = publicUrl == null ? null
        : publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** The configured public address, else this request's own (the caller is authenticated, and the link is theirs). */
  private String base(Exchange x) {
    if (publicUrl != null) {
      return publicUrl;
    }
    List<String> host = x.headers("Host");
    String h = host.isEmpty() || !host.get(0).matches("[A-Za-z0-9.\\[\\]:-]{1,255}") ? "localhost" : host.get(0);
    return "http://" + h;
  }

  record NoticeBody(String version, String textSha256, String language) {
    Notice toCore() {
      return new Notice(version, textSha256, language);
    }
  }

  record ConsentBody(String submissionId, String subjectId, List<String> purposes, String change, String source,
      String expressedAt, String validUntil, NoticeBody notice, com.fasterxml.jackson.databind.JsonNode conditionOfService,
      String jurisdiction,
      Map<String, String> evidence, String tcString) {}

  record SubjectBody(String subjectId) {}

  record UnsubscribeLinkBody(String subjectId, String purpose, Integer expiresInDays) {}

  record ChoicesLinkBody(String subjectId, Integer expiresInMinutes) {}

  record AudienceBody(String purpose, List<String> fields, String dataSubjectCategory, String after, Integer limit) {}

  record ChoiceBody(String purpose, String change) {}

  record ChoicesBody(String submissionId, List<ChoiceBody> choices, NoticeBody notice) {}

  // views

  record NoticeView(String version, String textSha256, String language) {
    static NoticeView of(Notice n) {
      return n == null ? null : new NoticeView(n.version(), n.textSha256(), n.language());
    }
  }

  record EventView(String id, String purpose, String change, String dpvState, String source, boolean fromPerson,
      Instant expressedAt, Instant recordedAt, Instant validUntil, NoticeView notice, boolean conditionOfService,
      String jurisdiction, Map<String, String> evidence, String submissionId, String actor, long logIndex) {
    static EventView of(ConsentEvent e) {
      return new EventView(e.id().toString(), e.purpose(), e.change().code(), e.change().dpvState(), e.source().code(),
          e.source().fromPerson(), e.expressedAt(), e.recordedAt(), e.validUntil(), NoticeView.of(e.notice()),
          e.conditionOfService(), e.jurisdiction(), e.evidence(), e.submissionId(), e.actor(), e.logIndex());
    }
  }

  record StateView(String purpose, String status, boolean valid, String event, Instant since, Instant validUntil,
      Long logIndex) {
    static StateView of(ConsentVerdict v) {
      return new StateView(v.purpose(), v.status().name(), v.valid(), v.event() == null ? null : v.event().toString(),
          v.since(), v.validUntil(), v.logIndex());
    }
  }

  record RecordedView(String submissionId, List<EventView> events, List<StateView> current) {
    static RecordedView of(Recorded r) {
      return new RecordedView(r.submissionId(), r.events().stream().map(EventView::of).toList(),
          r.current().stream().map(StateView::of).toList());
    }
  }

  record PersonView(String subject, List<StateView> current, List<EventView> history) {
    static PersonView of(PersonConsent p) {
      return new PersonView(p.subject(), p.current().stream().map(StateView::of).toList(),
          p.history().stream().map(EventView::of).toList());
    }
  }

  record GpcView(boolean signal, boolean honoured, String jurisdictions, List<EventView> recorded) {
    static GpcView of(GpcOutcome g) {
      return new GpcView(g.signal(), g.honoured(), g.jurisdictions(), g.recorded().stream().map(EventView::of).toList());
    }
  }

  record SubjectView2(PersonView consent, GpcView gpc) {
    static SubjectView2 of(SubjectView v) {
      return new SubjectView2(PersonView.of(v.consent()), GpcView.of(v.gpc()));
    }
  }

  record LinkView(String token, String kind, String purpose, Instant expiresAt, String url, Map<String, String> emailHeaders) {}

  record MemberView(String recordId, String subjectId, Map<String, String> fields, String consentEvent,
      long consentLogIndex, long inclusionLogIndex) {
    static MemberView of(Member m) {
      return new MemberView(m.record().toString(), m.subjectId(), m.fields(), m.consentEvent().toString(),
          m.consentLogIndex(), m.inclusionLogIndex());
    }
  }

  record AudienceView(String purpose, AgreementRefView agreement, int count, List<MemberView> members,
      Map<String, Integer> excluded, String next) {
    static AudienceView of(Page p) {
      return new AudienceView(p.purpose(), AgreementRefView.of(p.agreement()), p.members().size(),
          p.members().stream().map(MemberView::of).toList(), p.excluded(), p.next());
    }
  }

  record UnsubscribedView(String purpose, String status) {}

  // the customer's and the processor's applications

  Reply record(Exchange x) {
    ConsentBody b = x.body(ConsentBody.class);
    ConsentSubmission s = new ConsentSubmission(b.submissionId(), b.subjectId(), b.purposes(), b.change(), b.source(),
        Requests.instant("expressedAt", b.expressedAt()), Requests.instant("validUntil", b.validUntil()),
        b.notice() == null ? null : b.notice().toCore(), flag("conditionOfService", b.conditionOfService()),
        b.jurisdiction(), b.evidence(),
        b.tcString());
    return x.created(RecordedView.of(ledger.record(x.principal(), x.customer(), s, x.requestId())));
  }

  /** A flag that must be said, not assumed (absent: null; anything but true or false: 400). */
  private static Boolean flag(String field, com.fasterxml.jackson.databind.JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw HttpProblem.badParameter(field, "INVALID_FORMAT", field + " must be true or false.");
    }
    return node.booleanValue();
  }

  Reply lookup(Exchange x) {
    SubjectBody b = x.body(SubjectBody.class);
    return x.ok(PersonView.of(ledger.history(x.principal(), x.customer(), b.subjectId())));
  }

  Reply unsubscribeLink(Exchange x) {
    UnsubscribeLinkBody b = x.body(UnsubscribeLinkBody.class);
    IssuedLink link = subjects.unsubscribeLink(x.principal(), x.customer(), b.subjectId(), b.purpose(), b.expiresInDays());
    String url = base(x) + "/v1/unsubscribe/" + link.token();
    Map<String, String> headers = new TreeMap<>();
    headers.put("List-Unsubscribe", "<" + url + ">");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    return x.created(new LinkView(link.token(), link.kind().code(), link.purpose(), link.expiresAt(), url, headers));
  }

  Reply choicesLink(Exchange x) {
    ChoicesLinkBody b = x.body(ChoicesLinkBody.class);
    IssuedLink link = subjects.choicesLink(x.principal(), x.customer(), b.subjectId(), b.expiresInMinutes());
    return x.created(new LinkView(link.token(), link.kind().code(), null, link.expiresAt(),
        base(x) + "/v1/subject/consent", Map.of()));
  }

  Reply audience(Exchange x) {
    AudienceBody b = x.body(AudienceBody.class);
    Page page = audiences.export(x.principal(), x.customer(),
        new Selection(b.purpose(), b.fields(), b.dataSubjectCategory(), b.after(), b.limit()), x.requestId());
    return x.ok(AudienceView.of(page));
  }

  // data subjects (no API key: a signed link)

  /** RFC 8058: the mail client posts {@code List-Unsubscribe=One-Click}; the link alone is the authority. */
  Reply unsubscribe(Exchange x) {
    Unsubscribed u = subjects.unsubscribe(x.path("token"), requestEvidence(x), x.requestId());
    return x.ok(new UnsubscribedView(u.purpose(), u.alreadyOut() ? "already-unsubscribed" : "unsubscribed"));
  }

  /** A GET never unsubscribes (link scanners fetch links); it shows a button that posts. */
  Reply unsubscribePage(Exchange x) {
    String token = x.path("token");
    if (token == null || token.length() > 1_000 || !token.matches("[A-Za-z0-9_.-]+")) {
      throw HttpProblem.badParameter("token", ErrorCode.TOKEN_INVALID.name(), "The link is not valid.");
    }
    String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head>"
        + "<body><main><h1>Unsubscribe</h1><p>Press the button to stop receiving these messages.</p>"
        + "<form method=\"post\">" // posts back to this very address, whatever prefix a proxy adds
        + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
        + "<button type=\"submit\">Unsubscribe</button></form></main></body></html>";
    return new Reply(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8),
        List.of(Map.entry("Content-Security-Policy", "default-src 'none'; form-action 'self'"),
            Map.entry("Cache-Control", "no-store")));
  }

  Reply myConsent(Exchange x) {
    return x.ok(SubjectView2.of(subjects.choices(subjectToken(x), Gpc.signal(x.headers(Gpc.HEADER)),
        requestEvidence(x), x.requestId())));
  }

  Reply changeMyConsent(Exchange x) {
    String token = subjectToken(x);
    ChoicesBody b = x.body(ChoicesBody.class);
    List<Choice> choices = b.choices() == null ? null
        : b.choices().stream().map(c -> c == null ? new Choice(null, null) : new Choice(c.purpose(), c.change())).toList();
    String submission = b.submissionId() == null ? "page:" + UUID.randomUUID() : b.submissionId();
    return x.ok(SubjectView2.of(subjects.choose(token, submission, choices,
        b.notice() == null ? null : b.notice().toCore(), Gpc.signal(x.headers(Gpc.HEADER)), requestEvidence(x),
        x.requestId())));
  }

  /** {@code /.well-known/gpc.json}: this service honours GPC (GPC spec, "GPC Support Resource"). */
  Reply gpcSupport(Exchange x) {
    return Reply.of(200, "application/json", Gpc.SUPPORT_RESOURCE.getBytes(StandardCharsets.UTF_8));
  }

  private static String subjectToken(Exchange x) {
    List<String> auth = x.headers("Authorization");
    if (auth.size() != 1 || !auth.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new HttpProblem(401, ErrorCode.UNAUTHENTICATED,
          "Send the person's consent link token as Authorization: Bearer <token>.");
    }
    return auth.get(0).substring(7).strip();
  }

  /** What the request itself proves, without PII: the user agent only as a hash (done by the ledger). */
  private static Map<String, String> requestEvidence(Exchange x) {
    Map<String, String> e = new TreeMap<>();
    List<String> ua = x.headers("User-Agent");
    if (!ua.isEmpty() && ua.get(0).length() <= 2_000) {
      e.put("userAgent", ua.get(0));
    }
    return e;
  }
}
