package dev.mandate.testkit;

import dev.mandate.core.consent.ConsentVerdict;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.marketing.AudienceMember;
import dev.mandate.core.marketing.AudienceStore;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.VaultRecord;
import dev.mandate.core.vault.VaultStore;
import dev.mandate.testkit.InMemoryConsentEventStore.Current;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Audiences over {@link InMemoryConsentEventStore} and a vault store, for tests, with the
 * database adapter's semantics: records in ascending id order as PostgreSQL orders {@code uuid}
 * (by unsigned bytes, which is the order of the lowercase strings; {@link UUID#compareTo} compares
 * signed longs and would differ), a person qualifies by a current VALID verdict not expired at
 * {@code at}, and by the fallback purpose's only when there is no current verdict at all for the
 * purpose.
 */
public final class InMemoryAudienceStore implements AudienceStore {
  /** PostgreSQL's order of {@code uuid}: the 16 bytes compared unsigned. */
  public static final Comparator<UUID> UUID_ORDER = (a, b) -> {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  };

  private final InMemoryConsentEventStore consents;
  private final VaultStore vault;

  public InMemoryAudienceStore(InMemoryConsentEventStore consents, VaultStore vault) {
    this.consents = consents;
    this.vault = vault;
  }

  @Override
  public List<AudienceMember> page(CustomerId customer, String purpose, String fallbackPurpose, Instant at,
      String dataSubjectCategory, RecordId after, int limit) {
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(at, "at");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    List<Current> qualifying = new ArrayList<>();
    for (Current c : consents.current(customer, purpose)) {
      if (valid(c, at)) {
        qualifying.add(c);
      }
    }
    if (fallbackPurpose != null) {
      for (Current c : consents.current(customer, fallbackPurpose)) {
        if (valid(c, at) && consents.current(customer, c.subjectIndex(), purpose) == null) {
          qualifying.add(c);
        }
      }
    }
    List<AudienceMember> members = new ArrayList<>();
    for (Current c : qualifying) {
      for (RecordId id : vault.findBySubject(customer, c.subjectIndex(), Integer.MAX_VALUE)) {
        if (after != null && UUID_ORDER.compare(id.value(), after.value()) <= 0) {
          continue;
        }
        VaultRecord record = vault.find(customer, id).orElse(null);
        if (record == null || (dataSubjectCategory != null && !dataSubjectCategory.equals(record.dataSubjectCategory()))) {
          continue;
        }
        members.add(new AudienceMember(record, c.subject(), c.verdict().event(), c.verdict().logIndex()));
      }
    }
    members.sort(Comparator.comparing(m -> m.record().id().value(), UUID_ORDER));
    return List.copyOf(members.subList(0, Math.min(limit, members.size())));
  }

  private static boolean valid(Current c, Instant at) {
    ConsentVerdict v = c.verdict();
    return v.status() == ConsentVerdict.Status.VALID && (v.validUntil() == null || v.validUntil().isAfter(at));
  }
}
