package dev.mandate.core.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.InvalidInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link TcfConsent} on hand-built {@link TcSignal}s (core does not know the decoder module). */
class TcfConsentTest {
  private static final TcfPurposeMap MAP = TcfPurposeMap.standard();
  private static final Instant CREATED = Instant.parse("2024-03-05T19:24:40.900Z");
  private static final Instant UPDATED = Instant.parse("2024-03-06T08:00:00Z");

  /** A TCF 2.2 signal (policy version 4) with the given purpose consents, LI purposes and vendor consents. */
  private static TcSignal signal(int policyVersion, Set<Integer> consent, Set<Integer> legitimateInterest,
      Set<Integer> vendors) {
    return new TcSignal(2, CREATED, UPDATED, 123, 7, 2, "FR", 150, policyVersion, true, false, "DE",
        Set.of(1), consent, legitimateInterest, vendors, Set.of(755));
  }

  private static final Set<Integer> ALL = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

  @Test
  void the_standard_map_has_the_rows_this_test_relies_on() {
    assertThat(MAP.mappings()).extracting(TcfPurposeMap.Mapping::dpvPurpose).containsExactly(
        "dpv:Advertising", "dpv:PersonalisedAdvertising", "dpv:TargetedAdvertising",
        "dpv:ServicePersonalisation", "dpv:CommercialResearch", "dpv:ImproveExistingProductsAndServices");
  }

  @Test
  void every_purpose_consented_without_vendor_id_grants_every_row_in_file_order() {
    Map<String, ConsentChange> changes = TcfConsent.changes(signal(4, ALL, Set.of(2, 7), Set.of()), MAP,
        OptionalInt.empty());
    assertThat(changes.keySet()).containsExactlyElementsOf(
        MAP.mappings().stream().map(TcfPurposeMap.Mapping::dpvPurpose).toList());
    assertThat(changes.values()).containsOnly(ConsentChange.GRANTED);
  }

  @Test
  void purposes_partly_consented_refuse_that_dpv_purpose_only() {
    // 3 but not 4: personalised (and targeted) advertising need both; 5 and 6: personalisation ok
    TcSignal s = signal(4, Set.of(1, 2, 3, 5, 6, 7, 9), Set.of(), Set.of());
    assertThat(TcfConsent.changes(s, MAP, OptionalInt.empty())).containsExactly(
        Map.entry("dpv:Advertising", ConsentChange.GRANTED),
        Map.entry("dpv:PersonalisedAdvertising", ConsentChange.REFUSED),
        Map.entry("dpv:TargetedAdvertising", ConsentChange.REFUSED),
        Map.entry("dpv:ServicePersonalisation", ConsentChange.GRANTED),
        Map.entry("dpv:CommercialResearch", ConsentChange.GRANTED),
        Map.entry("dpv:ImproveExistingProductsAndServices", ConsentChange.REFUSED));
  }

  @Test
  void no_purpose_consented_refuses_everything() {
    assertThat(TcfConsent.changes(signal(4, Set.of(), Set.of(), Set.of(1, 2)), MAP, OptionalInt.empty()).values())
        .hasSize(6).containsOnly(ConsentChange.REFUSED);
  }

  @Test
  void with_a_vendor_id_the_vendor_must_have_consent_too() {
    TcSignal s = signal(4, ALL, Set.of(), Set.of(12, 755));
    assertThat(TcfConsent.changes(s, MAP, OptionalInt.of(755)).values()).containsOnly(ConsentChange.GRANTED);
    assertThat(TcfConsent.changes(s, MAP, OptionalInt.of(12)).values()).containsOnly(ConsentChange.GRANTED);
    // vendor 13 has no consent (vendor LI does not count): every row refused, even fully consented purposes
    assertThat(TcfConsent.changes(s, MAP, OptionalInt.of(13)).values()).hasSize(6)
        .containsOnly(ConsentChange.REFUSED);
  }

  @Test
  void with_a_vendor_id_partly_consented_purposes_are_still_refused() {
    TcSignal s = signal(4, Set.of(2, 7, 9), Set.of(), Set.of(755));
    Map<String, ConsentChange> changes = TcfConsent.changes(s, MAP, OptionalInt.of(755));
    assertThat(changes).containsEntry("dpv:Advertising", ConsentChange.GRANTED)
        .containsEntry("dpv:CommercialResearch", ConsentChange.GRANTED)
        .containsEntry("dpv:PersonalisedAdvertising", ConsentChange.REFUSED)
        .containsEntry("dpv:ServicePersonalisation", ConsentChange.REFUSED);
  }

