package dev.mandate.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandate.core.customer.Jurisdiction;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which countries are third countries for a customer's record (Art. 30(2)(c), PR-826-01). */
class LegalAreasTest {
  @ParameterizedTest(name = "{0} under {1}: third country = {2}")
  @CsvSource({
      "DE, EU-GDPR, false",
      "NO, EU-GDPR, false",       // EEA, not EU
      "US, EU-GDPR, true",
      "GB, EU-GDPR, true",        // adequate, but still a transfer to record
      "CH, EU-GDPR, true",
      "GB, UK-GDPR, false",
      "DE, UK-GDPR, true",
      "GB, EU-GDPR UK-GDPR, false",
      "DE, EU-GDPR UK-GDPR, false",
      "IN, EU-GDPR UK-GDPR, true",
      "CH, CH-FADP, false",
      "US, US-CA-CPRA, false",
      "DE, US-CA-CPRA, true",
      "BR, BR-LGPD, false",
      "CA, CA-PIPEDA, false",
  })
  void thirdCountries(String country, String jurisdictions, boolean third) {
    Set<Jurisdiction> js = EnumSet.noneOf(Jurisdiction.class);
    Arrays.stream(jurisdictions.split(" ")).map(c -> Jurisdiction.fromCode(c).orElseThrow()).forEach(js::add);
    assertThat(LegalAreas.isThirdCountry(country, js)).isEqualTo(third);
  }
}
