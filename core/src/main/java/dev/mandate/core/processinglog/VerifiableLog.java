package dev.mandate.core.processinglog;

import dev.mandate.core.customer.CustomerId;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the Merkle side of the processing log (ISO/IEC 27701 8.2.6, PR-826-02). The entries that
 * {@link ProcessingLog#append} made durable are integrated into each customer's RFC 9162 tree in
 * batches, and a checkpoint is signed at least every second while entries arrive. Proofs are
 * given against tree sizes that have been integrated.
 */
public interface VerifiableLog {
  /** Entries in the customer's log (durable, whether or not integrated yet). */
  long size(CustomerId customer);

  Optional<SignedCheckpoint> latestCheckpoint(CustomerId customer);

  /**
   * The latest checkpoint, looked up again if the one at hand covers fewer than {@code covering}
   * entries: a client may hold a checkpoint another process signed a moment ago. Implementations
   * that cache {@link #latestCheckpoint(CustomerId)} override this.
   */
  default Optional<SignedCheckpoint> latestCheckpoint(CustomerId customer, long covering) {
    return latestCheckpoint(customer);
  }

  /** Integrates what is durable and signs a checkpoint over it now; returns the latest one. */
  SignedCheckpoint checkpointNow(CustomerId customer);

  /** Entries [{@code from}, {@code to}) of the customer's log, as stored. */
  List<StoredEntry> entries(CustomerId customer, long from, long to);

  /** Requires {@code index < treeSize <=} the latest checkpoint's size. */
  InclusionProof inclusion(CustomerId customer, long index, long treeSize);

  /** Requires {@code fromSize <= toSize <=} the latest checkpoint's size. */
  ConsistencyProof consistency(CustomerId customer, long fromSize, long toSize);

  /** The index of the first entry recorded at or after {@code time}, or the log's size if none. */
  long firstIndexAtOrAfter(CustomerId customer, Instant time);

  /**
   * Writes a proof bundle (docs/design/processing-log.md): entries [{@code from}, {@code to}), the
   * latest checkpoint (which covers {@code to}), the hashes that tie the entries to its root, and,
   * if {@code since} is given, a consistency proof from the tree of that size.
   */
  void writeBundle(CustomerId customer, long from, long to, Long since, OutputStream out) throws IOException;

  /** Every checkpoint-signing key, current and retired, oldest first. */
  List<SigningKey> signingKeys();

  /** Makes a new key the signer of new checkpoints; the old one is retired but stays published. */
  SigningKey rotateSigningKey();
}
