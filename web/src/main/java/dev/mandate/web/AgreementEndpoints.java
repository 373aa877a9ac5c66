package dev.mandate.web;

import dev.mandate.core.agreement.AgreementRenderer;
import dev.mandate.core.agreement.AgreementRenderer.Document;
import dev.mandate.core.agreement.AgreementService;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.web.Requests.AcceptBody;
import dev.mandate.web.Requests.EmptyBody;
import dev.mandate.web.Requests.NoteBody;
import dev.mandate.web.Requests.TermsBody;
import dev.mandate.web.Views.AgreementView;
import dev.mandate.web.Views.DocumentView;
import dev.mandate.web.Views.VersionSummary;
import dev.mandate.web.Views.VersionView;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code /v1/customers/{customerId}/agreement}: the agreement lifecycle (ISO 27701 8.2.1). */
final class AgreementEndpoints {
  static final String MARKDOWN = "text/markdown; charset=utf-8";
  static final String HTML = "text/html; charset=utf-8";
  private final AgreementService agreements;
  private final CustomerService customers;
  private final AgreementRenderer renderer;

  AgreementEndpoints(AgreementService agreements, CustomerService customers, AgreementRenderer renderer) {
    this.agreements = agreements;
    this.customers = customers;
    this.renderer = renderer;
  }

  Reply overview(Exchange x) {
    CustomerId id = x.customer();
    List<AgreementVersion> versions = agreements.versions(x.principal(), id);
    Integer inForce = versions.stream().filter(v -> v.state() == AgreementState.ACCEPTED)
        .map(AgreementVersion::version).reduce((a, b) -> b).orElse(null);
    return x.ok(new AgreementView(id.value(), inForce, versions.stream().map(VersionSummary::of).toList()));
  }

  Reply draft(Exchange x) {
    TermsBody body = x.body(TermsBody.class);
    return x.created(VersionView.of(agreements.draft(x.principal(), x.customer(), body.toCore(), x.requestId())));
  }

  Reply get(Exchange x) {
    return x.ok(VersionView.of(agreements.find(x.principal(), x.customer(), x.intPath("version"))));
  }

  Reply changeDraft(Exchange x) {
    int version = x.intPath("version");
    TermsBody body = x.body(TermsBody.class);
    return x.ok(VersionView.of(
        agreements.changeDraft(x.principal(), x.customer(), version, body.toCore(), x.requestId())));
  }

  Reply offer(Exchange x) {
    int version = x.intPath("version");
    x.optionalBody(EmptyBody.class, EmptyBody.NONE);
    return x.ok(VersionView.of(agreements.offer(x.principal(), x.customer(), version, x.requestId())));
  }

  Reply accept(Exchange x) {
    int version = x.intPath("version");
    AcceptBody body = x.optionalBody(AcceptBody.class, AcceptBody.NONE);
    return x.ok(VersionView.of(
        agreements.accept(x.principal(), x.customer(), version, body.termsHash(), x.requestId())));
  }

  Reply reject(Exchange x) {
    int version = x.intPath("version");
    NoteBody body = x.optionalBody(NoteBody.class, NoteBody.NONE);
    return x.ok(VersionView.of(agreements.reject(x.principal(), x.customer(), version, body.note(), x.requestId())));
  }

  Reply terminate(Exchange x) {
    NoteBody body = x.optionalBody(NoteBody.class, NoteBody.NONE);
    return x.ok(VersionView.of(agreements.terminate(x.principal(), x.customer(), body.note(), x.requestId())));
  }

  Reply document(Exchange x) {
    int number = x.intPath("version");
    String format = x.query("format").orElse("json");
    if (!format.equals("json") && !format.equals("markdown") && !format.equals("html")) {
      throw HttpProblem.badParameter("format", "UNKNOWN_FORMAT", "format is json, markdown or html.");
    }
    AgreementVersion version = agreements.find(x.principal(), x.customer(), number);
    Customer customer = customers.get(x.principal(), x.customer());
    Document doc = renderer.render(customer, version);
    return switch (format) {
      case "markdown" -> Reply.of(200, MARKDOWN, doc.markdown().getBytes(StandardCharsets.UTF_8));
      case "html" -> Reply.of(200, HTML, doc.html().getBytes(StandardCharsets.UTF_8));
      default -> x.ok(new DocumentView(version.version(), version.termsHash(), doc.fleschReadingEase(),
          doc.markdown(), doc.html()));
    };
  }
}
