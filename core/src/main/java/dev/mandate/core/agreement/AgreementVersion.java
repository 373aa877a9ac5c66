package dev.mandate.core.agreement;

import dev.mandate.core.customer.CustomerId;
import java.time.Instant;

/**
 * One version of a customer's processing agreement. Once offered its terms never change
 * (PR-821-02); {@code termsHash} is the SHA-256 of the canonical JSON of the terms.
 */
public record AgreementVersion(
    CustomerId customer,
    int version,
    AgreementState state,
    AgreementTerms terms,
    String termsHash,
    Stamp drafted,
    Stamp offered,
    Stamp accepted,
    Stamp closed,
    String closingNote) {

  /** Who did something and when; {@code actor} is an API key reference, never a person's name. */
  public record Stamp(String actor, Instant at) {}

  public AgreementVersion with(AgreementState newState) {
    return new AgreementVersion(customer, version, newState, terms, termsHash, drafted, offered, accepted, closed, closingNote);
  }
}
