package dev.mandate.core.report;

/**
 * Port: renders a processor's record of processing activities as a page a person can read
 * (GDPR Art. 30(3): in writing, including in electronic form; PR-826-01). Every value is
 * escaped; the same record always gives the same bytes.
 */
public interface ProcessorRecordRenderer {
  /** A complete HTML document (UTF-8). */
  String html(ProcessorRecord record);
}
