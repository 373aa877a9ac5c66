package dev.mandate.core.processinglog;

/**
 * One entry of a customer's log exactly as it was hashed: {@code entry} is its canonical JSON
 * (see docs/design/processing-log.md), {@code leafHash} the RFC 6962 leaf hash of those bytes
 * (hex).
 */
public record StoredEntry(long index, String leafHash, String entry) {}
