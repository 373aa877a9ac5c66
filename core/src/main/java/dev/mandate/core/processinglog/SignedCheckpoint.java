package dev.mandate.core.processinglog;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;

/**
 * A signed statement of a customer's log: its origin, its size and the Merkle root hash over that
 * many entries (hex), as a C2SP tlog-checkpoint in a C2SP signed note ({@code note}), signed by
 * the Ed25519 key {@code vkey} (C2SP verifier-key format, which includes the key's name and id).
 */
public record SignedCheckpoint(
    CustomerId customer, String origin, long size, String rootHash, Instant signedAt, String vkey, String note) {}
