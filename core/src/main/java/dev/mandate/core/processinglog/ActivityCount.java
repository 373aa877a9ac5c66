package dev.mandate.core.processinglog;

import dev.mandate.core.decision.Effect;

/**
 * How many processing records of one kind a customer's log holds in a period: per event type,
 * purpose, operation, data category and decision (the counts of an Art. 30(2) record,
 * PR-826-01). A record that names several data categories counts once under each of them; one
 * that names none counts under a null category. Fields that do not apply are null.
 */
public record ActivityCount(
    EventType type, String purpose, String operation, String dataCategory, Effect effect, long count) {}
