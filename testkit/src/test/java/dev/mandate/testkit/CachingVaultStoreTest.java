package dev.mandate.testkit;

import static dev.mandate.testkit.contract.Fixtures.T0;
import static dev.mandate.testkit.contract.Fixtures.field;
import static dev.mandate.testkit.contract.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.vault.CachingVaultStore;
import dev.mandate.core.vault.VaultRecord;
import dev.mandate.core.vault.VaultStore;
import dev.mandate.testkit.contract.VaultStoreContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The sealed-record cache keeps the store's contract, and sees other processes' changes within its ttl. */
class CachingVaultStoreTest extends VaultStoreContract {
  static final CustomerId ACME = new CustomerId("acme");

  @Override
  protected VaultStore newStore() {
    return new CachingVaultStore(new InMemoryVaultStore(), Duration.ofMinutes(5), 4);
  }

  @Nested
  class Staleness {
    final InMemoryVaultStore database = new InMemoryVaultStore();
    final VaultRecord jane = record(ACME, "jane", List.of(field("email", "pd:EmailAddress", "dpv:PersonnelPayment", T0,
        null, "1")));

    @Test
    void aChangeByAnotherProcessIsSeenOnceTheTtlHasPassed() throws Exception {
      CachingVaultStore cache = new CachingVaultStore(database, Duration.ofMillis(50), 100);
      database.insert(jane);
      assertThat(cache.find(ACME, jane.id())).isPresent();

      database.delete(ACME, jane.id()); // another process: the cache is not told

      assertThat(cache.find(ACME, jane.id())).as("within the ttl").isPresent();
      Thread.sleep(80);
      assertThat(cache.find(ACME, jane.id())).as("after the ttl").isEmpty();
    }

    @Test
    void aChangeThroughThisProcessIsSeenAtOnce() {
      CachingVaultStore cache = new CachingVaultStore(database, Duration.ofHours(1), 100);
      cache.insert(jane);
      assertThat(cache.find(ACME, jane.id())).isPresent();

      cache.delete(ACME, jane.id());

      assertThat(cache.find(ACME, jane.id())).isEmpty();
    }

    @Test
    void anUpdateBasedOnAStaleCopyIsRefused() {
      CachingVaultStore cache = new CachingVaultStore(database, Duration.ofHours(1), 100);
      database.insert(jane);
      VaultRecord seen = cache.find(ACME, jane.id()).orElseThrow();
      VaultRecord changedElsewhere = new VaultRecord(jane.id(), ACME, jane.subjectIndex(), jane.subject(),
          jane.dataSubjectCategory(), jane.createdAt(), T0.plusSeconds(60), jane.fields());
      assertThat(database.replace(changedElsewhere, jane.updatedAt())).isTrue();

      VaultRecord mine = new VaultRecord(seen.id(), ACME, seen.subjectIndex(), seen.subject(),
          seen.dataSubjectCategory(), seen.createdAt(), T0.plusSeconds(120), List.of());

      assertThat(cache.replace(mine, seen.updatedAt())).as("compare-and-set on updatedAt").isFalse();
      assertThat(cache.find(ACME, jane.id()).orElseThrow().updatedAt()).isEqualTo(T0.plusSeconds(60));
    }
  }
}
