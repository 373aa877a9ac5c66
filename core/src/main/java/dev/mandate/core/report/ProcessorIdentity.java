package dev.mandate.core.report;

import java.util.Objects;

/**
 * Who the processor is, for its records of processing (GDPR Art. 30(2)(a), PR-826-01): its name
 * and contact details, its data protection officer and its representative (Art. 27), the last
 * two only where applicable (null otherwise). It comes from configuration, not from a customer.
 */
public record ProcessorIdentity(Party processor, Party dpo, Party representative) {
  public ProcessorIdentity {
    Objects.requireNonNull(processor, "processor");
    if (processor.name() == null || processor.name().isBlank()) {
      throw new IllegalArgumentException("The processor's name is required for its records of processing.");
    }
  }

  /** A placeholder identity for development and tests; never for records handed to anyone. */
  public static ProcessorIdentity development() {
    return new ProcessorIdentity(
        new Party(DEVELOPMENT_NAME, "privacy@processor.example"),
        new Party("Data Protection Officer (development)", "dpo@processor.example"),
        null);
  }

  public static final String DEVELOPMENT_NAME = "Example Processor Ltd (development)";
}
