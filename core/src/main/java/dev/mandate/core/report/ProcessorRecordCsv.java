package dev.mandate.core.report;

import dev.mandate.core.processinglog.ActivityCount;
import dev.mandate.core.report.ProcessorRecord.AgreementInPeriod;
import dev.mandate.core.report.ProcessorRecord.ProcessingCategory;
import dev.mandate.core.report.ProcessorRecord.SubProcessor;
import dev.mandate.core.report.ProcessorRecord.Transfer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The record as one CSV table for spreadsheets (RFC 4180; PR-826-01, GDPR Art. 30(3)).
 *
 * <p>Layout: every row has {@value #WIDTH} cells (unused ones empty), and its first cell names the
 * section, so filtering the first column gives one section. The file is a sequence of sections,
 * each introduced by a heading row whose first cell is {@code section} and whose other cells name
 * the columns of that section:
 *
 * <ol>
 *   <li>{@code section,field,value}: rows {@code record} (customer, from, to, generatedAt),
 *       {@code processor}, {@code processorRepresentative}, {@code processorDpo},
 *       {@code controller}, {@code controllerRepresentative}, {@code controllerDpo} (name,
 *       contact; an empty value means not recorded), and {@code tomDescription} (one
 *       {@code measure} row per DPV term, then the {@code description});
 *   <li>{@code processingCategory}: purpose, label, parentPurpose, operations, dataCategories,
 *       dataSubjects, processorOwnUse, agreementVersions;
 *   <li>{@code transfer}: country, recipient, recipientRole, mechanism, art49_2Safeguards,
 *       agreementVersions;
 *   <li>{@code subProcessor}: name, country, authorisation, purposes (empty: all), agreementVersions;
 *   <li>{@code agreementVersion}: version, termsHash, acceptedAt, acceptedBy, supersededAt,
 *       terminatedAt, startsOn, endsOn;
 *   <li>{@code activity}: type, purpose, operation, dataCategory, decision, count.
 * </ol>
 *
 * A cell with several values separates them with {@code "; "}. Instants are ISO 8601 UTC.
 * Cells are quoted when they hold a comma, a quote or a line break (quotes doubled); a cell that
 * starts with {@code = + - @}, a tab or a carriage return gets a leading {@code '} so that no
 * spreadsheet runs it as a formula (CSV injection). Lines end with CRLF; UTF-8 without BOM.
 */
public final class ProcessorRecordCsv {
  static final int WIDTH = 9;
  static final String LIST_SEPARATOR = "; ";
  private static final String CRLF = "\r\n";

  private ProcessorRecordCsv() {}

  public static String write(ProcessorRecord r) {
    StringBuilder out = new StringBuilder();
    row(out, "section", "field", "value");
    row(out, "record", "customer", r.customer().value());
    row(out, "record", "from", text(r.from()));
    row(out, "record", "to", text(r.to()));
    row(out, "record", "generatedAt", text(r.generatedAt()));
    for (Party p : r.processors()) {
      party(out, "processor", p);
    }
    party(out, "processorRepresentative", r.processorRepresentative());
    party(out, "processorDpo", r.dpo() == null ? null : r.dpo().processor());
    party(out, "controller", r.controller());
    party(out, "controllerRepresentative", r.controllerRepresentative());
    party(out, "controllerDpo", r.dpo() == null ? null : r.dpo().controller());
    for (String measure : r.tomDescription().measures()) {
      row(out, "tomDescription", "measure", measure);
    }
    row(out, "tomDescription", "description", r.tomDescription().description());

    row(out, "section", "purpose", "label", "parentPurpose", "operations", "dataCategories", "dataSubjects",
        "processorOwnUse", "agreementVersions");
    for (ProcessingCategory c : r.processingCategories()) {
      row(out, "processingCategory", c.purpose(), c.label(), c.parentPurpose(), join(c.operations()),
          join(c.dataCategories()), join(c.dataSubjects()), String.valueOf(c.processorOwnUse()),
          join(c.agreementVersions()));
    }

    row(out, "section", "country", "recipient", "recipientRole", "mechanism", "art49_2Safeguards",
        "agreementVersions");
    for (Transfer t : r.transfers()) {
      row(out, "transfer", t.country(), t.recipient(), text(t.recipientRole()), t.mechanism(), t.art49_2Safeguards(),
          join(t.agreementVersions()));
    }

    row(out, "section", "name", "country", "authorisation", "purposes", "agreementVersions");
    for (SubProcessor s : r.subProcessors()) {
      row(out, "subProcessor", s.name(), s.country(), text(s.authorisation()), join(s.purposes()),
          join(s.agreementVersions()));
    }

    row(out, "section", "version", "termsHash", "acceptedAt", "acceptedBy", "supersededAt", "terminatedAt",
        "startsOn", "endsOn");
    for (AgreementInPeriod a : r.agreementVersions()) {
      row(out, "agreementVersion", String.valueOf(a.version()), a.termsHash(), text(a.acceptedAt()), a.acceptedBy(),
          text(a.supersededAt()), text(a.terminatedAt()), text(a.startsOn()), text(a.endsOn()));
    }

    row(out, "section", "type", "purpose", "operation", "dataCategory", "decision", "count");
    for (ActivityCount a : r.activity()) {
      row(out, "activity", text(a.type()), a.purpose(), a.operation(), a.dataCategory(), text(a.effect()),
          String.valueOf(a.count()));
    }
    return out.toString();
  }

  private static void party(StringBuilder out, String section, Party p) {
    row(out, section, "name", p == null ? null : p.name());
    row(out, section, "contact", p == null ? null : p.contact());
  }

  private static void row(StringBuilder out, String... cells) {
    if (cells.length > WIDTH) {
      throw new IllegalArgumentException("a row has at most " + WIDTH + " cells");
    }
    List<String> all = new ArrayList<>(Arrays.asList(cells));
    while (all.size() < WIDTH) {
      all.add(null);
    }
    out.append(all.stream().map(ProcessorRecordCsv::cell).collect(Collectors.joining(","))).append(CRLF);
  }

  /**
   * One cell, safe for spreadsheets: a leading {@code = + - @}, tab or carriage return is
   * neutralised with a {@code '}, then the cell is quoted if RFC 4180 requires it.
   */
  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String v = value;
    char first = v.charAt(0);
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  private static String join(List<?> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(LIST_SEPARATOR));
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
