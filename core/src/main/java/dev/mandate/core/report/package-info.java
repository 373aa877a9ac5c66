/**
 * The processor's record of processing activities (GDPR Art. 30(2); ISO 27701 8.2.6,
 * PR-826-01): generated per customer and period from the agreements in force and from the
 * processing log, with the fields of privacy-requirements §2.1.4, exportable as CSV and, through
 * {@link dev.mandate.core.report.ProcessorRecordRenderer}, as a readable page.
 */
package dev.mandate.core.report;
