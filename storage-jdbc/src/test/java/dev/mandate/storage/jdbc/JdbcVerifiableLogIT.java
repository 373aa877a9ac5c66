package dev.mandate.storage.jdbc;

import static dev.mandate.testkit.contract.Fixtures.decision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.processinglog.ConsistencyProof;
import dev.mandate.core.processinglog.InclusionProof;
import dev.mandate.core.processinglog.SignedCheckpoint;
import dev.mandate.core.processinglog.SigningKey;
import dev.mandate.core.processinglog.StoredEntry;
import dev.mandate.logverify.BundleVerifier;
import dev.mandate.logverify.Checkpoint;
import dev.mandate.logverify.CompactRange;
import dev.mandate.logverify.Hashes;
import dev.mandate.logverify.NoteVerifier;
import dev.mandate.logverify.Notes;
import dev.mandate.logverify.ProofVerifier;
import dev.mandate.storage.jdbc.database.PostgresDatabase;
import dev.mandate.storage.jdbc.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Merkle side of the processing log on PostgreSQL: tiles, checkpoints, proofs, bundles, key rotation. */
class JdbcVerifiableLogIT {
  static final CustomerId ACME = new CustomerId("acme");
  static final CustomerId GLOBEX = new CustomerId("globex");

  final TestMasterKeys masterKeys = new TestMasterKeys();
  PostgresDatabase database;
  JdbcProcessingLog writer;
  JdbcVerifiableLog log;

  @BeforeEach
  void open() {
    database = TestDatabases.fresh();
    writer = new JdbcProcessingLog(database.dataSource());
    log = new JdbcVerifiableLog(database.dataSource(), masterKeys, Clock.systemUTC(),
        JdbcVerifiableLog.Options.DEFAULT);
  }

  @AfterEach
  void close() {
    log.close();
    writer.close();
    database.close();
  }

  @Test
  void aCheckpointSignsTheRootOfEverythingDurable() throws Exception {
    append(writer, ACME, 1000);
    append(writer, GLOBEX, 10);

    SignedCheckpoint checkpoint = log.checkpointNow(ACME);

    assertThat(checkpoint.size()).isEqualTo(1000);
    Checkpoint opened = Notes.openCheckpoint(checkpoint.note(), verifiers());
    assertThat(opened.origin()).isEqualTo("mandate.local/log/acme").isEqualTo(checkpoint.origin());
    assertThat(opened.size()).isEqualTo(1000);
    assertThat(Hashes.hex(opened.rootHash())).isEqualTo(checkpoint.rootHash()).isEqualTo(rootOfStoredEntries(ACME, 1000));
    assertThat(count("SELECT count(*) FROM log_tiles WHERE customer_id = 'acme' AND level = 0")).isEqualTo(3);
    assertThat(log.latestCheckpoint(GLOBEX)).isEmpty();
    assertThat(log.checkpointNow(GLOBEX).size()).isEqualTo(10);
  }

