package dev.mandate.core.agreement;

import dev.mandate.core.customer.CustomerId;
import java.util.List;
import java.util.Optional;

/** Port: agreement versions. Each method is one atomic change; old versions stay readable forever. */
public interface AgreementStore {
  /**
   * Inserts a new draft. Fails with {@code false} if the customer already has an open (draft or
   * offered) version or the version number is taken.
   */
  boolean insertDraft(AgreementVersion draft);

  /** Replaces the terms of a version that is still a draft; false otherwise. */
  boolean replaceDraftTerms(CustomerId customer, int version, AgreementTerms terms, String termsHash);

  /**
   * Moves a version from {@code from} to {@code to.state()} and writes its stamps, only if it is
   * still in {@code from}. Accepting also marks the previously accepted version superseded, in
   * the same transaction.
   */
  boolean transition(AgreementVersion to, AgreementState from);

  Optional<AgreementVersion> find(CustomerId customer, int version);

  /** All versions, oldest first. */
  List<AgreementVersion> versions(CustomerId customer);

  /** The accepted version, if any. */
  Optional<AgreementVersion> inForce(CustomerId customer);
}
