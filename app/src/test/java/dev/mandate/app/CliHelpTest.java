package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The CLI's help is part of the product: it is pinned in approved text files
 * (app/src/test/resources/cli/*.txt) and rewritten only with -Dgolden.update=true.
 */
class CliHelpTest {
  @ParameterizedTest(name = "mandate {0} --help")
  @ValueSource(strings = {"", "start-dev", "start", "keys", "keys rotate", "log", "log verify", "consent", "consent history"})
  void helpMatchesTheApprovedText(String command) throws IOException {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new MandateCommand());
    cli.setOut(new PrintWriter(out));
    cli.setUsageHelpWidth(100);
    String[] args = command.isEmpty() ? new String[] {"--help"} : (command + " --help").split(" ");
    int code = cli.execute(args);
    assertThat(code).isZero();
    String name = command.isEmpty() ? "mandate" : "mandate-" + command.replace(' ', '-');
    Path golden = Path.of("src/test/resources/cli/" + name + ".txt");
    String actual = out.toString().replace("\r\n", "\n");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(golden).as("approved text missing: run with -Dgolden.update=true").exists();
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
