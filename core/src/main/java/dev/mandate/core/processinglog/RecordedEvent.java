package dev.mandate.core.processinglog;

/**
 * A processing event with its index in the customer's log: 0 for the customer's first event, then
 * 1, 2, … with no gap. The index is also the event's leaf index in the customer's Merkle tree, so
 * it is what an inclusion proof is asked for.
 */
public record RecordedEvent(long index, ProcessingEvent event) {}
