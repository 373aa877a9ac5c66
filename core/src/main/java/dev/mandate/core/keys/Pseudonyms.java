package dev.mandate.core.keys;

import dev.mandate.core.customer.CustomerId;

/** Keyed pseudonyms of data subjects, so processing records can name a subject without PII. */
public interface Pseudonyms {

  /** {@code "ps_"} + unpadded base64url of the first 16 bytes of HMAC-SHA256; stable per customer. */
  String of(CustomerId customer, String subjectId);
}
