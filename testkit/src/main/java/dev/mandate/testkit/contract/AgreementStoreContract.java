package dev.mandate.testkit.contract;

import static dev.mandate.testkit.contract.Fixtures.accepted;
import static dev.mandate.testkit.contract.Fixtures.closed;
import static dev.mandate.testkit.contract.Fixtures.draft;
import static dev.mandate.testkit.contract.Fixtures.minimalTerms;
import static dev.mandate.testkit.contract.Fixtures.offered;
import static dev.mandate.testkit.contract.Fixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementStore;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.CustomerId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AgreementStore} must do: versions read back exactly (terms and their hash),
 * one open and one accepted version per customer, transitions only from the expected state,
 * and accepting supersedes the version in force atomically.
 */
public abstract class AgreementStoreContract {
  protected static final CustomerId ACME = new CustomerId("acme");
  protected static final CustomerId GLOBEX = new CustomerId("globex");
  protected AgreementStore store;

  protected abstract AgreementStore newStore();

  /** Makes the customer exist, for backends that check it (a foreign key); nothing by default. */
  protected void customerExists(CustomerId customer) {}

  @BeforeEach
  void newStoreForEachTest() {
    store = newStore();
    customerExists(ACME);
    customerExists(GLOBEX);
  }

  @Test
  void aDraftReadsBackWithTheSameTermsAndHash() {
    AgreementVersion v1 = draft(ACME, 1, terms("Payroll"));

    assertThat(store.insertDraft(v1)).isTrue();

    AgreementVersion found = store.find(ACME, 1).orElseThrow();
    assertThat(found).isEqualTo(v1);
    assertThat(TermsDigest.sha256(found.terms())).isEqualTo(v1.termsHash());
    assertThat(TermsDigest.canonicalJson(found.terms())).isEqualTo(TermsDigest.canonicalJson(v1.terms()));
  }

  @Test
  void minimalTermsReadBackToo() {
    AgreementVersion v1 = draft(ACME, 1, minimalTerms());
    store.insertDraft(v1);

    assertThat(store.find(ACME, 1)).contains(v1);
  }

  @Test
  void onlyOneOpenVersionPerCustomer() {
    AgreementVersion v1 = draft(ACME, 1, terms("First"));
    store.insertDraft(v1);

    assertThat(store.insertDraft(draft(ACME, 2, terms("Second")))).as("while v1 is a draft").isFalse();
    store.transition(offered(v1), AgreementState.DRAFT);
    assertThat(store.insertDraft(draft(ACME, 2, terms("Second")))).as("while v1 is offered").isFalse();
    assertThat(store.insertDraft(draft(GLOBEX, 1, terms("Other customer")))).isTrue();

    store.transition(accepted(offered(v1)), AgreementState.OFFERED);
    assertThat(store.insertDraft(draft(ACME, 2, terms("Second")))).as("once v1 is accepted").isTrue();
    assertThat(store.versions(ACME)).extracting(AgreementVersion::version).containsExactly(1, 2);
  }

  @Test
  void aTakenVersionNumberIsRefused() {
    AgreementVersion v1 = draft(ACME, 1, terms("First"));
    store.insertDraft(v1);
    store.transition(offered(v1), AgreementState.DRAFT);
    store.transition(accepted(offered(v1)), AgreementState.OFFERED);

    assertThat(store.insertDraft(draft(ACME, 1, terms("Again")))).isFalse();
    assertThat(store.find(ACME, 1).orElseThrow().terms()).isEqualTo(v1.terms());
  }

  @Test
  void draftTermsCanBeReplacedOnlyWhileDraft() {
    AgreementVersion v1 = draft(ACME, 1, terms("First"));
    store.insertDraft(v1);
    AgreementTerms changed = terms("Changed");

    assertThat(store.replaceDraftTerms(ACME, 1, changed, TermsDigest.sha256(changed))).isTrue();
    AgreementVersion found = store.find(ACME, 1).orElseThrow();
    assertThat(found.terms()).isEqualTo(changed);
    assertThat(found.termsHash()).isEqualTo(TermsDigest.sha256(changed));
    assertThat(found.drafted()).isEqualTo(v1.drafted());

    store.transition(offered(found), AgreementState.DRAFT);
    AgreementTerms late = terms("Too late");
    assertThat(store.replaceDraftTerms(ACME, 1, late, TermsDigest.sha256(late))).isFalse();
    assertThat(store.find(ACME, 1).orElseThrow().terms()).isEqualTo(changed);
    assertThat(store.replaceDraftTerms(ACME, 9, late, TermsDigest.sha256(late))).isFalse();
  }

