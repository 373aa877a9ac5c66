package dev.mandate.storage.jdbc.database;

import static dev.mandate.storage.jdbc.database.EmbeddedDatabaseServerIT.query;
import static dev.mandate.storage.jdbc.database.EmbeddedDatabaseServerIT.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.storage.jdbc.testing.TestDatabases;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TestDatabasesIT {
  private static final String TEST_MIGRATIONS = "classpath:db/testmigration";

  @Test
  void eachCallGetsItsOwnMigratedDatabase() throws Exception {
    long started = System.nanoTime();
    try (PostgresDatabase a = TestDatabases.fresh(TEST_MIGRATIONS);
        PostgresDatabase b = TestDatabases.fresh(TEST_MIGRATIONS)) {
      System.out.printf("%s: two fresh databases in %d ms%n", TestDatabases.backendName(),
          (System.nanoTime() - started) / 1_000_000);
      update(a, "INSERT INTO note (body) VALUES ('only in a')");
      assertThat(query(a, "SELECT count(*) FROM note")).isEqualTo("1");
      assertThat(query(b, "SELECT count(*) FROM note")).isEqualTo("0");
      assertThat(query(a, "SELECT current_database()")).isNotEqualTo(query(b, "SELECT current_database()"));
      assertThat(query(a, "SELECT current_database()")).startsWith("mandate_test_");
    }
    long one = System.nanoTime();
    TestDatabases.fresh(TEST_MIGRATIONS).close();
    System.out.printf("%s: one more fresh database in %d ms%n", TestDatabases.backendName(),
        (System.nanoTime() - one) / 1_000_000);
  }

  @Test
  void dropsAClosedDatabaseInTheBackground() throws Exception {
    try (PostgresDatabase observer = TestDatabases.fresh(TEST_MIGRATIONS)) {
      String name;
      try (PostgresDatabase db = TestDatabases.fresh(TEST_MIGRATIONS)) {
        name = query(db, "SELECT current_database()");
      }
      String exists = "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'";
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!query(observer, exists).equals("0") && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(query(observer, exists)).as("%s dropped after close", name).isEqualTo("0");
      // the open one stays
      assertThat(query(observer, "SELECT count(*) FROM note")).isEqualTo("0");
    }
  }

  @Test
  void namesTheBackend() {
    assertThat(TestDatabases.backendName()).matches("(embedded|external) PostgreSQL \\d+\\.\\d+");
    if (System.getenv(TestDatabases.URL_VARIABLE) == null) {
      assertThat(TestDatabases.backendName()).startsWith("embedded PostgreSQL 18.");
    }
  }

  @Test
  void isSafeToUseFromManyThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> names = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        names.add(pool.submit(() -> {
          try (PostgresDatabase db = TestDatabases.fresh(TEST_MIGRATIONS)) {
            update(db, "INSERT INTO note (body) VALUES ('x')");
            assertThat(query(db, "SELECT count(*) FROM note")).isEqualTo("1");
            return query(db, "SELECT current_database()");
          }
        }));
      }
      Set<String> distinct = new HashSet<>();
      for (Future<String> name : names) {
        distinct.add(name.get());
      }
      assertThat(distinct).hasSize(8);
    } finally {
      pool.shutdownNow();
    }
  }
}
