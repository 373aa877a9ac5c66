package dev.mandate.core.consent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consent choice as the customer's application reports it. With {@code source} =
 * {@code tcf-string}, {@code tcString} carries the choice and {@code purposes}, {@code change} and
 * {@code expressedAt} come from it; with {@code gpc-signal}, the purposes and change follow from
 * the signal (an opt-out of sale, sharing and targeted advertising). Otherwise all are given.
 */
public record ConsentSubmission(
    String submissionId,
    String subjectId,
    List<String> purposes,
    String change,
    String source,
    Instant expressedAt,
    Instant validUntil,
    Notice notice,
    Boolean conditionOfService,
    String jurisdiction,
    Map<String, String> evidence,
    String tcString) {}
