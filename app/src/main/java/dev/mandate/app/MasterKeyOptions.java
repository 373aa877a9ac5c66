package dev.mandate.app;

import dev.mandate.core.keys.MasterKeys;
import dev.mandate.crypto.EnvironmentMasterKeys;
import dev.mandate.crypto.FileMasterKeys;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the master key (the key-encryption key, kept outside the database) comes from. */
final class MasterKeyOptions {
  static final String ENV = "MANDATE_MASTER_KEYS";

  @Option(names = "--master-key-file", paramLabel = "FILE",
      description = {"Master key file (created with mode 0600 if missing).",
          "Without it, the keys come from the environment variable " + ENV + " ('1:<base64>,2:<base64>'),",
          "which is where a KMS or secret manager hands them over."})
  Path file;

  MasterKeys masterKeys() {
    if (file != null) {
      return FileMasterKeys.createOrLoad(file);
    }
    String env = System.getenv(ENV);
    if (env == null || env.isBlank()) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new MandateCommand()),
          "No master key: give --master-key-file FILE or set " + ENV + ".");
    }
    return EnvironmentMasterKeys.parse(env);
  }
}
