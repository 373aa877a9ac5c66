package dev.mandate.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.report.Party;
import dev.mandate.core.report.ProcessorIdentity;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The processor's identity for its records of processing activities (GDPR Art. 30(2)(a), PR-826-01) from the CLI. */
class ProcessorOptionsTest {
  private static ProcessorOptions parse(String... args) {
    ProcessorOptions options = new ProcessorOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void givenOptionsNameTheProcessorItsDpoAndRepresentative() {
    ProcessorOptions o = parse("--processor-name", " Payroll Cloud GmbH ", "--processor-contact",
        "privacy@payroll-cloud.example", "--processor-dpo", "Dr. Petra Schmidt", "--processor-dpo-contact",
        "dpo@payroll-cloud.example", "--processor-representative", "EU Rep Ltd", "--processor-representative-contact",
        "rep@eurep.example");
    ProcessorIdentity expected = new ProcessorIdentity(new Party("Payroll Cloud GmbH", "privacy@payroll-cloud.example"),
        new Party("Dr. Petra Schmidt", "dpo@payroll-cloud.example"), new Party("EU Rep Ltd", "rep@eurep.example"));
    assertThat(o.production()).isEqualTo(expected);
    assertThat(o.development()).isEqualTo(expected);
    assertThat(o.named()).isTrue();
  }

  @Test
  void startDevFillsInPlaceholders() {
    assertThat(parse().development()).isEqualTo(ProcessorIdentity.development());
    ProcessorIdentity named = parse("--processor-name", "Payroll Cloud GmbH").development();
    assertThat(named.processor().name()).isEqualTo("Payroll Cloud GmbH");
    assertThat(named.processor().contact()).isEqualTo(ProcessorIdentity.development().processor().contact());
  }

  @Test
  void startSaysWhatIsNotConfigured() {
    ProcessorOptions o = parse();
    assertThat(o.named()).isFalse();
    ProcessorIdentity identity = o.production();
    assertThat(identity.processor()).isEqualTo(new Party(ProcessorOptions.NOT_CONFIGURED, null));
    assertThat(identity.dpo()).isNull();
    assertThat(identity.representative()).isNull();
  }
}
