package dev.mandate.core.decision;

/** The accepted agreement version a decision was taken under, with the hash of its terms. */
public record AgreementRef(int version, String termsHash) {}
