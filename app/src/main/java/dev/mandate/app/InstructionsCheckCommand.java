package dev.mandate.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Finding;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.web.InstructionCheck;
import dev.mandate.web.RuleFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Checks a planned instruction with the rule files bundled in this build, without a server and
 * without recording anything: for a customer preparing an instruction, or a sales engineer
 * checking a prospect's. The file is the body of {@code POST /v1/instruction-checks}.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header = "Checks a planned instruction against the rule files, offline.",
    description = {
      "Analyses a planned instruction (a JSON file: jurisdictions, optional agreement terms,",
      "optional asOf date, givenByAuthorised, and instruction {text, fields}) against the rules of",
      "each jurisdiction, as POST /v1/instruction-checks does, and prints the findings with their",
      "citations. Nothing is sent or recorded. The answer never says an instruction is lawful,",
      "only which rules found something.",
      "Exit codes: 0 no rule found anything, 1 the file is invalid, 3 possible infringement,",
      "4 needs a person's review."
    })
final class InstructionsCheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The planned instruction, as JSON.")
  Path file;

  @Option(names = "--json", description = "Print the analysis as JSON.")
  boolean json;

  Clock clock = Clock.systemUTC();
  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    InstructionCheck check;
    try {
      check = InstructionCheck.read(Files.readAllBytes(file));
    } catch (IOException e) {
      err.println("Cannot read " + file + ": " + e.getClass().getSimpleName());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println(file + " is not a valid instruction check: " + e.getMessage());
      return 1;
    }
    if (check.jurisdictions().isEmpty()) {
      err.println(file + ": name at least one jurisdiction, e.g. \"jurisdictions\": [\"EU-GDPR\"].");
      return 1;
    }
    Vocabulary vocabulary = Vocabulary.dpv();
    try {
      new dev.mandate.core.instruction.InstructionValidator(vocabulary)
          .validate(check.text() == null ? "(planned)" : check.text(), check.fields());
    } catch (dev.mandate.core.failure.InvalidInput e) {
      err.println(file + " is not a valid instruction: " + e.getMessage());
      e.errors().forEach(x -> err.println("  " + x.field() + ": " + x.message()));
      return 1;
    }
    Analysis a = RuleFiles.load(vocabulary).analyser().analyse(check.input(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    if (json) {
      try {
        out.println(new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(a));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    } else {
      print(a);
    }
    return switch (a.outcome()) {
      case NO_INFRINGEMENT_FOUND -> 0;
      case POSSIBLE_INFRINGEMENT -> 3;
      case NEEDS_REVIEW -> 4;
    };
  }

  private void print(Analysis a) {
    out.println("Outcome: " + a.outcome() + " (" + String.join(", ", a.jurisdictions()) + "; " + a.rulesChecked()
        + " rules; rule book " + a.ruleBookVersion() + "; law as of " + a.asOf() + ")");
    out.println();
    out.println(a.summary());
    for (Finding f : a.findings()) {
      out.println();
      out.println("- " + f.rule() + " [" + f.severity() + "] " + f.citation());
      out.println("  " + f.explanation());
      if (!f.fields().isEmpty()) {
        out.println("  fields: " + String.join(", ", f.fields()));
      }
    }
  }
}
