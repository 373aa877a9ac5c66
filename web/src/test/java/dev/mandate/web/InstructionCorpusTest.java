package dev.mandate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Finding;
import dev.mandate.core.instruction.Outcome;
import dev.mandate.core.vocabulary.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the analyser on the evaluation corpus (src/test/resources/instruction-corpus: realistic
 * instructions written from the law by someone who had not seen the rules) and measures it
 * against the bar: at least 95 % of clear infringements flagged, at least 90 % of clearly
 * lawful instructions cleared, and every flagged infringement citing the expected rules and
 * articles. The measured numbers are kept in docs/instruction-analyser-evaluation.md, rewritten
 * with -Dgolden.update=true and otherwise checked to be current.
 */
class InstructionCorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/instruction-corpus");
  private static final Path REPORT = Path.of("../docs/instruction-analyser-evaluation.md");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RuleFiles.Loaded LOADED = RuleFiles.load(Vocabulary.dpv());

  record Result(String id, String kind, String jurisdiction, Outcome expected, Outcome actual, List<String> missingRules,
      List<String> missingCitations, List<String> fired) {
    boolean flagged() {
      return actual != Outcome.NO_INFRINGEMENT_FOUND;
    }

    boolean citedRight() {
      return missingRules.isEmpty() && missingCitations.isEmpty();
    }
  }

  @Test
  void theAnalyserMeetsTheBarOnTheCorpus() throws IOException {
    List<Result> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS.resolve("cases"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        results.add(run(JSON.readTree(f.toFile())));
      }
    }
    assertTrue(results.size() >= 60, "the corpus has at least 60 cases");
    List<Result> infringing = results.stream().filter(r -> r.kind().equals("infringing")).toList();
    List<Result> lawful = results.stream().filter(r -> r.kind().equals("lawful")).toList();
    long flagged = infringing.stream().filter(Result::flagged).count();
    long cleared = lawful.stream().filter(r -> !r.flagged()).count();
    long cited = infringing.stream().filter(r -> r.flagged() && r.citedRight()).count();
    long allFlagged = results.stream().filter(Result::flagged).count();
    long flaggedNotLawful = results.stream().filter(r -> r.flagged() && !r.kind().equals("lawful")).count();
    String report = report(results, infringing.size(), flagged, lawful.size(), cleared, cited, allFlagged, flaggedNotLawful);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(REPORT, report, StandardCharsets.UTF_8);
    }
    assertEquals(report, Files.exists(REPORT) ? Files.readString(REPORT, StandardCharsets.UTF_8) : "",
        "docs/instruction-analyser-evaluation.md is out of date: run with -Dgolden.update=true");
    assertTrue(flagged * 100 >= 95L * infringing.size(), "at least 95 % of infringements flagged: " + flagged + "/" + infringing.size());
    assertTrue(cleared * 100 >= 90L * lawful.size(), "at least 90 % of lawful instructions cleared: " + cleared + "/" + lawful.size());
  }

  private static Result run(JsonNode c) throws IOException {
    ObjectNode check = JSON.createObjectNode();
    check.set("jurisdictions", c.get("jurisdictions"));
    if (c.hasNonNull("agreement")) {
      check.set("agreement", JSON.readTree(CORPUS.resolve("agreements/" + c.get("agreement").asText() + ".json").toFile()));
    }
    check.set("asOf", c.get("asOf"));
    check.set("givenByAuthorised", c.get("givenByAuthorised"));
    ObjectNode instruction = JSON.createObjectNode();
    instruction.set("text", c.get("text"));
    instruction.set("fields", c.get("fields"));
    check.set("instruction", instruction);
    Analysis a = LOADED.analyser().analyse(InstructionCheck.parse(JSON.writeValueAsBytes(check)).input(LocalDate.of(2026, 11, 1)));
    JsonNode expected = c.get("expected");
    List<String> missingRules = new ArrayList<>();
    for (JsonNode r : expected.path("catalogue")) {
      if (a.findings().stream().noneMatch(f -> f.catalogue().equals(r.asText()))) {
        missingRules.add(r.asText());
      }
    }
    List<String> missingCitations = new ArrayList<>();
    for (JsonNode cite : expected.path("citations")) {
      if (a.findings().stream().noneMatch(f -> f.citation().contains(cite.asText()))) {
        missingCitations.add(cite.asText());
      }
    }
    return new Result(c.get("id").asText(), c.get("kind").asText(), c.get("jurisdictions").get(0).asText(),
        Outcome.valueOf(expected.get("outcome").asText()), a.outcome(), missingRules, missingCitations,
        a.findings().stream().map(Finding::rule).toList());
  }

  private static String report(List<Result> results, int infringing, long flagged, int lawful, long cleared, long cited,
      long allFlagged, long flaggedNotLawful) {
    StringBuilder out = new StringBuilder();
    out.append("# Instruction analyser: evaluation on the corpus\n\n")
        .append("Generated by `InstructionCorpusTest` (web module) from `web/src/test/resources/instruction-corpus`;\n")
        .append("rewrite with `./mvnw -B -o -pl web test -Dtest=InstructionCorpusTest -Dgolden.update=true`.\n")
        .append("The corpus was written from the law (docs: privacy-requirements.md §2, §4) without seeing the rules.\n\n")
        .append("| measure | value |\n|---|---|\n")
        .append("| cases | ").append(results.size()).append(" |\n")
        .append("| infringements flagged (recall) | ").append(flagged).append(" / ").append(infringing).append(" = ")
        .append(percent(flagged, infringing)).append(" |\n")
        .append("| lawful instructions cleared | ").append(cleared).append(" / ").append(lawful).append(" = ")
        .append(percent(cleared, lawful)).append(" |\n")
        .append("| precision (flagged cases that are not lawful) | ").append(flaggedNotLawful).append(" / ").append(allFlagged)
        .append(" = ").append(percent(flaggedNotLawful, allFlagged)).append(" |\n")
        .append("| flagged infringements citing every expected rule and article | ").append(cited).append(" / ")
        .append(flagged).append(" = ").append(percent(cited, flagged)).append(" |\n")
        .append("| exact outcome (incl. borderline → NEEDS_REVIEW) | ")
        .append(results.stream().filter(r -> r.actual() == r.expected()).count()).append(" / ").append(results.size())
        .append(" |\n\n## By jurisdiction\n\n| jurisdiction | infringing flagged | lawful cleared | borderline → review |\n|---|---|---|---|\n");
    Map<String, List<Result>> by = new TreeMap<>();
    results.forEach(r -> by.computeIfAbsent(r.jurisdiction(), k -> new ArrayList<>()).add(r));
    by.forEach((j, rs) -> out.append("| ").append(j).append(" | ")
        .append(ratio(rs, "infringing", Result::flagged)).append(" | ")
        .append(ratio(rs, "lawful", r -> !r.flagged())).append(" | ")
        .append(ratio(rs, "borderline", r -> r.actual() == Outcome.NEEDS_REVIEW)).append(" |\n"));
    out.append("\n## Cases the analyser got wrong or cited incompletely\n\n| case | kind | expected | actual | missing rules | missing citations | fired |\n|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      boolean wrong = r.kind().equals("infringing") ? !r.flagged() || !r.citedRight()
          : r.kind().equals("lawful") ? r.flagged() : r.actual() != r.expected();
      if (wrong) {
        out.append("| ").append(r.id()).append(" | ").append(r.kind()).append(" | ").append(r.expected()).append(" | ")
            .append(r.actual()).append(" | ").append(String.join(", ", r.missingRules())).append(" | ")
            .append(String.join(", ", r.missingCitations())).append(" | ").append(String.join(", ", r.fired())).append(" |\n");
      }
    }
    return out.toString();
  }

  private static String ratio(List<Result> rs, String kind, java.util.function.Predicate<Result> ok) {
    List<Result> of = rs.stream().filter(r -> r.kind().equals(kind)).toList();
    return of.stream().filter(ok).count() + "/" + of.size();
  }

  private static String percent(long a, long b) {
    return b == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * a / b);
  }
}
