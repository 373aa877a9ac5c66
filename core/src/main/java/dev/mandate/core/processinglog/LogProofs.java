package dev.mandate.core.processinglog;

import dev.mandate.core.access.AccessPolicy;
import dev.mandate.core.access.Action;
import dev.mandate.core.access.Principal;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.CustomerService;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.NotFound;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * What a customer, its auditors and the processor can ask of a customer's verifiable log
 * (ISO/IEC 27701 8.2.6, PR-826-02): checkpoints, entries, inclusion and consistency proofs and
 * proof bundles. A customer's DPO key sees only that customer's log. Proofs are only given for
 * tree sizes covered by a signed checkpoint, so that everything handed out can be checked
 * against a signature.
 */
public final class LogProofs {
  public static final int MAX_ENTRIES = 1000;

  private final VerifiableLog log;
  private final CustomerService customers;

  public LogProofs(VerifiableLog log, CustomerService customers) {
    this.log = log;
    this.customers = customers;
  }

  public SignedCheckpoint latestCheckpoint(Principal actor, CustomerId customer) {
    allow(actor, customer);
    return log.latestCheckpoint(customer).orElseGet(() -> log.checkpointNow(customer));
  }

  /** Signs a checkpoint over everything durable now (on demand; normally one is signed every second). */
  public SignedCheckpoint checkpointNow(Principal actor, CustomerId customer) {
    allow(actor, customer);
    return log.checkpointNow(customer);
  }

  public List<StoredEntry> entries(Principal actor, CustomerId customer, long from, Long to) {
    allow(actor, customer);
    long size = log.size(customer);
    nonNegative("from", from);
    long end = to == null ? Math.min(size, from + MAX_ENTRIES) : to;
    if (end < from) {
      throw InvalidInput.field("to", "OUT_OF_RANGE", "to must not be smaller than from.");
    }
    if (end - from > MAX_ENTRIES) {
      throw InvalidInput.field("to", "OUT_OF_RANGE", "At most " + MAX_ENTRIES + " entries per request.");
    }
    if (end > size) {
      throw InvalidInput.field("to", "BEYOND_LOG", "The log has " + size + " entries.");
    }
    return log.entries(customer, from, end);
  }

  public InclusionProof inclusion(Principal actor, CustomerId customer, long index, Long treeSize) {
    long signed = signedSize(actor, customer, treeSize);
    long size = treeSize == null ? signed : treeSize;
    nonNegative("index", index);
    if (size < 1) {
      throw InvalidInput.field("treeSize", "OUT_OF_RANGE", "treeSize is 1 or more.");
    }
    if (size > signed) {
      throw InvalidInput.field("treeSize", "NOT_SIGNED", "The latest checkpoint covers " + signed
          + " entries; ask for a tree size up to that, or sign a new checkpoint first.");
    }
    if (index >= size) {
      throw new NotFound(ErrorCode.NOT_FOUND, "No entry " + index + " in the tree of " + size + " entries.");
    }
    return log.inclusion(customer, index, size);
  }

  public ConsistencyProof consistency(Principal actor, CustomerId customer, long fromSize, Long toSize) {
    long signed = signedSize(actor, customer, toSize == null ? fromSize : Math.max(fromSize, toSize));
    long to = toSize == null ? signed : toSize;
    nonNegative("from", fromSize);
    if (to > signed) {
      throw InvalidInput.field("to", "NOT_SIGNED", "The latest checkpoint covers " + signed + " entries.");
    }
    if (fromSize > to) {
      throw InvalidInput.field("from", "OUT_OF_RANGE", "from must not be larger than to.");
    }
    return log.consistency(customer, fromSize, to);
  }

  /**
   * A proof bundle for entries [{@code from}, {@code to}), or for the entries recorded in
   * [{@code start}, {@code end}) when those are given instead; {@code since} is the size of a
   * checkpoint the customer already holds.
   */
  public void bundle(Principal actor, CustomerId customer, Long from, Long to, Instant start, Instant end,
      Long since, OutputStream out) throws IOException {
    checkBundle(actor, customer, from, to, start, end, since);
    long signed = log.latestCheckpoint(customer, covering(to, since)).map(SignedCheckpoint::size).orElse(0L);
    Range r = range(customer, from, to, start, end, signed);
    log.writeBundle(customer, r.from(), r.to(), since, out);
  }

  /** Every check {@link #bundle} makes before it writes a byte, so a web layer can fail before streaming. */
  public void checkBundle(Principal actor, CustomerId customer, Long from, Long to, Instant start, Instant end,
      Long since) {
    long signed = signedSize(actor, customer, covering(to, since));
    if ((from != null || to != null) && (start != null || end != null)) {
      throw InvalidInput.field("from", "CONFLICT", "Give either from/to (entry indexes) or start/end (times), not both.");
    }
    if (start != null && end != null && !start.isBefore(end)) {
      throw InvalidInput.field("end", "OUT_OF_RANGE", "end must be after start.");
    }
    Range r = range(customer, from, to, start, end, signed);
    if (since != null) {
      nonNegative("since", since);
      if (since > signed) {
        throw InvalidInput.field("since", "OUT_OF_RANGE", "since is the size of a checkpoint you hold; the latest covers "
            + signed + " entries.");
      }
    }
    if (r.from() > r.to()) {
      throw InvalidInput.field("to", "OUT_OF_RANGE", "to must not be smaller than from.");
    }
  }

  private record Range(long from, long to) {}

  private Range range(CustomerId customer, Long from, Long to, Instant start, Instant end, long signed) {
    if (start != null || end != null) {
      long a = start == null ? 0 : Math.min(signed, log.firstIndexAtOrAfter(customer, start));
      long b = end == null ? signed : Math.min(signed, log.firstIndexAtOrAfter(customer, end));
      return new Range(a, Math.max(a, b));
    }
    long a = from == null ? 0 : from;
    long b = to == null ? signed : to;
    nonNegative("from", a);
    if (b > signed) {
      throw InvalidInput.field("to", "NOT_SIGNED", "The latest checkpoint covers " + signed + " entries.");
    }
    return new Range(a, b);
  }

  public List<SigningKey> signingKeys(Principal actor) {
    AccessPolicy.require(actor, Action.READ_LOG_SIGNING_KEYS);
    return log.signingKeys();
  }

  public SigningKey rotateSigningKey(Principal actor) {
    AccessPolicy.require(actor, Action.ROTATE_LOG_SIGNING_KEY);
    return log.rotateSigningKey();
  }

  /** The size of the latest signed checkpoint, looked up afresh if it covers less than {@code asked}. */
  private long signedSize(Principal actor, CustomerId customer, Long asked) {
    allow(actor, customer);
    return log.latestCheckpoint(customer, asked == null ? 0 : asked).orElseGet(() -> log.checkpointNow(customer)).size();
  }

  private static long covering(Long to, Long since) {
    return Math.max(to == null ? 0 : to, since == null ? 0 : since);
  }

  private void allow(Principal actor, CustomerId customer) {
    AccessPolicy.require(actor, Action.READ_PROCESSING_RECORDS, customer);
    customers.visible(actor, customer);
  }

  private static void nonNegative(String field, long value) {
    if (value < 0) {
      throw InvalidInput.field(field, "OUT_OF_RANGE", field + " must be 0 or more.");
    }
  }
}
