package dev.mandate.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.agreement.AgreementRenderer.Document;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.documents.ExampleAgreements.Example;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MustacheAgreementRendererTest {
  private static final Vocabulary VOCABULARY = Vocabulary.dpv();
  private static final String INJECTION = "Payroll\n\n# Injected heading\n"
      + "[click me](javascript:alert(1)) <script>alert(1)</script> **bold** `code` "
      + "![pixel](https://evil.example/p.png) &lt; <!-- comment -->";

  private final MustacheAgreementRenderer renderer = new MustacheAgreementRenderer(VOCABULARY);

  static List<Example> examples() {
    return ExampleAgreements.all();
  }

  @Test
  void neutralisesMarkdownAndHtmlInjectedThroughCustomerText() {
    Example payroll = ExampleAgreements.payroll();
    AgreementTerms t = payroll.version().terms();
    List<SubProcessorTerms> subProcessors = List.of(new SubProcessorTerms(INJECTION, "DE", null, List.of()));
    AgreementTerms injected = new AgreementTerms(INJECTION, INJECTION, t.startsOn(), t.endsOn(),
        t.dataCategories(), List.of(new CustomPurpose("custom:MonthlyPayroll", INJECTION, "dpv:PersonnelPayment")),
        t.purposes(), t.locations(), subProcessors, t.assistance(), t.securityMeasures(), t.marketing(),
        t.endOfContract());
    Customer c = payroll.customer();
    Customer evilName = new Customer(c.id(), "Evil</title><script>alert(1)</script> # Co", c.jurisdictions(),
        c.dpo(), c.notificationEndpoints(), c.createdAt(), c.updatedAt());

    Document document = renderer.render(evilName, withTerms(payroll.version(), injected));

    assertThat(document.markdown().lines())
        .noneMatch(line -> line.matches("#+ Injected.*"))
        .filteredOn(line -> line.startsWith("# ")).hasSize(1);
    assertThat(document.markdown()).contains("\\<script\\>", "\\[click me\\]", "\\*\\*bold\\*\\*");
    assertThat(document.html())
        .doesNotContain("<script", "<a ", "href", "<img", "<strong>", "<code>", "<!--", "<h1>Injected")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "[click me](javascript:alert(1))")
        .contains("<title>Data processing agreement with Evil&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; # Co, version 2</title>");
    assertThat(count(document.html(), "<h1>")).isOne();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void namesEveryPurposeClauseByItsTermId(Example example) {
    Document document = render(example);
    List<PurposeTerms> purposes = example.version().terms().purposes();
    for (int i = 0; i < purposes.size(); i++) {
      String id = "(" + purposes.get(i).purpose() + ")";
      assertThat(document.markdown()).contains("### Clause " + (i + 1) + ": ", id);
      assertThat(document.html()).contains("<h3>Clause " + (i + 1) + ": ", id);
    }
    assertThat(count(document.markdown(), "\n### Clause ")).isEqualTo(purposes.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void rendersTheSameBytesEveryTimeWhateverTheDefaultLocaleAndZone(Example example) {
    Document first = render(example);
    Locale locale = Locale.getDefault();
    TimeZone zone = TimeZone.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("de-CH"));
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Auckland"));
      Document again = new MustacheAgreementRenderer(VOCABULARY).render(example.customer(), example.version());
      assertThat(again).isEqualTo(first);
    } finally {
      Locale.setDefault(locale);
      TimeZone.setDefault(zone);
    }
    assertThat(render(example)).isEqualTo(first);
    assertThat(first.fleschReadingEase()).isBetween(0.0, 100.0);
    assertThat(first.fleschReadingEase() * 10).isEqualTo(Math.rint(first.fleschReadingEase() * 10));
    assertThat(first.markdown()).doesNotContain("\r").endsWith(".\n").doesNotContain("\n\n\n");
    assertThat(first.html()).doesNotContain("\r").endsWith("</html>\n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void htmlIsAnAccessiblePageHoldingExactlyTheMarkdown(Example example) {
    Document document = render(example);
    String body = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build()
        .render(Parser.builder().build().parse(document.markdown()));
    assertThat(document.html())
        .startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n")
        .contains("<meta charset=\"utf-8\">", "<title>Data processing agreement with ", "<main>\n" + body + "</main>");
    assertThat(count(document.html(), "<h1>")).isOne();
  }

  @Test
  void statesOwnUsesSpecialCategoriesAndMarketingExplicitly() {
    String payroll = render(ExampleAgreements.payroll()).markdown();
    String crm = render(ExampleAgreements.crmHost()).markdown();
    String marketing = render(ExampleAgreements.marketingAgency()).markdown();

    assertThat(payroll).contains("## Special categories", "(eu-gdpr:A9-2-b)",
        "We do not use the data for our own purposes.",
        "We do not use the data for marketing or advertising.");
    assertThat(crm).doesNotContain("## Special categories")
        .contains("Clause 2 lets us use the data for our own purpose: ", "(eu-gdpr:SCCByCommission)",
            "- Northwind Cloud Inc., United States (US).");
    assertThat(marketing).contains(
        "We do so only with the person's own prior consent, never as a condition of service.");
  }

  private Document render(Example example) {
    return renderer.render(example.customer(), example.version());
  }

  private static AgreementVersion withTerms(AgreementVersion v, AgreementTerms terms) {
    return new AgreementVersion(v.customer(), v.version(), v.state(), terms, TermsDigest.sha256(terms),
        v.drafted(), v.offered(), v.accepted(), v.closed(), v.closingNote());
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
