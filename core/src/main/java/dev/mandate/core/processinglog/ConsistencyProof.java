package dev.mandate.core.processinglog;

import java.util.List;

/** RFC 9162 §2.1.4: the tree of {@code toSize} entries extends the tree of {@code fromSize} entries, unchanged. Hashes in hex. */
public record ConsistencyProof(long fromSize, long toSize, List<String> hashes, String fromRoot, String toRoot) {}
