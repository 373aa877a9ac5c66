package dev.mandate.core.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Wording that makes the service depend on marketing consent (ISO 27701 8.2.3, PR-823-03), and wording that does not. */
class ConsentConditionsTest {
  @ParameterizedTest
  @ValueSource(strings = {
    "Accounts are created only for users who accept newsletters.",
    "Customers must opt in to promotional offers before checkout can complete",
    "Users who do not subscribe to marketing cannot place orders.",
    "Access to the platform requires consent to advertising.",
    "Membership is conditional on agreeing to receive our newsletter.",
    "Support is provided as long as the customer subscribes to the mailing list."
  })
  void flagsTheServiceConditionalOnMarketingConsent(String sentence) {
    assertThat(ConsentConditions.find("Hosting of the shop. " + sentence)).contains(sentence.strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Newsletters are sent only to customers who opt in via their account settings.",
    "The newsletter is optional and never required to open an account.",
    "Customers can create accounts whether or not they accept newsletters.",
    "Marketing e-mails are sent only to people who consent.",
    "Payroll for the customer's employees, monthly.",
    "Accounts are created for all users; newsletters only with a separate, optional consent that is not required."
  })
  void leavesLawfulWordingAlone(String text) {
    assertThat(ConsentConditions.find(text)).isEmpty();
  }
}
