package dev.mandate.documents;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import dev.mandate.core.agreement.AgreementRenderer;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.vocabulary.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders an agreement version as a plain-language document (ADR 0005): {@link Sentences} turns
 * the structured terms into short sentences, {@code templates/agreement.md.mustache} lays them
 * out as Markdown, CommonMark renders that Markdown to HTML (raw HTML escaped, unsafe URLs
 * removed) inside {@code templates/agreement.html.mustache}, and {@link FleschReadingEase} scores
 * the prose. The same inputs always give the same bytes, with LF line endings. Thread-safe.
 */
public final class MustacheAgreementRenderer implements AgreementRenderer {
  private static final Pattern BLANK_LINE_RUNS = Pattern.compile("\n{3,}");

  private final Vocabulary vocabulary;
  private final Mustache markdownTemplate;
  private final Mustache htmlTemplate;
  private final Parser parser = Parser.builder().build();
  private final HtmlRenderer htmlRenderer = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  public MustacheAgreementRenderer(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
    this.markdownTemplate = compile(new MarkdownMustacheFactory(), "agreement.md.mustache");
    this.htmlTemplate = compile(new DefaultMustacheFactory(), "agreement.html.mustache");
  }

  @Override
  public Document render(Customer customer, AgreementVersion version) {
    TermPhrases phrases = new TermPhrases(vocabulary, version.terms().customPurposes());
    AgreementView view = Sentences.view(customer, version, phrases);
    String markdown = tidy(execute(markdownTemplate, view));
    Node document = parser.parse(markdown);
    String html = tidy(execute(htmlTemplate, new Page(view.title(), htmlRenderer.render(document))));
    return new Document(markdown, html, FleschReadingEase.score(ProseText.of(document)));
  }

  /** What the HTML template shows: a plain-text title (HTML-escaped) and the rendered body. */
  record Page(String title, String body) {}

  /** LF line endings, at most one blank line in a row, exactly one newline at the end. */
  private static String tidy(String text) {
    String lf = text.replace("\r\n", "\n").replace('\r', '\n');
    return BLANK_LINE_RUNS.matcher(lf).replaceAll("\n\n").strip() + "\n";
  }

  private static String execute(Mustache template, Object scope) {
    StringWriter out = new StringWriter();
    template.execute(out, scope);
    return out.toString();
  }

  private static Mustache compile(MustacheFactory factory, String name) {
    String path = "/templates/" + name;
    try (InputStream in = MustacheAgreementRenderer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Template missing from the classpath: " + path);
      }
      Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
      return factory.compile(reader, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Mustache factory whose {@code {{value}}} escapes for Markdown instead of HTML. */
  private static final class MarkdownMustacheFactory extends DefaultMustacheFactory {
    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(MarkdownText.escape(value));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
