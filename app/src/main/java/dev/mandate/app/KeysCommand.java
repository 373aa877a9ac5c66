package dev.mandate.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Key management commands. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    header = "Manages the encryption keys of the vault.",
    description = "Manages the encryption keys of the vault.",
    subcommands = {KeysRotateCommand.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
