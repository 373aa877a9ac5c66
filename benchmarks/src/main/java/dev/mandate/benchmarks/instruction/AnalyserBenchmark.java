package dev.mandate.benchmarks.instruction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.AnalysisInput;
import dev.mandate.core.instruction.InstructionAnalyser;
import dev.mandate.core.instruction.Rule;
import dev.mandate.core.instruction.RuleBook;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.web.InstructionCheck;
import dev.mandate.web.RuleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Analysing one instruction with at least 200 rules loaded and all of them evaluated (target: under
 * 1 ms). The rule book is the bundled rule files, topped up with copies of their own rules under
 * new ids until it holds {@value #RULES}; every instruction is checked under all six laws, so every
 * rule runs. Instructions are the 91 cases of the evaluation corpus (their agreements included),
 * cycled so that none is hot. Run from the repository root:
 *
 * <pre>
 * java -cp "benchmarks/target/mandate-benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/libs/*" \
 *   org.openjdk.jmh.Main AnalyserBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s -t 1
 * </pre>
 */
@State(Scope.Thread)
public class AnalyserBenchmark {
  static final int RULES = 200;
  static final Path CORPUS = Path.of("web/src/test/resources/instruction-corpus");

  InstructionAnalyser analyser;
  AnalysisInput[] inputs;
  int next;

  @Setup
  public void setUp() throws IOException {
    Vocabulary vocabulary = Vocabulary.dpv();
    RuleFiles.Loaded loaded = RuleFiles.load(vocabulary);
    List<Rule> rules = new ArrayList<>(loaded.analyser().rules().rules());
    List<Rule> real = List.copyOf(rules);
    for (int copy = 1; rules.size() < RULES; copy++) {
      for (Rule r : real) {
        if (rules.size() >= RULES) {
          break;
        }
        rules.add(new Rule(r.id() + "-COPY" + copy, r.catalogue(), r.jurisdiction(), r.citation(), r.severity(), r.when(),
            r.explanation()));
      }
    }
    analyser = new InstructionAnalyser(new RuleBook(rules, "bench"), vocabulary);
    ObjectMapper json = new ObjectMapper();
    List<AnalysisInput> list = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS.resolve("cases"))) {
      for (Path f : files.sorted().toList()) {
        JsonNode c = json.readTree(f.toFile());
        ObjectNode check = json.createObjectNode();
        check.set("jurisdictions", json.valueToTree(EnumSet.allOf(Jurisdiction.class).stream().map(Jurisdiction::code).toList()));
        if (c.hasNonNull("agreement")) {
          check.set("agreement", json.readTree(CORPUS.resolve("agreements/" + c.get("agreement").asText() + ".json").toFile()));
        }
        check.set("asOf", c.get("asOf"));
        check.set("givenByAuthorised", c.get("givenByAuthorised"));
        ObjectNode instruction = json.createObjectNode();
        instruction.set("text", c.get("text"));
        instruction.set("fields", c.get("fields"));
        check.set("instruction", instruction);
        list.add(InstructionCheck.parse(json.writeValueAsBytes(check)).input(LocalDate.of(2026, 11, 1)));
      }
    }
    inputs = list.toArray(AnalysisInput[]::new);
    Analysis probe = analyser.analyse(inputs[0]);
    if (probe.rulesChecked() < RULES) {
      throw new IllegalStateException("only " + probe.rulesChecked() + " rules evaluated");
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Analysis analyse() {
    AnalysisInput in = inputs[next];
    next = next + 1 == inputs.length ? 0 : next + 1;
    return analyser.analyse(in);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Analysis latency_analyse() {
    return analyse();
  }
}
