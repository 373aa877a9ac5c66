package dev.mandate.logverify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.logverify.BundleVerifier.Problem;
import dev.mandate.logverify.BundleVerifier.Report;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tamper tests of the issue (8.2.6): change one byte of one entry, delete an entry, reorder
 * two, truncate the tail, forge a checkpoint. Each must be detected and named, on full logs and
 * on bundles for a part of a log.
 */
class BundleVerifierTest {
  static final NoteSigner PROCESSOR = NoteSigner.generate("log.example");
  static final String ORIGIN = "log.example/log/acme";

  /** A log of {@code size} entries for customer acme, with its tree. */
  record Log(List<byte[]> entries, List<byte[]> leaves) implements NodeSource {
    static Log of(int size) {
      List<byte[]> entries = new ArrayList<>();
      List<byte[]> leaves = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        String event = "{\"customer\":\"acme\",\"purpose\":\"dpv:ServiceProvision\",\"time\":\"2026-11-29T10:00:"
            + String.format("%02d", i % 60) + "Z\",\"type\":\"DECISION\"}";
        byte[] entry = LogEntry.frame(event.getBytes(StandardCharsets.UTF_8), i, i == 0 ? null : leaves.get(i - 1));
        entries.add(entry);
        leaves.add(Hashes.leafHash(entry));
      }
      return new Log(entries, leaves);
    }

    @Override
    public byte[] node(int height, long index) {
      CompactRange r = new CompactRange();
      for (long i = index << height; i < (index + 1) << height; i++) {
        r.appendLeafHash(leaves.get((int) i));
      }
      return r.root();
    }

    String checkpoint(NoteSigner signer, long size) {
      return signer.sign(new Checkpoint(ORIGIN, size, Proofs.root(size, this)).body());
    }