  @Test
  void aTransitionHappensOnlyFromTheExpectedState() {
    AgreementVersion v1 = draft(ACME, 1, terms("First"));
    store.insertDraft(v1);
    AgreementVersion offer = offered(v1);

    assertThat(store.transition(accepted(offer), AgreementState.OFFERED)).as("still a draft").isFalse();
    assertThat(store.find(ACME, 1)).contains(v1);
    assertThat(store.inForce(ACME)).isEmpty();

    assertThat(store.transition(offer, AgreementState.DRAFT)).isTrue();
    assertThat(store.find(ACME, 1)).contains(offer);
    assertThat(store.transition(offer, AgreementState.DRAFT)).as("no longer a draft").isFalse();
    assertThat(store.transition(offered(draft(ACME, 7, terms("x"))), AgreementState.DRAFT)).as("no such version").isFalse();
  }

  @Test
  void acceptingSupersedesTheVersionInForceAtomically() {
    AgreementVersion v1 = accepted(offered(draft(ACME, 1, terms("First"))));
    store.insertDraft(draft(ACME, 1, terms("First")));
    store.transition(offered(draft(ACME, 1, terms("First"))), AgreementState.DRAFT);
    store.transition(v1, AgreementState.OFFERED);
    assertThat(store.inForce(ACME)).contains(v1);

    AgreementVersion v2 = draft(ACME, 2, terms("Second"));
    store.insertDraft(v2);
    store.transition(offered(v2), AgreementState.DRAFT);
    AgreementVersion v2Accepted = accepted(offered(v2));

    assertThat(store.transition(v2Accepted, AgreementState.OFFERED)).isTrue();

    assertThat(store.inForce(ACME)).contains(v2Accepted);
    AgreementVersion v1Now = store.find(ACME, 1).orElseThrow();
    assertThat(v1Now.state()).isEqualTo(AgreementState.SUPERSEDED);
    assertThat(v1Now.closed()).isEqualTo(v2Accepted.accepted());
    assertThat(v1Now.terms()).isEqualTo(v1.terms());
    assertThat(v1Now.accepted()).isEqualTo(v1.accepted());
    assertThat(store.versions(ACME)).filteredOn(v -> v.state() == AgreementState.ACCEPTED).hasSize(1);
  }

  @Test
  void aFailedAcceptLeavesTheVersionInForce() {
    AgreementVersion v1 = accepted(offered(draft(ACME, 1, terms("First"))));
    store.insertDraft(draft(ACME, 1, terms("First")));
    store.transition(offered(draft(ACME, 1, terms("First"))), AgreementState.DRAFT);
    store.transition(v1, AgreementState.OFFERED);
    AgreementVersion v2 = draft(ACME, 2, terms("Second"));
    store.insertDraft(v2);

    assertThat(store.transition(accepted(offered(v2)), AgreementState.OFFERED)).as("v2 was never offered").isFalse();

    assertThat(store.inForce(ACME)).contains(v1);
    assertThat(store.find(ACME, 2)).contains(v2);
  }

  @Test
  void rejectingAnOfferKeepsTheNoteAndFreesTheOpenSlot() {
    AgreementVersion v1 = offered(draft(ACME, 1, terms("First")));
    store.insertDraft(draft(ACME, 1, terms("First")));
    store.transition(v1, AgreementState.DRAFT);
    AgreementVersion rejected = closed(v1, AgreementState.REJECTED, "Retention too long for salaries.");

    assertThat(store.transition(rejected, AgreementState.OFFERED)).isTrue();

    assertThat(store.find(ACME, 1)).contains(rejected);
    assertThat(store.insertDraft(draft(ACME, 2, terms("Second")))).isTrue();
  }

  @Test
  void terminatingLeavesNoVersionInForce() {
    AgreementVersion v1 = accepted(offered(draft(ACME, 1, terms("First"))));
    store.insertDraft(draft(ACME, 1, terms("First")));
    store.transition(offered(draft(ACME, 1, terms("First"))), AgreementState.DRAFT);
    store.transition(v1, AgreementState.OFFERED);
    AgreementVersion terminated = closed(v1, AgreementState.TERMINATED, "Contract ended.");

    assertThat(store.transition(terminated, AgreementState.ACCEPTED)).isTrue();

    assertThat(store.inForce(ACME)).isEmpty();
    assertThat(store.find(ACME, 1)).contains(terminated);
  }

  @Test
  void versionsAreOldestFirstAndPerCustomer() {
    AgreementVersion v1 = draft(ACME, 1, terms("First"));
    store.insertDraft(v1);
    store.transition(offered(v1), AgreementState.DRAFT);
    store.transition(closed(offered(v1), AgreementState.REJECTED, null), AgreementState.OFFERED);
    store.insertDraft(draft(ACME, 2, terms("Second")));
    store.insertDraft(draft(GLOBEX, 1, terms("Globex")));

    assertThat(store.versions(ACME)).extracting(AgreementVersion::version).containsExactly(1, 2);
    assertThat(store.versions(GLOBEX)).extracting(AgreementVersion::version).containsExactly(1);
    assertThat(store.versions(new CustomerId("nobody"))).isEmpty();
    assertThat(store.inForce(ACME)).isEmpty();
  }
}
