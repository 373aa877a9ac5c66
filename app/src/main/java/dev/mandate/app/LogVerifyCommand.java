package dev.mandate.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mandate.logverify.BundleVerifier;
import dev.mandate.logverify.NoteException;
import dev.mandate.logverify.NoteVerifier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks an exported log or proof bundle offline, with the log-verifier library only: no server,
 * no database. Exit code 0 when everything checks out, 1 when a problem was found (the first one
 * is named), 2 when the input could not be read.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    header = "Checks a processing-log bundle offline, without trusting the processor.",
    description = {
      "Checks a log bundle downloaded from GET /v1/customers/{id}/log/bundle: the checkpoint's",
      "signature, every entry's index and hash chain, and the Merkle root the entries produce.",
      "With --previous it also checks that the log only grew since a checkpoint you kept.",
      "It names the first problem found: a changed, missing, reordered or added entry, a cut",
      "tail, a forged checkpoint or a rewritten history.",
      "Exit codes: 0 intact, 1 a problem was found, 2 the input could not be read."
    })
final class LogVerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle file, or - for standard input.")
  String bundle;

  @Option(names = "--key", paramLabel = "VKEY",
      description = "A checkpoint key of the processor (C2SP verifier key, from GET /v1/log/signing-keys)."
          + " Repeat for old keys.")
  List<String> keys = new ArrayList<>();

  @Option(names = "--keys-file", paramLabel = "FILE", description = "A file with one verifier key per line.")
  Path keysFile;

  @Option(names = "--previous", paramLabel = "FILE",
      description = "A signed checkpoint you received earlier; the log must extend it.")
  Path previous;

  @Option(names = "--origin", paramLabel = "ORIGIN",
      description = "The log you mean to check, e.g. mandate.example/log/acme (the first line of its checkpoints).")
  String origin;

  @Option(names = "--deep", description = "Also check that every entry is canonical JSON of this customer (slower).")
  boolean deep;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      List<NoteVerifier> trusted = trustedKeys();
      String previousNote = previous == null ? null : Files.readString(previous, StandardCharsets.UTF_8);
      long started = System.nanoTime();
      BundleVerifier.Report report;
      try (InputStream in = open()) {
        report = BundleVerifier.verify(in, new BundleVerifier.Options(trusted, previousNote, deep, origin));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (json) {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
      } else {
        print(out, report, seconds);
      }
      out.flush();
      return report.ok() ? 0 : 1;
    } catch (NoSuchFileException e) {
      err.println("No such file: " + e.getFile());
      return 2;
    } catch (IOException | IllegalArgumentException e) {
      err.println("Could not read the input: " + e.getMessage());
      return 2;
    } catch (NoteException e) {
      err.println("A key is not a C2SP verifier key: " + e.getMessage());
      return 2;
    }
  }

  private List<NoteVerifier> trustedKeys() throws IOException, NoteException {
    List<String> all = new ArrayList<>(keys);
    if (keysFile != null) {
      for (String line : Files.readAllLines(keysFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          all.add(line.strip());
        }
      }
    }
    List<NoteVerifier> verifiers = new ArrayList<>();
    for (String k : all) {
      verifiers.add(NoteVerifier.fromVkey(k));
    }
    return verifiers;
  }

  private InputStream open() throws IOException {
    return "-".equals(bundle) ? new BufferedInputStream(System.in) : Files.newInputStream(Path.of(bundle));
  }

  private static void print(PrintWriter out, BundleVerifier.Report r, double seconds) {
    long entries = Math.max(0, r.to() - r.from());
    if (r.ok()) {
      out.printf("OK: %s%n", r.message());
    } else {
      out.printf("FAILED (%s%s): %s%n", r.problem(), r.entry() == null ? "" : ", entry " + r.entry(), r.message());
    }
    if (r.customer() != null) {
      out.printf("customer %s%s, entries %d to %d of a tree of %d%s%n", r.customer(),
          r.origin() == null ? "" : " (log " + r.origin() + ")", r.from(), r.to(), r.treeSize(),
          r.rootHash() == null ? "" : ", signed root " + r.rootHash());
    }
    out.printf("checked in %.2f s (%,.0f entries/s)%n", seconds, seconds > 0 ? entries / seconds : 0.0);
    r.warnings().forEach(w -> out.println("warning: " + w));
  }
}
