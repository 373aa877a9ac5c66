package dev.mandate.core.consent;

/**
 * The privacy notice the person saw when choosing (ISO/IEC TS 27560 "privacy notice" and
 * "language"): its version, the SHA-256 of its text (lowercase hex) and its language tag.
 */
public record Notice(String version, String textSha256, String language) {}
