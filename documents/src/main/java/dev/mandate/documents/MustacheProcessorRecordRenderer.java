package dev.mandate.documents;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.mandate.core.report.ProcessorRecord;
import dev.mandate.core.report.ProcessorRecordRenderer;
import dev.mandate.core.vocabulary.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Renders a processor's record of processing activities (GDPR Art. 30(2), PR-826-01) as one HTML
 * page with {@code templates/processor-record.html.mustache}. {@link ProcessorRecordPage} turns
 * the record into plain text, and the template prints every value with {@code {{…}}}, so all of
 * it (customer names, contacts, custom purpose labels) is HTML-escaped; the template holds no
 * script and no external resource. The same record always gives the same bytes. Thread-safe.
 */
public final class MustacheProcessorRecordRenderer implements ProcessorRecordRenderer {
  private static final String TEMPLATE = "/templates/processor-record.html.mustache";
  private final Vocabulary vocabulary;
  private final Mustache template;

  public MustacheProcessorRecordRenderer(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
    try (InputStream in = MustacheProcessorRecordRenderer.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("Template missing from the classpath: " + TEMPLATE);
      }
      this.template = new DefaultMustacheFactory()
          .compile(new InputStreamReader(in, StandardCharsets.UTF_8), "processor-record.html.mustache");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String html(ProcessorRecord record) {
    StringWriter out = new StringWriter();
    template.execute(out, ProcessorRecordPage.of(record, vocabulary));
    return out.toString().replace("\r\n", "\n").strip() + "\n";
  }
}