    List<String> bundle(long from, long to, Long since, NoteSigner signer) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BundleWriter.write(out, new BundleWriter.Header("acme", ORIGIN, from, to, entries.size(),
              checkpoint(signer, entries.size()), since, List.of(signer.vkey())), this,
          entries.subList((int) from, (int) to).iterator());
      return new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
    }
  }

  static Report verify(List<String> lines, String previous) throws IOException {
    return verify(lines, previous, true);
  }

  static Report verify(List<String> lines, String previous, boolean deep) throws IOException {
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    return BundleVerifier.verify(new ByteArrayInputStream(bytes),
        new BundleVerifier.Options(List.of(PROCESSOR.verifier()), previous, deep));
  }

  static Stream<Arguments> ranges() {
    return Stream.of(
        Arguments.of("whole log of 1", 1, 0, 1),
        Arguments.of("whole log of 37", 37, 0, 37),
        Arguments.of("whole log of 256", 256, 0, 256),
        Arguments.of("middle of 300", 300, 77, 211),
        Arguments.of("head of 300", 300, 0, 150),
        Arguments.of("tail of 300", 300, 129, 300),
        Arguments.of("empty range", 300, 40, 40));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ranges")
  void anIntactBundleVerifies(String name, int size, int from, int to) throws IOException {
    Report report = verify(Log.of(size).bundle(from, to, null, PROCESSOR), null);

    assertThat(report.ok()).as(report.message()).isTrue();
    assertThat(report.treeSize()).isEqualTo(size);
    assertThat(report.warnings()).isEmpty();
  }

  static Stream<Arguments> tampering() {
    return Stream.of(
        // name, which entry, expected problem, expected entry named
        Arguments.of("one byte of the event of entry 10", (Tamper) l -> flip(l, 10, SERVICE), Problem.ENTRY_CHANGED, 10L),
        Arguments.of("one byte of entry 0", (Tamper) l -> flip(l, 0, SERVICE), Problem.ENTRY_CHANGED, 0L),
        Arguments.of("one byte of the prev hash of entry 10", (Tamper) l -> flipFromEnd(l, 10, 5), Problem.ENTRY_CHANGED, 10L),
        Arguments.of("the index of entry 10", (Tamper) l -> replace(l, 10, "\"index\":10,", "\"index\":19,"),
            Problem.ENTRY_CHANGED, 10L),
        Arguments.of("entry 10 deleted", (Tamper) l -> l.remove(1 + 10), Problem.ENTRY_MISSING, 10L),
        Arguments.of("entries 10 to 12 deleted", (Tamper) l -> {
          l.remove(1 + 10);
          l.remove(1 + 10);
          l.remove(1 + 10);
        }, Problem.ENTRY_MISSING, 10L),
        Arguments.of("entries 10 and 11 swapped", (Tamper) l -> l.add(1 + 10, l.remove(1 + 11)),
            Problem.ENTRIES_OUT_OF_ORDER, 10L),
        Arguments.of("tail truncated", (Tamper) l -> {
          l.remove(l.size() - 1);
          l.remove(l.size() - 1);
        }, Problem.ENTRIES_TRUNCATED, 38L),
        Arguments.of("last entry changed", (Tamper) l -> flip(l, 39, SERVICE), Problem.ROOT_MISMATCH, 39L),
        Arguments.of("an entry added at the end", (Tamper) l -> l.add(l.get(l.size() - 1)), Problem.EXTRA_ENTRIES, 40L),
        Arguments.of("entry 5 not JSON framed", (Tamper) l -> l.set(1 + 5, "garbage"), Problem.BAD_ENTRY, 5L),
        Arguments.of("checkpoint signed by another key", (Tamper) l -> forge(l, NoteSigner.generate("log.example")),
            Problem.CHECKPOINT_NOT_TRUSTED, null),
        Arguments.of("checkpoint root rewritten, signature kept", (Tamper) l -> replace(l, -1, "log.example/log/acme\\n40\\n",
            "log.example/log/acme\\n41\\n"), Problem.CHECKPOINT_NOT_TRUSTED, null));
  }

  interface Tamper {
    void apply(List<String> lines);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampering")
  void tamperingIsDetectedAndNamed(String name, Tamper tamper, Problem problem, Long entry) throws IOException {
    List<String> lines = Log.of(40).bundle(0, 40, null, PROCESSOR);
    tamper.apply(lines);

    for (boolean deep : new boolean[] {false, true}) {
      Report report = verify(lines, null, deep);

      assertThat(report.problem()).as("deep=%s: %s", deep, report.message()).isEqualTo(problem);
      assertThat(report.entry()).as(report.message()).isEqualTo(entry);
    }
  }

  @Test
  void theDeepCheckFindsAnEntryThatIsNotCanonicalJson() throws IOException {
    List<String> lines = Log.of(12).bundle(0, 12, null, PROCESSOR);
    // entry 11 (the last) rewritten with a space; its hash changes, so the root check fails too,
    // but the deep check names the entry first
    replace(lines, 11, "\"purpose\":", "\"purpose\": ");

    assertThat(verify(lines, null, true).problem()).isEqualTo(Problem.BAD_ENTRY);
    assertThat(verify(lines, null, true).entry()).isEqualTo(11L);
    assertThat(verify(lines, null, false).problem()).isEqualTo(Problem.ROOT_MISMATCH);
  }

  @Test
  void aChangedEntryInsideAPartialBundleIsNamed() throws IOException {
    List<String> lines = Log.of(300).bundle(100, 200, null, PROCESSOR);
    flip(lines, 50, SERVICE); // the 51st line holds entry 150

    Report report = verify(lines, null);

    assertThat(report.problem()).isEqualTo(Problem.ENTRY_CHANGED);
    assertThat(report.entry()).isEqualTo(150L);
    assertThat(report.message()).contains("Entry 150");
  }

  @Test
  void aBundleCannotClaimToBeAnotherCustomersLog() throws IOException {
    List<String> lines = Log.of(10).bundle(0, 10, null, PROCESSOR);
    lines.set(0, lines.get(0).replace("\"customer\":\"acme\"", "\"customer\":\"globex\""));

    Report swapped = verify(lines, null, false);
    Report pinned = BundleVerifier.verify(
        new ByteArrayInputStream((String.join("\n", Log.of(10).bundle(0, 10, null, PROCESSOR)) + "\n")
            .getBytes(StandardCharsets.UTF_8)),
        new BundleVerifier.Options(List.of(PROCESSOR.verifier()), null, false, "log.example/log/globex"));

    assertThat(swapped.problem()).isEqualTo(Problem.CHECKPOINT_MISMATCH);
    assertThat(pinned.problem()).isEqualTo(Problem.CHECKPOINT_MISMATCH);
  }

  @Test
  void crlfLineEndsAndABlankLastLineAreFine() throws IOException {
    List<String> lines = Log.of(12).bundle(0, 12, null, PROCESSOR);
    byte[] crlf = (String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);

    Report report = BundleVerifier.verify(new ByteArrayInputStream(crlf),
        new BundleVerifier.Options(List.of(PROCESSOR.verifier()), null, true));

    assertThat(report.ok()).as(report.message()).isTrue();
  }

  @Test
  void rewrittenBoundaryHashesBreakTheRoot() throws IOException {
    List<String> lines = Log.of(300).bundle(100, 200, null, PROCESSOR);
    String header = lines.get(0);
    int at = header.indexOf("\"leftHashes\":[\"") + 16;
    lines.set(0, header.substring(0, at) + (header.charAt(at) == '0' ? '1' : '0') + header.substring(at + 1));

    assertThat(verify(lines, null).problem()).isEqualTo(Problem.ROOT_MISMATCH);
  }

  @Test
  void aBundleIsCheckedAgainstACheckpointTheCustomerHeldEarlier() throws IOException {
    Log log = Log.of(120);
    String earlier = log.checkpoint(PROCESSOR, 50);

    Report consistent = verify(log.bundle(50, 120, 50L, PROCESSOR), earlier);
    Report noProof = verify(log.bundle(50, 120, null, PROCESSOR), earlier);

    assertThat(consistent.ok()).as(consistent.message()).isTrue();
    assertThat(noProof.problem()).isEqualTo(Problem.NO_CONSISTENCY_PROOF);
  }

  @Test
  void aRewrittenHistoryIsNotConsistentWithWhatTheCustomerHeld() throws Exception {
    Log original = Log.of(50);
    String earlier = original.checkpoint(PROCESSOR, 50);
    Log rewritten = Log.of(120);
    rewritten.entries().set(3, LogEntry.frame("{\"customer\":\"acme\",\"x\":1}".getBytes(StandardCharsets.UTF_8), 3,
        rewritten.leaves().get(2)));
    rewritten.leaves().set(3, Hashes.leafHash(rewritten.entries().get(3)));
    // entry 4's prev no longer matches, so rebuild the chain from there as a careful forger would
    for (int i = 4; i < 120; i++) {
      byte[] event = LogEntry.event(rewritten.entries().get(i));
      rewritten.entries().set(i, LogEntry.frame(event, i, rewritten.leaves().get(i - 1)));
      rewritten.leaves().set(i, Hashes.leafHash(rewritten.entries().get(i)));
    }

    Report report = verify(rewritten.bundle(50, 120, 50L, PROCESSOR), earlier);

    assertThat(report.problem()).as(report.message()).isEqualTo(Problem.INCONSISTENT_WITH_PREVIOUS);
  }

  @Test
  void keyRotationKeepsOldCheckpointsVerifiable() throws IOException {
    NoteSigner next = NoteSigner.generate("log.example");
    Log log = Log.of(30);
    List<String> lines = log.bundle(0, 30, 10L, next);
    String earlier = log.checkpoint(PROCESSOR, 10);
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);

    Report report = BundleVerifier.verify(new ByteArrayInputStream(bytes),
        new BundleVerifier.Options(List.of(PROCESSOR.verifier(), next.verifier()), earlier, false));

    assertThat(report.ok()).as(report.message()).isTrue();
  }

  @Test
  void withoutAPinnedKeyTheReportSaysSo() throws IOException {
    List<String> lines = Log.of(5).bundle(0, 5, null, PROCESSOR);
    byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);

    Report report = BundleVerifier.verify(new ByteArrayInputStream(bytes), new BundleVerifier.Options(List.of(), null, false));

    assertThat(report.ok()).isTrue();
    assertThat(report.warnings()).singleElement().asString().contains("Pin the processor's published key");
  }

  /** Where one byte is changed so that the entry stays valid JSON: inside a value. */
  static final String SERVICE = "Service";

  private static void flip(List<String> lines, int entry, String anchor) {
    String line = lines.get(1 + entry);
    int position = line.indexOf(anchor) + 1;
    char c = line.charAt(position);
    lines.set(1 + entry, line.substring(0, position) + (char) (c == 'a' ? 'b' : 'a') + line.substring(position + 1));
  }

  private static void flipFromEnd(List<String> lines, int entry, int fromEnd) {
    String line = lines.get(1 + entry);
    int position = line.length() - 1 - fromEnd;
    char c = line.charAt(position);
    lines.set(1 + entry, line.substring(0, position) + (c == '0' ? '1' : '0') + line.substring(position + 1));
  }

  private static void replace(List<String> lines, int entry, String from, String to) {
    String line = lines.get(1 + entry);
    assertThat(line).contains(from);
    lines.set(1 + entry, line.replace(from, to));
  }

  private static void forge(List<String> lines, NoteSigner forger) {
    String header = lines.get(0);
    Log log = Log.of(40);
    String note = log.checkpoint(forger, 40).replace("\n", "\\n");
    int start = header.indexOf("\"checkpoint\":\"") + 14;
    int end = header.indexOf("\",\"leftHashes\"");
    lines.set(0, header.substring(0, start) + note + header.substring(end));
  }
}
