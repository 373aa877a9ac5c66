package dev.mandate.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Processing-log commands. */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    header = "Works with the verifiable processing log.",
    description = "Works with the verifiable processing log (ISO/IEC 27701 8.2.6).",
    subcommands = {LogVerifyCommand.class})
final class LogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
