package dev.mandate.app;

import dev.mandate.core.report.Party;
import dev.mandate.core.report.ProcessorIdentity;
import picocli.CommandLine.Option;

/**
 * Who the processor is, for its records of processing activities (GDPR Art. 30(2)(a),
 * PR-826-01): shared by start and start-dev. start-dev fills in development placeholders; start
 * shows "not configured" in the records until the options are given.
 */
final class ProcessorOptions {
  static final String NOT_CONFIGURED = "Not configured (start Mandate with --processor-name)";

  @Option(names = "--processor-name", paramLabel = "NAME",
      description = "Your legal name as processor in the records of processing activities (GDPR Art. "
          + "30(2)(a)). start-dev uses development placeholders for the processor options not given.")
  String name;

  @Option(names = "--processor-contact", paramLabel = "TEXT",
      description = "Your contact details in those records: address, e-mail, telephone.")
  String contact;

  @Option(names = "--processor-dpo", paramLabel = "NAME",
      description = "Your data protection officer, if you have one.")
  String dpo;

  @Option(names = "--processor-dpo-contact", paramLabel = "TEXT",
      description = "Contact details of your data protection officer.")
  String dpoContact;

  @Option(names = "--processor-representative", paramLabel = "NAME",
      description = "Your representative in the EU (GDPR Art. 27), if you need one.")
  String representative;

  @Option(names = "--processor-representative-contact", paramLabel = "TEXT",
      description = "Contact details of your representative.")
  String representativeContact;

  /** For start-dev: what is not given is a development placeholder. */
  ProcessorIdentity development() {
    ProcessorIdentity dev = ProcessorIdentity.development();
    return identity(or(name, dev.processor().name()), or(contact, dev.processor().contact()),
        dpo == null && dpoContact == null ? dev.dpo() : party(dpo, dpoContact));
  }

  /** For start: what is not given says so in the records. */
  ProcessorIdentity production() {
    return identity(or(name, NOT_CONFIGURED), contact, party(dpo, dpoContact));
  }

  /** Whether start was given the processor's name (start warns if not). */
  boolean named() {
    return name != null && !name.isBlank();
  }

  private ProcessorIdentity identity(String processorName, String processorContact, Party dpoParty) {
    return new ProcessorIdentity(new Party(processorName, blankToNull(processorContact)), dpoParty,
        party(representative, representativeContact));
  }

  private static Party party(String name, String contact) {
    String n = blankToNull(name);
    String c = blankToNull(contact);
    return n == null && c == null ? null : new Party(n, c);
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
