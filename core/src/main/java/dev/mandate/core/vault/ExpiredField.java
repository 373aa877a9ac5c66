package dev.mandate.core.vault;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;

/** A field past its retention, as the purge job sees it: no value, only what it needs to record. */
public record ExpiredField(
    CustomerId customer, RecordId record, String field, String category, String purpose,
    String dataSubjectCategory, Instant expiresAt) {}
