package dev.mandate.core.consent;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One entry of the consent ledger (PR-CON-01, ISO/IEC TS 27560 event fields). Never changed once
 * written. The person appears only as a keyed pseudonym ({@code subject}, the same as in the
 * processing log) and a blind index of their identifier ({@code subjectIndex}, the same as the
 * vault's, so that an audience can be selected without decrypting anything). {@code evidence}
 * holds what proves the choice (a TC string, the GPC header, an unsubscribe token id), with any
 * value that would be PII (an IP address, a user agent) replaced by its SHA-256.
 */
public record ConsentEvent(
    UUID id,
    CustomerId customer,
    String subject,
    byte[] subjectIndex,
    String purpose,
    ConsentChange change,
    ConsentSource source,
    Instant expressedAt,
    Instant recordedAt,
    Instant validUntil,
    Notice notice,
    boolean conditionOfService,
    String jurisdiction,
    Map<String, String> evidence,
    String submissionId,
    String actor,
    long logIndex) {
  public ConsentEvent {
    subjectIndex = subjectIndex.clone();
    evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(evidence));
  }

  @Override
  public byte[] subjectIndex() {
    return subjectIndex.clone();
  }

  /** Whether this event can make processing lawful: a grant from the person, not bundled with the service. */
  public boolean validGrant() {
    return change == ConsentChange.GRANTED && source.fromPerson() && !conditionOfService;
  }

  /** Whether it has expired by {@code at}. */
  public boolean expiredAt(Instant at) {
    return validUntil != null && !validUntil.isAfter(at);
  }
}
