package dev.mandate.core.keys;

/**
 * What a rotation did: the master key version keys are now wrapped under, how many wrapped keys
 * were re-wrapped, and how many new data key versions were created.
 */
public record RotationReport(int masterKeyVersion, int rewrapped, int dataKeysRotated) {}
