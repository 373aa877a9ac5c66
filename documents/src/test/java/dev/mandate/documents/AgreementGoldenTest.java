package dev.mandate.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.agreement.AgreementRenderer.Document;
import dev.mandate.core.agreement.TermsValidator;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.documents.ExampleAgreements.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the example agreements and compares them with {@code src/test/resources/golden}. Run
 * {@code ./mvnw -B -pl documents test -Dgolden.update=true} to rewrite the files after a
 * deliberate change, then review the diff; never edit them by hand.
 */
class AgreementGoldenTest {
  /** Surefire runs tests in the module directory, so this is {@code documents/src/test/resources/golden}. */
  static final Path GOLDEN = Path.of(System.getProperty("user.dir"), "src", "test", "resources", "golden");

  private static final Vocabulary VOCABULARY = Vocabulary.dpv();
  private static final MustacheAgreementRenderer RENDERER = new MustacheAgreementRenderer(VOCABULARY);

  static List<Example> examples() {
    return ExampleAgreements.all();
  }

  @Test
  void goldenFilesLiveInThisModule() {
    Path module = Path.of(System.getProperty("user.dir"));
    assertThat(module.getFileName()).hasToString("documents");
    assertThat(module.resolve("pom.xml")).exists();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void examplesAreValidAgreements(Example example) {
    assertThat(new TermsValidator(VOCABULARY).validate(example.version().terms(), example.customer().jurisdictions()))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void rendersAsInTheGoldenFiles(Example example) throws IOException {
    Document document = RENDERER.render(example.customer(), example.version());
    assertGolden(example.name() + ".md", document.markdown());
    assertGolden(example.name() + ".html", document.html());
    assertGolden(example.name() + ".flesch.txt",
        String.format(Locale.ROOT, "%.1f", document.fleschReadingEase()) + "\n");
    assertThat(document.fleschReadingEase()).as("Flesch reading ease of %s", example).isGreaterThanOrEqualTo(50.0);
  }

  static void assertGolden(String fileName, String actual) throws IOException {
    Path file = GOLDEN.resolve(fileName);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual);
      return;
    }
    assertThat(file)
        .as("%s is missing: run ./mvnw -B -pl documents test -Dgolden.update=true and review the diff", file)
        .exists();
    assertThat(actual).as("%s differs from the rendering", file).isEqualTo(Files.readString(file));
  }
}
