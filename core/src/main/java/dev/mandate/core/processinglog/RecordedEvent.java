package dev.mandate.core.processinglog;

/** A processing event with the sequence number it was made durable under. */
public record RecordedEvent(long sequence, ProcessingEvent event) {}
