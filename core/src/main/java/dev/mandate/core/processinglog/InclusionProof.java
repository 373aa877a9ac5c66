package dev.mandate.core.processinglog;

import java.util.List;

/** RFC 9162 §2.1.3: entry {@code index} is in the tree of {@code treeSize} entries whose root is {@code rootHash}. Hashes in hex. */
public record InclusionProof(long index, long treeSize, String leafHash, List<String> hashes, String rootHash) {}
