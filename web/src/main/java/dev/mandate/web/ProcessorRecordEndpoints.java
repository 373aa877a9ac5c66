package dev.mandate.web;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.report.ProcessorRecord;
import dev.mandate.core.report.ProcessorRecordCsv;
import dev.mandate.core.report.ProcessorRecordRenderer;
import dev.mandate.core.report.ProcessorRecords;
import dev.mandate.web.ProcessorRecordViews.ProcessorRecordView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /v1/customers/{customerId}/processing-activities-record}: the processor's record of
 * processing activities for one customer and period (GDPR Art. 30(2); ISO 27701 8.2.6,
 * PR-826-01), as JSON, CSV or an HTML page. {@code ?format=json|csv|html} wins; without it the
 * {@code Accept} header chooses, and JSON is the default. Errors are always problem+json.
 */
final class ProcessorRecordEndpoints {
  static final String CSV = "text/csv; charset=utf-8; header=present";
  static final String HTML = "text/html; charset=utf-8";
  /** The page is self-contained (inline style, no script): a browser may load nothing else for it. */
  static final String HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

  /** The representations, in the order that breaks ties between equally acceptable ones. */
  enum Format {
    JSON("json", "application", "json"),
    HTML("html", "text", "html"),
    CSV("csv", "text", "csv");

    final String parameter;
    final String type;
    final String subtype;

    Format(String parameter, String type, String subtype) {
      this.parameter = parameter;
      this.type = type;
      this.subtype = subtype;
    }
  }

  private final ProcessorRecords records;
  private final ProcessorRecordRenderer renderer;

  ProcessorRecordEndpoints(ProcessorRecords records, ProcessorRecordRenderer renderer) {
    this.records = records;
    this.renderer = renderer;
  }

  Reply get(Exchange x) {
    Format format = format(x.query("format"), x.headers("Accept"));
    ProcessorRecord r = records.generate(x.principal(), x.customer(), x.query("from").orElse(null),
        x.query("to").orElse(null));
    Reply reply = switch (format) {
      case JSON -> x.ok(ProcessorRecordView.of(r));
      case CSV -> Reply.of(200, CSV, ProcessorRecordCsv.write(r).getBytes(StandardCharsets.UTF_8))
          .withHeader("Content-Disposition", "attachment; filename=\"" + fileName(r) + ".csv\"");
      case HTML -> Reply.of(200, HTML, renderer.html(r).getBytes(StandardCharsets.UTF_8))
          .withHeader("Content-Security-Policy", HTML_POLICY);
    };
    return x.query("format").isPresent() ? reply : reply.withHeader("Vary", "Accept");
  }

  /** {@code processing-activities-record-acme-2026-01-01T00-00-00Z-2027-01-01T00-00-00Z}: customer ids are [a-z0-9-]. */
  static String fileName(ProcessorRecord r) {
    return ("processing-activities-record-" + r.customer().value() + "-" + r.from() + "-" + r.to())
        .replace(':', '-').replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * The {@code format} parameter if given; otherwise the acceptable representation with the
   * highest quality in the {@code Accept} header (the most specific matching range decides each
   * representation's quality; ties go to JSON, then HTML, then CSV); JSON without an Accept header.
   *
   * @throws HttpProblem 400 for an unknown format, 406 if Accept allows none of the three
   */
  static Format format(Optional<String> parameter, List<String> accept) {
    if (parameter.isPresent()) {
      for (Format f : Format.values()) {
        if (f.parameter.equals(parameter.get())) {
          return f;
        }
      }
      throw HttpProblem.badParameter("format", "UNKNOWN_FORMAT", "format is json, csv or html.");
    }
    List<MediaRange> ranges = MediaRange.parse(accept);
    if (ranges.isEmpty()) {
      return Format.JSON;
    }
    Format best = null;
    double bestQuality = 0;
    for (Format f : Format.values()) {
      double q = quality(f, ranges);
      if (q > bestQuality) {
        best = f;
        bestQuality = q;
      }
    }
    if (best == null) {
      throw new HttpProblem(406, ErrorCode.NOT_ACCEPTABLE,
          "This resource is available as application/json, text/csv or text/html (or use ?format=json|csv|html).");
    }
    return best;
  }

  /** The quality the most specific matching range gives the format (0 if none matches). */
  private static double quality(Format f, List<MediaRange> ranges) {
    int specificity = -1;
    double q = 0;
    for (MediaRange r : ranges) {
      int s = r.specificity(f.type, f.subtype);
      if (s > specificity) {
        specificity = s;
        q = r.quality();
      }
    }
    return q;
  }

  /** One media range of an Accept header, e.g. {@code text/*;q=0.5}; malformed ranges are skipped. */
  record MediaRange(String type, String subtype, double quality) {
    static List<MediaRange> parse(List<String> headers) {
      List<MediaRange> ranges = new ArrayList<>();
      for (String header : headers) {
        if (header.length() > 4096) {
          continue;
        }
        for (String part : header.split(",")) {
          String[] params = part.split(";");
          String[] typeAndSubtype = params[0].strip().toLowerCase(Locale.ROOT).split("/", -1);
          if (typeAndSubtype.length != 2 || typeAndSubtype[0].isEmpty() || typeAndSubtype[1].isEmpty()) {
            continue;
          }
          double q = 1;
          for (int i = 1; i < params.length; i++) {
            String p = params[i].strip();
            if (p.regionMatches(true, 0, "q=", 0, 2)) {
              q = quality(p.substring(2).strip());
            }
          }
          ranges.add(new MediaRange(typeAndSubtype[0], typeAndSubtype[1], q));
        }
      }
      return ranges;
    }

    /** RFC 9110 qvalue: 0 to 1 with up to three decimals; anything else counts as 0 (not acceptable). */
    private static double quality(String text) {
      if (!text.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
        return 0;
      }
      return Double.parseDouble(text);
    }

    /** 2 for an exact match, 1 for {@code type/*}, 0 for the full wildcard, -1 if the range does not match. */
    int specificity(String t, String s) {
      if (type.equals("*") && subtype.equals("*")) {
        return 0;
      }
      if (!type.equals(t)) {
        return -1;
      }
      if (subtype.equals("*")) {
        return 1;
      }
      return subtype.equals(s) ? 2 : -1;
    }
  }
}
