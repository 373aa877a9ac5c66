package dev.mandate.core.agreement;

import dev.mandate.core.customer.Customer;

/**
 * Port: renders an agreement version as a plain-language document from its structured terms
 * (one short sentence per clause, no legalese). Rendering is deterministic: the same version
 * and customer always give the same bytes.
 */
public interface AgreementRenderer {
  /** The document in Markdown and HTML, with the Flesch reading-ease score of its text. */
  record Document(String markdown, String html, double fleschReadingEase) {}

  Document render(Customer customer, AgreementVersion version);
}