  @Test
  void theIntegratorSignsWithoutBeingAsked() throws Exception {
    append(writer, ACME, 5);
    log.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (log.latestCheckpoint(ACME).map(SignedCheckpoint::size).orElse(0L) < 5 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(log.latestCheckpoint(ACME)).get().extracting(SignedCheckpoint::size).isEqualTo(5L);
  }

  @Test
  void inclusionAndConsistencyProofsVerifyAgainstSignedRoots() throws Exception {
    append(writer, ACME, 300);
    SignedCheckpoint first = log.checkpointNow(ACME);
    append(writer, ACME, 700);
    SignedCheckpoint second = log.checkpointNow(ACME);
    Random random = new Random(6962);

    for (int i = 0; i < 50; i++) {
      long index = random.nextInt(1000);
      InclusionProof proof = log.inclusion(ACME, index, second.size());
      StoredEntry entry = log.entries(ACME, index, index + 1).getFirst();
      byte[] leaf = Hashes.leafHash(entry.entry().getBytes(StandardCharsets.UTF_8));
      assertThat(Hashes.hex(leaf)).isEqualTo(proof.leafHash()).isEqualTo(entry.leafHash());
      ProofVerifier.verifyInclusion(index, second.size(), leaf, bytes(proof.hashes()), Hashes.fromHex(second.rootHash()));
    }
    ConsistencyProof consistency = log.consistency(ACME, first.size(), second.size());
    assertThat(consistency.fromRoot()).isEqualTo(first.rootHash());
    ProofVerifier.verifyConsistency(first.size(), second.size(), bytes(consistency.hashes()),
        Hashes.fromHex(first.rootHash()), Hashes.fromHex(second.rootHash()));
  }

  /** Past 65,536 entries the tree needs level-1 tiles; proofs across that boundary must still verify. */
  @Test
  void treesLargerThanOneLevelOfTilesProveCorrectly() throws Exception {
    append(writer, ACME, 65_536 + 300);
    SignedCheckpoint checkpoint = log.checkpointNow(ACME);

    assertThat(count("SELECT count(*) FROM log_tiles WHERE customer_id = 'acme' AND level = 1")).isEqualTo(1);
    assertThat(checkpoint.rootHash()).isEqualTo(rootOfStoredEntries(ACME, checkpoint.size()));
    for (long index : new long[] {0, 255, 256, 65_535, 65_536, 65_700, checkpoint.size() - 1}) {
      InclusionProof proof = log.inclusion(ACME, index, checkpoint.size());
      ProofVerifier.verifyInclusion(index, checkpoint.size(), Hashes.fromHex(proof.leafHash()), bytes(proof.hashes()),
          Hashes.fromHex(checkpoint.rootHash()));
    }
    ConsistencyProof c = log.consistency(ACME, 65_000, checkpoint.size());
    ProofVerifier.verifyConsistency(65_000, checkpoint.size(), bytes(c.hashes()), Hashes.fromHex(c.fromRoot()),
        Hashes.fromHex(checkpoint.rootHash()));
    assertThat(c.fromRoot()).isEqualTo(rootOfStoredEntries(ACME, 65_000));
  }

  @Test
  void bundlesFromTheDatabaseVerifyOffline() throws Exception {
    append(writer, ACME, 200);
    SignedCheckpoint held = log.checkpointNow(ACME);
    append(writer, ACME, 333);
    log.checkpointNow(ACME);

    BundleVerifier.Report whole = verify(bundle(0, 533, null), null);
    BundleVerifier.Report period = verify(bundle(150, 400, 200L), held.note());

    assertThat(whole.ok()).as(whole.message()).isTrue();
    assertThat(period.ok()).as(period.message()).isTrue();
  }

  @Test
  void rotatingTheSigningKeyKeepsOldCheckpointsVerifiable() throws Exception {
    append(writer, ACME, 10);
    SignedCheckpoint before = log.checkpointNow(ACME);
    SigningKey rotated = log.rotateSigningKey();
    append(writer, ACME, 10);
    SignedCheckpoint after = log.checkpointNow(ACME);

    List<SigningKey> keys = log.signingKeys();
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).current()).isFalse();
    assertThat(keys.get(1)).isEqualTo(rotated);
    assertThat(before.vkey()).isEqualTo(keys.get(0).vkey());
    assertThat(after.vkey()).isEqualTo(rotated.vkey());
    NoteVerifier oldKey = NoteVerifier.fromVkey(keys.get(0).vkey());
    NoteVerifier newKey = NoteVerifier.fromVkey(keys.get(1).vkey());
    assertThat(Notes.openCheckpoint(before.note(), List.of(oldKey)).size()).isEqualTo(10);
    assertThat(Notes.openCheckpoint(after.note(), List.of(newKey)).size()).isEqualTo(20);
    assertThat(verify(bundle(0, 20, 10L), before.note()).ok()).isTrue();
    assertThat(count("SELECT count(*) FROM log_signing_keys WHERE wrapped_seed IS NULL OR length(wrapped_seed) < 40"))
        .as("seeds are stored wrapped").isZero();
  }

  /** A client holding a checkpoint that another process signed a moment ago gets proofs against it here too. */
  @Test
  void aCheckpointSignedByAnotherProcessIsFoundAtOnceWhenAskedFor() throws Exception {
    append(writer, ACME, 10);
    assertThat(log.checkpointNow(ACME).size()).isEqualTo(10); // cached here now
    try (JdbcVerifiableLog other = new JdbcVerifiableLog(database.dataSource(), masterKeys,
        Clock.systemUTC(), JdbcVerifiableLog.Options.DEFAULT)) {
      append(writer, ACME, 5);
      SignedCheckpoint newer = other.checkpointNow(ACME);

      assertThat(log.latestCheckpoint(ACME, newer.size())).contains(newer);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      log.writeBundle(ACME, 0, newer.size(), 10L, out);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"treeSize\":15");
    }
  }

  /**
   * Two writers with their own view of the heads (as two processes have) append to the same
   * customers at once: one log per customer, no fork, no gap, no duplicate index.
   */
  @Test
  void twoWritersOnOneDatabaseKeepOneConsistentLog() throws Exception {
    JdbcProcessingLog other = new JdbcProcessingLog(database.dataSource());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 128; t++) {
        JdbcProcessingLog w = t % 2 == 0 ? writer : other;
        CustomerId customer = t % 4 < 2 ? ACME : GLOBEX;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            w.append(decision(customer, Effect.PERMIT, "r" + i));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      other.close();
    }
    assertThat(writer.retries() + other.retries()).as("the writers did contend").isPositive();

    for (CustomerId c : List.of(ACME, GLOBEX)) {
      SignedCheckpoint checkpoint = log.checkpointNow(c);
      assertThat(checkpoint.size()).as("every append succeeded, none was refused for contention").isEqualTo(3200);
      BundleVerifier.Report report = verify(bundleOf(c, 0, 3200, null), null);
      assertThat(report.ok()).as(report.message()).isTrue();
    }
  }

  // helpers ---------------------------------------------------------------------------------------

  static dev.mandate.core.processinglog.ProcessingEvent event(CustomerId customer, String requestId) {
    return decision(customer, Effect.PERMIT, requestId);
  }

  static void append(JdbcProcessingLog writer, CustomerId customer, int count) throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      int threads = 64;
      for (int t = 0; t < threads; t++) {
        int share = count / threads + (t < count % threads ? 1 : 0);
        done.add(pool.submit(() -> {
          for (int i = 0; i < share; i++) {
            writer.append(decision(customer, i % 5 == 0 ? Effect.DENY : Effect.PERMIT, "req-" + i));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  String rootOfStoredEntries(CustomerId customer, long size) {
    CompactRange range = new CompactRange();
    for (long from = 0; from < size; from += 1000) {
      for (StoredEntry e : log.entries(customer, from, Math.min(size, from + 1000))) {
        range.appendLeafHash(Hashes.leafHash(e.entry().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return Hashes.hex(range.root());
  }

  List<NoteVerifier> verifiers() throws Exception {
    List<NoteVerifier> verifiers = new ArrayList<>();
    for (SigningKey k : log.signingKeys()) {
      verifiers.add(NoteVerifier.fromVkey(k.vkey()));
    }
    return verifiers;
  }

  byte[] bundle(long from, long to, Long since) throws Exception {
    return bundleOf(ACME, from, to, since);
  }

  byte[] bundleOf(CustomerId customer, long from, long to, Long since) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    log.writeBundle(customer, from, to, since, out);
    return out.toByteArray();
  }

  BundleVerifier.Report verify(byte[] bundle, String previous) throws Exception {
    return BundleVerifier.verify(new ByteArrayInputStream(bundle), new BundleVerifier.Options(verifiers(), previous, true));
  }

  static List<byte[]> bytes(List<String> hex) {
    return hex.stream().map(Hashes::fromHex).toList();
  }

  long count(String sql) throws Exception {
    try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
