package dev.mandate.core.consent;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.InvalidInput;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a decoded IAB TCF v2.2 TC string means for the consent ledger (ISO 27701 8.2.3): the TCF
 * 2.2 policy check, the consent changes per DPV purpose ({@link TcfPurposeMap}), and the evidence
 * kept with each event. Plain Java: decoding is the {@link TcStrings} port's job.
 */
public final class TcfConsent {
  /** TCF 2.2 forbids legitimate interest as the legal basis for these purposes. */
  static final List<Integer> CONSENT_ONLY_PURPOSES = List.of(3, 4, 5, 6);

  /** The first policy version of TCF 2.2. */
  static final int TCF_2_2_POLICY_VERSION = 4;

  private TcfConsent() {}

  /**
   * Refuses a string that breaks TCF 2.2: with policy version 4 or later, purposes 3 to 6
   * (profiles for ads and content, and their use) can only rest on consent, never on legitimate
   * interest.
   *
   * @throws InvalidInput {@code TCF_POLICY_VIOLATION} naming the purposes signalled on legitimate
   *     interest
   */
  public static void checkPolicy(TcSignal s) {
    if (s.policyVersion() < TCF_2_2_POLICY_VERSION) {
      return;
    }
    List<Integer> offending = CONSENT_ONLY_PURPOSES.stream()
        .filter(s.purposesLegitimateInterest()::contains)
        .toList();
    if (offending.isEmpty()) {
      return;
    }
    String message = "TCF 2.2 (policy version " + s.policyVersion()
        + ") does not allow legitimate interest for purposes 3-6; this string signals it for purpose(s) "
        + offending.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ".";
    throw new InvalidInput(ErrorCode.TCF_POLICY_VIOLATION, message,
        List.of(new FieldError("tcString", ErrorCode.TCF_POLICY_VIOLATION.name(), message)));
  }

  /**
   * The consent change per DPV purpose, in the map's file order: {@code GRANTED} if the string
   * consents to every TCF purpose of the row (and, when a vendor id is given, to that vendor),
   * else {@code REFUSED}.
   *
   * @throws InvalidInput {@code TCF_POLICY_VIOLATION}, see {@link #checkPolicy}
   */
  public static Map<String, ConsentChange> changes(TcSignal s, TcfPurposeMap map, OptionalInt vendorId) {
    checkPolicy(s);
    boolean vendorOk = vendorId.isEmpty() || s.vendorConsents().contains(vendorId.getAsInt());
    Map<String, ConsentChange> out = new LinkedHashMap<>();
    for (TcfPurposeMap.Mapping m : map.mappings()) {
      boolean granted = vendorOk && s.purposesConsent().containsAll(m.tcfPurposes());
      out.put(m.dpvPurpose(), granted ? ConsentChange.GRANTED : ConsentChange.REFUSED);
    }
    return out;
  }

  /**
   * The evidence kept with each consent event derived from a TC string: the string itself and the
   * decoded fields that identify who collected it, when, under which policy and vendor list.
   */
  public static Map<String, String> evidence(String tcString, TcSignal s, OptionalInt vendorId) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("tcString", tcString);
    out.put("tcfVersion", String.valueOf(s.version()));
    out.put("policyVersion", String.valueOf(s.policyVersion()));
    out.put("cmpId", String.valueOf(s.cmpId()));
    out.put("cmpVersion", String.valueOf(s.cmpVersion()));
    out.put("vendorListVersion", String.valueOf(s.vendorListVersion()));
    out.put("consentLanguage", nullToEmpty(s.consentLanguage()));
    out.put("publisherCountry", nullToEmpty(s.publisherCountry()));
    out.put("created", iso(s.created()));
    out.put("lastUpdated", iso(s.lastUpdated()));
    out.put("purposesConsent", joined(s.purposesConsent()));
    if (vendorId.isPresent()) {
      out.put("vendorId", String.valueOf(vendorId.getAsInt()));
      out.put("vendorConsent", String.valueOf(s.vendorConsents().contains(vendorId.getAsInt())));
    }
    return out;
  }

  private static String joined(Set<Integer> ids) {
    return ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static String iso(Instant t) {
    return t == null ? "" : t.toString();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