  @Test
  void legitimate_interest_for_purposes_3_to_6_under_tcf_2_2_is_a_policy_violation() {
    InvalidInput e = catchThrowableOfType(InvalidInput.class,
        () -> TcfConsent.changes(signal(4, ALL, Set.of(2, 3, 7), Set.of()), MAP, OptionalInt.empty()));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.TCF_POLICY_VIOLATION);
    assertThat(e.getMessage()).isEqualTo("TCF 2.2 (policy version 4) does not allow legitimate interest for "
        + "purposes 3-6; this string signals it for purpose(s) 3.");
    assertThat(e.errors()).singleElement().satisfies(f -> {
      assertThat(f.field()).isEqualTo("tcString");
      assertThat(f.code()).isEqualTo("TCF_POLICY_VIOLATION");
      assertThat(f.message()).isEqualTo(e.getMessage());
    });
  }

  @Test
  void the_violation_names_every_offending_purpose_in_order() {
    InvalidInput e = catchThrowableOfType(InvalidInput.class,
        () -> TcfConsent.checkPolicy(signal(5, ALL, Set.of(8, 6, 4, 2, 3, 5), Set.of())));
    assertThat(e.getMessage()).isEqualTo("TCF 2.2 (policy version 5) does not allow legitimate interest for "
        + "purposes 3-6; this string signals it for purpose(s) 3, 4, 5, 6.");
  }

  @Test
  void legitimate_interest_for_3_to_6_is_allowed_before_tcf_2_2_and_other_purposes_always() {
    assertThatCode(() -> TcfConsent.checkPolicy(signal(2, ALL, Set.of(3, 4, 5, 6), Set.of())))
        .doesNotThrowAnyException();
    assertThatCode(() -> TcfConsent.checkPolicy(signal(3, ALL, Set.of(3), Set.of())))
        .doesNotThrowAnyException();
    assertThatCode(() -> TcfConsent.checkPolicy(signal(4, ALL, Set.of(2, 7, 8, 9, 10, 11), Set.of())))
        .doesNotThrowAnyException();
    assertThat(TcfConsent.changes(signal(2, ALL, Set.of(3, 4), Set.of()), MAP, OptionalInt.empty()).values())
        .containsOnly(ConsentChange.GRANTED);
  }

  @Test
  void evidence_without_vendor_id() {
    String tc = "CPu1ErgPu1ErgF4AAAENCZCAAAAAAAAAACiQAAAA";
    Map<String, String> evidence = TcfConsent.evidence(tc, signal(4, Set.of(10, 2, 7, 1), Set.of(), Set.of(755)),
        OptionalInt.empty());
    assertThat(evidence).containsExactly(
        Map.entry("tcString", tc),
        Map.entry("tcfVersion", "2"),
        Map.entry("policyVersion", "4"),
        Map.entry("cmpId", "123"),
        Map.entry("cmpVersion", "7"),
        Map.entry("vendorListVersion", "150"),
        Map.entry("consentLanguage", "FR"),
        Map.entry("publisherCountry", "DE"),
        Map.entry("created", "2024-03-05T19:24:40.900Z"),
        Map.entry("lastUpdated", "2024-03-06T08:00:00Z"),
        Map.entry("purposesConsent", "1,2,7,10"));
  }

  @Test
  void evidence_with_vendor_id_says_whether_the_vendor_has_consent() {
    TcSignal s = signal(4, Set.of(), Set.of(), Set.of(755));
    Map<String, String> withConsent = TcfConsent.evidence("CP", s, OptionalInt.of(755));
    assertThat(withConsent).containsEntry("purposesConsent", "")
        .containsEntry("vendorId", "755").containsEntry("vendorConsent", "true");
    assertThat(List.copyOf(withConsent.keySet()).subList(11, 13)).containsExactly("vendorId", "vendorConsent");
    assertThat(TcfConsent.evidence("CP", s, OptionalInt.of(12)))
        .containsEntry("vendorId", "12").containsEntry("vendorConsent", "false");
    assertThat(Instant.parse(withConsent.get("created"))).isEqualTo(CREATED);
  }
}
