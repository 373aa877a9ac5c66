package dev.mandate.core.marketing;

import dev.mandate.core.vault.VaultRecord;
import java.util.UUID;

/**
 * A vault record whose person has a valid consent for the audience's purpose: the record, the
 * person's pseudonym, and the ledger event (and its processing-log index) the consent rests on.
 */
public record AudienceMember(VaultRecord record, String subject, UUID consentEvent, long consentLogIndex) {}
