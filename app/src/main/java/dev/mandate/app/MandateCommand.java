package dev.mandate.app;

import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mandate} command line. The launcher script {@code ./mandate} runs it on JDK 25. */
@Command(
    name = "mandate",
    mixinStandardHelpOptions = true,
    versionProvider = MandateCommand.Version.class,
    description = {
      "Mandate proves that a PII processor processes personal data only as its customers instruct",
      "(ISO/IEC 27701 clause 8.2): agreements, purpose-bound decisions, an encrypted vault and records.",
      ""
    },
    subcommands = {StartDevCommand.class, StartCommand.class, KeysCommand.class, LogCommand.class, ConsentCommand.class,
        InstructionsCommand.class,
        CommandLine.HelpCommand.class},
    footer = {
      "",
      "The launcher script adds one command of its own:",
      "  test        Runs the whole test suite (./mvnw -B verify), as CI does.",
      "",
      "Run 'mandate <command> --help' for the options of a command."
    })
public final class MandateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    configureLogging();
    int code = new CommandLine(new MandateCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    System.exit(code);
  }

  static void configureLogging() {
    try (var in = MandateCommand.class.getResourceAsStream("/logging.properties")) {
      if (in != null && System.getProperty("java.util.logging.config.file") == null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (java.io.IOException e) {
      System.err.println("Could not read the logging configuration: " + e.getMessage());
    }
  }

  /** Prints the version from the jar manifest, or "development". */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = MandateCommand.class.getPackage().getImplementationVersion();
      return new String[] {"Mandate " + (v == null ? "0.1.0-SNAPSHOT" : v), "Java " + Runtime.version()};
    }
  }
}
