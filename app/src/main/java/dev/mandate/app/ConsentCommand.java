package dev.mandate.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Consent commands. */
@Command(
    name = "consent",
    mixinStandardHelpOptions = true,
    header = "Inspects the consent ledger.",
    description = "Inspects the consent ledger (ISO/IEC 27701 8.2.3) of a running Mandate.",
    subcommands = {ConsentHistoryCommand.class})
final class ConsentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
