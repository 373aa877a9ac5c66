/**
 * Plain-language agreement documents: {@link dev.mandate.documents.MustacheAgreementRenderer}
 * turns the structured terms of an agreement version into short sentences, lays them out with a
 * Mustache template as Markdown, renders the same Markdown to HTML with CommonMark, and scores
 * the text with {@link dev.mandate.documents.FleschReadingEase} (ADR 0005). {@link
 * dev.mandate.documents.MustacheProcessorRecordRenderer} renders a processor's record of
 * processing activities (GDPR Art. 30(2)) as an HTML page.
 */
package dev.mandate.documents;
