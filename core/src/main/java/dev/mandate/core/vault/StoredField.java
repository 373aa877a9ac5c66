package dev.mandate.core.vault;

import dev.mandate.core.keys.SealedValue;
import java.time.Instant;

/**
 * One encrypted field of a vault record, tagged with its data category and the purpose it was
 * collected for. {@code expiresAt} is the end of that purpose's retention; {@code blindIndex}
 * is a keyed hash of the normalised value, for lookup by value without a plaintext column.
 */
public record StoredField(
    String name,
    String category,
    String purpose,
    Instant collectedAt,
    Instant expiresAt,
    SealedValue value,
    byte[] blindIndex) {}
