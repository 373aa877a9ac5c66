package dev.mandate.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Instruction commands. */
@Command(
    name = "instructions",
    mixinStandardHelpOptions = true,
    header = "Checks processing instructions.",
    description = "Checks planned processing instructions against the law (ISO/IEC 27701 8.2.4).",
    subcommands = {InstructionsCheckCommand.class})
final class InstructionsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
