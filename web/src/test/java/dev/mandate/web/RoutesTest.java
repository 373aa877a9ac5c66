package dev.mandate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutesTest {
  @Test
  void everyRouteIsUniqueAndNamed() {
    Set<String> seen = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (Route r : Routes.ALL) {
      assertThat(seen.add(r.method() + " " + r.path())).as(r.path()).isTrue();
      assertThat(ids.add(r.operationId())).as(r.operationId()).isTrue();
      // under /v1 only the data subjects' routes go without an API key: a signed link is their authority
      boolean subjectRoute = r.path().startsWith("/v1/unsubscribe/") || r.path().equals("/v1/subject/consent");
      assertThat(r.authenticated()).as(r.path()).isEqualTo(r.path().startsWith("/v1/") && !subjectRoute);
    }
  }

  @Test
  void onlyTheCreateRoutesAreIdempotent() {
    assertThat(Routes.ALL.stream().filter(Route::idempotent).map(Route::operationId))
        .containsExactlyInAnyOrder("createCustomer", "draftAgreementVersion", "createVaultRecord", "recordConsent",
            "submitInstruction", "amendInstruction");
  }

  @Test
  void methodsForAPathGiveTheAllowHeader() {
    assertThat(Routes.methodsFor("/v1/customers/acme")).containsExactly("GET", "PUT");
    assertThat(Routes.methodsFor("/v1/customers/acme/vault/records/x")).containsExactly("GET", "PATCH", "DELETE");
    assertThat(Routes.methodsFor("/v1/customers//agreement")).isEmpty();
    assertThat(Routes.methodsFor("/v1/customers/acme/")).isEmpty();
    assertThat(Routes.methodsFor("/nowhere")).isEmpty();
  }

  @Test
  void pathTemplatesMatchWholeSegments() {
    PathTemplate t = new PathTemplate("/v1/customers/{customerId}/agreement");
    assertThat(t.matches("/v1/customers/acme/agreement")).isTrue();
    assertThat(t.matches("/v1/customers/acme/agreements")).isFalse();
    assertThat(t.matches("/v1/customers/acme/agreement/x")).isFalse();
    assertThat(t.matches("/v1/customers//agreement")).isFalse();
  }
}
