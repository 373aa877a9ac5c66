package dev.mandate.core.keys;

/**
 * What a data key is for. Each customer has one versioned key family per purpose. Only
 * {@link #FIELD_ENCRYPTION} gets new versions; {@link #BLIND_INDEX} and {@link #PSEUDONYM} stay at
 * version 1 for ever (a new key would break lookups and linkage), but are re-wrapped like the others.
 */
public enum KeyPurpose {
  FIELD_ENCRYPTION,
  BLIND_INDEX,
  PSEUDONYM
}
