package dev.mandate.core.consent;

/** Port: decodes IAB TCF TC strings (adapter: the IAB's own decoder, {@code IabTcStrings}). */
public interface TcStrings {

  /**
   * Decodes the core segment of a TC string.
   *
   * @throws dev.mandate.core.failure.InvalidInput {@code MALFORMED_TC_STRING} if it cannot be
   *     decoded, {@code TC_STRING_NOT_V2} if it is a TCF v1 string (not evidence under TCF v2)
   */
  TcSignal decode(String tcString);
}
