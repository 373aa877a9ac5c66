package dev.mandate.testkit;

import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.customer.CustomerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Agreement versions in memory, with the same atomic rules as the database. */
public final class InMemoryAgreementStore implements AgreementStore {
  private final Map<CustomerId, List<AgreementVersion>> versions = new HashMap<>();

  @Override
  public synchronized boolean insertDraft(AgreementVersion draft) {
    List<AgreementVersion> list = versions.computeIfAbsent(draft.customer(), c -> new ArrayList<>());
    if (list.stream().anyMatch(v -> v.state().open() || v.version() == draft.version())) {
      return false;
    }
    list.add(draft);
    return true;
  }

  @Override
  public synchronized boolean replaceDraftTerms(CustomerId customer, int version, AgreementTerms terms, String hash) {
    Optional<AgreementVersion> v = find(customer, version);
    if (v.isEmpty() || v.get().state() != AgreementState.DRAFT) {
      return false;
    }
    AgreementVersion old = v.get();
    put(new AgreementVersion(customer, version, old.state(), terms, hash, old.drafted(), old.offered(), old.accepted(),
        old.closed(), old.closingNote()));
    return true;
  }

  @Override
  public synchronized boolean transition(AgreementVersion to, AgreementState from) {
    Optional<AgreementVersion> current = find(to.customer(), to.version());
    if (current.isEmpty() || current.get().state() != from) {
      return false;
    }
    if (to.state() == AgreementState.ACCEPTED) {
      inForce(to.customer()).ifPresent(old -> put(new AgreementVersion(old.customer(), old.version(),
          AgreementState.SUPERSEDED, old.terms(), old.termsHash(), old.drafted(), old.offered(), old.accepted(),
          to.accepted(), null)));
    }
    put(to);
    return true;
  }

  @Override
  public synchronized Optional<AgreementVersion> find(CustomerId customer, int version) {
    return versions.getOrDefault(customer, List.of()).stream().filter(v -> v.version() == version).findFirst();
  }

  @Override
  public synchronized List<AgreementVersion> versions(CustomerId customer) {
    return List.copyOf(versions.getOrDefault(customer, List.of()));
  }

  @Override
  public synchronized Optional<AgreementVersion> inForce(CustomerId customer) {
    return versions.getOrDefault(customer, List.of()).stream()
        .filter(v -> v.state() == AgreementState.ACCEPTED).findFirst();
  }

  private void put(AgreementVersion v) {
    List<AgreementVersion> list = versions.get(v.customer());
    list.replaceAll(old -> old.version() == v.version() ? v : old);
  }
}
