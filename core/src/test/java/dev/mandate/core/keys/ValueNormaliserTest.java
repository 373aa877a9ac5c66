package dev.mandate.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueNormaliserTest {

  @Test
  void emailAddressesAndUserNamesAreTrimmedFoldedAndLowerCased() {
    assertThat(ValueNormaliser.normalise("pd:EmailAddress", "  Ada.Lovelace@Example.ORG \n"))
        .isEqualTo("ada.lovelace@example.org");
    assertThat(ValueNormaliser.normalise("pd:EmailAddress", "ＡＤＡ@example.org")).isEqualTo("ada@example.org");
    assertThat(ValueNormaliser.normalise("pd:Username", "Ａda_L")).isEqualTo("ada_l");
  }

  @Test
  void lowerCasingIgnoresTheDefaultLocale() {
    assertThat(ValueNormaliser.normalise("pd:Username", "TITLE")).isEqualTo("title"); // not the Turkish dotless i
  }

  @Test
  void telephoneNumbersKeepDigitsAndPlus() {
    assertThat(ValueNormaliser.normalise("pd:TelephoneNumber", " +44 (0)20 7946-0958 ")).isEqualTo("+440207946" + "0958");
    assertThat(ValueNormaliser.normalise("pd:TelephoneNumber", "０２０ ７９４６")).isEqualTo("0207946");
    assertThat(ValueNormaliser.normalise("pd:TelephoneNumber", "٠١٢٣")).isEqualTo("0123");
  }

  @Test
  void otherCategoriesAreTrimmedAndNfkcButKeepTheirCase() {
    assertThat(ValueNormaliser.normalise("pd:Name", "  Ada Lovelace\u3000")).isEqualTo("Ada Lovelace");
    assertThat(ValueNormaliser.normalise("pd:Name", "ﬁne")).isEqualTo("fine");
    assertThat(ValueNormaliser.normalise("subject", "Subject-42")).isEqualTo("Subject-42");
    assertThat(ValueNormaliser.normalise(null, " x ")).isEqualTo("x");
  }

  @Test
  void composedAndDecomposedFormsMatch() {
    assertThat(ValueNormaliser.normalise("pd:Name", "Ame\u0301lie")).isEqualTo(ValueNormaliser.normalise("pd:Name", "Amélie"));
  }
}
