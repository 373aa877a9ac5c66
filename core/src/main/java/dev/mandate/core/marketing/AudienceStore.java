package dev.mandate.core.marketing;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.vault.RecordId;
import java.time.Instant;
import java.util.List;

/** Port: selects the vault records of people with a valid consent, in record-id order, a page at a time. */
public interface AudienceStore {

  /**
   * Up to {@code limit} records of {@code customer} with id greater than {@code after} (null: from
   * the start), in ascending id order, whose person's current consent verdict for {@code purpose}
   * is VALID and not expired at {@code at}. If {@code fallbackPurpose} is not null (the DPV parent
   * of a custom purpose), a person with no consent event at all for {@code purpose} qualifies by
   * a valid consent for {@code fallbackPurpose}. {@code dataSubjectCategory} null selects all.
   * Uses indexes only: no scan of other customers' rows and no decryption. For a custom purpose
   * the caller re-checks each person with the ledger (choices about the DPV purpose apply too);
   * a person whose own row for the custom purpose is not VALID is left out even if a later grant
   * for the DPV purpose would count, which errs on the side of leaving people out.
   */
  List<AudienceMember> page(CustomerId customer, String purpose, String fallbackPurpose, Instant at,
      String dataSubjectCategory, RecordId after, int limit);
}
