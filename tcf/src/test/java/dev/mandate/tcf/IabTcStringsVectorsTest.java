package dev.mandate.tcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.iabtcf.decoder.TCString;
import com.iabtcf.utils.IntIterable;
import com.iabtcf.v2.PublisherRestriction;
import dev.mandate.core.consent.ConsentChange;
import dev.mandate.core.consent.TcSignal;
import dev.mandate.core.consent.TcStrings;
import dev.mandate.core.consent.TcfConsent;
import dev.mandate.core.consent.TcfPurposeMap;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.InvalidInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every vector of {@code ../shared/testdata/tcf/tcf-v2-vectors.json} (written by others, read as
 * is; see its README and {@code conventions} block) through {@link IabTcStrings} and
 * {@link TcfConsent}: one dynamic test per vector id.
 *
 * <ul>
 *   <li>{@code decode}: decodes; every {@code expected} key matches; every TcSignal field matches
 *       {@code derived}; {@link TcfConsent#changes} and {@link TcfConsent#evidence} work.
 *   <li>{@code error}: {@code MALFORMED_TC_STRING}.
 *   <li>{@code version-1}: {@code TC_STRING_NOT_V2}.
 *   <li>{@code policy-violation}: decodes, then {@link TcfConsent#changes} throws
 *       {@code TCF_POLICY_VIOLATION} naming the purpose upstream names.
 * </ul>
 *
 * An {@code expected} key with no rule below fails the test, so nothing is skipped silently.
 */
class IabTcStringsVectorsTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final TcStrings DECODER = new IabTcStrings();
  private static final TcfPurposeMap PURPOSES = TcfPurposeMap.standard();

  /** Vectors per {@code expectedOutcome} in the developer set (README: 34 = 25 + 4 + 4 + 1). */
  private static final Map<String, Integer> COUNTS =
      Map.of("decode", 25, "error", 4, "policy-violation", 4, "version-1", 1);

  /** {@code expected}/{@code derived} names of the fields {@link TcSignal} carries. */
  private static final Set<String> SIGNAL_FIELDS = Set.of("version", "created", "lastUpdated", "cmpId",
      "cmpVersion", "consentScreen", "consentLanguage", "vendorListVersion", "policyVersion",
      "isServiceSpecific", "purposeOneTreatment", "publisherCC", "specialFeatureOptins", "purposesConsent",
      "purposesLITransparency", "vendorConsents", "vendorLegitimateInterests");

  /**
   * Asserted upstream but not in {@link TcSignal} (Mandate does not keep them): checked against the
   * IAB decoder's own getters instead, so the decoder is still held to them.
   */
  private static final Set<String> DECODER_ONLY_FIELDS = Set.of("useNonStandardTexts", "publisherRestrictions",
      "disclosedVendors", "allowedVendors", "publisherTC.pubPurposesConsent",
      "publisherTC.pubPurposesLITransparency", "publisherTC.customPurposesConsent",
      "publisherTC.customPurposesLITransparency");

  /**
   * Asserted upstream, but neither {@link TcSignal} nor the IAB decoder exposes them (encoding
   * details of the bit layout, and a count the decoder folds into its id set): skipped, visibly.
   */
  private static final Set<String> SKIPPED = Set.of("vendorConsentsMaxVendorId", "vendorConsentsIsRangeEncoding",
      "vendorLIMaxVendorId", "vendorLIIsRangeEncoding", "publisherTC.numCustomPurposes");

  private static final List<String> SUFFIXES = List.of("size", "first10", "last9", "containsAll", "nonEmpty");

  // ---------------------------------------------------------------------------------------------
  // The file

  @Test
  void the_file_has_every_vector_the_readme_promises() {
    JsonNode root = root();
    assertThat(root.path("conventions").isObject()).as("conventions block").isTrue();
    Map<String, Integer> counts = new TreeMap<>();
    Set<String> ids = new TreeSet<>();
    for (JsonNode v : root.get("vectors")) {
      counts.merge(v.get("expectedOutcome").asText(), 1, Integer::sum);
      assertThat(ids.add(v.get("id").asText())).as("duplicate id %s", v.get("id")).isTrue();
    }
    assertThat(counts).isEqualTo(COUNTS);
    assertThat(root.get("vectors").size()).isEqualTo(root.get("count").asInt()).isEqualTo(34);
  }

  @TestFactory
  Stream<DynamicTest> every_vector() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode v : root().get("vectors")) {
      String id = v.get("id").asText();
      tests.add(DynamicTest.dynamicTest(id, () -> check(v)));
    }
    assertThat(tests).hasSize(COUNTS.values().stream().mapToInt(Integer::intValue).sum());
    return tests.stream();
  }

  private static void check(JsonNode v) {
    String tcString = v.get("tcString").asText();
    JsonNode expected = v.get("expected");
    switch (v.get("expectedOutcome").asText()) {
      case "decode" -> {
        TcSignal s = DECODER.decode(tcString);
        checkExpected(expected, s, tcString);
        checkDerived(v.get("derived"), s);
        Map<String, ConsentChange> changes = TcfConsent.changes(s, PURPOSES, OptionalInt.empty());
        assertThat(changes.keySet()).containsExactlyElementsOf(
            PURPOSES.mappings().stream().map(TcfPurposeMap.Mapping::dpvPurpose).toList());
        OptionalInt vendor = OptionalInt.of(s.vendorConsents().stream().mapToInt(Integer::intValue).min().orElse(1));
        Map<String, ConsentChange> forVendor = TcfConsent.changes(s, PURPOSES, vendor);
        assertThat(forVendor.keySet()).isEqualTo(changes.keySet());
        Map<String, String> evidence = TcfConsent.evidence(tcString, s, vendor);
        assertThat(evidence).containsEntry("tcString", tcString)
            .containsEntry("policyVersion", String.valueOf(s.policyVersion()))
            .containsEntry("vendorConsent", String.valueOf(s.vendorConsents().contains(vendor.getAsInt())));
      }
      case "error" -> {
        InvalidInput e = refused(tcString);
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_TC_STRING);
        // expected.error is the upstream exception's name; the outcome above is what it asserts
        assertThat(keys(expected)).containsExactly("error");
      }
      case "version-1" -> {
        InvalidInput e = refused(tcString);
        assertThat(e.code()).isEqualTo(ErrorCode.TC_STRING_NOT_V2);
        assertThat(keys(expected)).containsExactly("version");
        assertThat(TCString.decode(tcString).getVersion()).isEqualTo(expected.get("version").asInt()).isEqualTo(1);
      }
      case "policy-violation" -> {
        TcSignal s = DECODER.decode(tcString);
        checkDerived(v.get("derived"), s);
        assertThat(s.policyVersion()).isEqualTo(expected.get("policyVersion").asInt());
        InvalidInput e = catchThrowableOfType(InvalidInput.class,
            () -> TcfConsent.changes(s, PURPOSES, OptionalInt.empty()));
        assertThat(e).as("TcfConsent.changes must refuse it").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.TCF_POLICY_VIOLATION);
        assertThat(e.errors()).singleElement().satisfies(f -> {
          assertThat(f.field()).isEqualTo("tcString");
          assertThat(f.code()).isEqualTo("TCF_POLICY_VIOLATION");
        });
        // upstream names the first offending purpose: "... invalid PurposesLIT 3 not set to 0."
        Matcher m = Pattern.compile("PurposesLIT (\\d+) ").matcher(expected.get("error").asText());
        assertThat(m.find()).as("upstream error names a purpose").isTrue();
        assertThat(listedPurposes(e.getMessage())).contains(Integer.parseInt(m.group(1)));
        assertThat(e.getMessage()).startsWith("TCF 2.2 (policy version " + s.policyVersion() + ")");
        assertThat(keys(expected)).containsExactlyInAnyOrder("policyVersion", "error");
      }
      default -> fail("unknown expectedOutcome " + v.get("expectedOutcome"));
    }
  }

  private static InvalidInput refused(String tcString) {
    InvalidInput e = catchThrowableOfType(InvalidInput.class, () -> DECODER.decode(tcString));
    assertThat(e).as("decode must refuse it").isNotNull();
    assertThat(e.errors()).singleElement().satisfies(f -> {
      assertThat(f.field()).isEqualTo("tcString");
      assertThat(f.code()).isEqualTo(e.code().name());
    });
    assertNoEcho(e, tcString);
    return e;
  }

  private static List<String> keys(JsonNode object) {
    return object.properties().stream().map(Map.Entry::getKey).toList();
  }

  private static List<Integer> listedPurposes(String message) {
    String tail = message.substring(message.indexOf("purpose(s) ") + "purpose(s) ".length(), message.length() - 1);
    return Stream.of(tail.split(", ")).map(Integer::valueOf).toList();
  }

  // ---------------------------------------------------------------------------------------------
  // expected (the authority) and derived (a cross-check)

  private static void checkExpected(JsonNode expected, TcSignal s, String tcString) {
    TCString raw = TCString.decode(tcString);
    for (Map.Entry<String, JsonNode> e : expected.properties()) {
      String key = e.getKey();
      String field = key;
      String suffix = null;
      int dot = key.lastIndexOf('.');
      if (dot > 0 && SUFFIXES.contains(key.substring(dot + 1))) {
        field = key.substring(0, dot);
        suffix = key.substring(dot + 1);
      }
      if (SKIPPED.contains(field)) {
        continue;
      }
      Object actual;
      if (SIGNAL_FIELDS.contains(field)) {
        actual = signalField(s, field);
      } else if (DECODER_ONLY_FIELDS.contains(field)) {
        actual = decoderField(raw, field);
      } else if (field.equals("tcfMinorVersion(LiveRamp)")) {
        // LiveRamp's name for the TCF minor version: 2.2 from policy version 4 on (README caveat)
        actual = s.policyVersion() >= 4 ? "2.2" : "2.0";
      } else {
        throw new AssertionError("no rule for expected key '" + key + "': map it or list it in SKIPPED");
      }
      assertMatches(key, suffix, actual, e.getValue());
    }
  }

  private static void checkDerived(JsonNode derived, TcSignal s) {
    assertThat(derived).as("derived").isNotNull();
    int checked = 0;
    for (String field : SIGNAL_FIELDS) {
      JsonNode want = derived.get(field);
      assertThat(want).as("derived.%s", field).isNotNull();
      assertMatches("derived." + field, null, signalField(s, field), want);
      checked++;
    }
    assertThat(checked).isEqualTo(17);
  }

  private static Object signalField(TcSignal s, String field) {
    return switch (field) {
      case "version" -> s.version();
      case "created" -> s.created();
      case "lastUpdated" -> s.lastUpdated();
      case "cmpId" -> s.cmpId();
      case "cmpVersion" -> s.cmpVersion();
      case "consentScreen" -> s.consentScreen();
      case "consentLanguage" -> s.consentLanguage();
      case "vendorListVersion" -> s.vendorListVersion();
      case "policyVersion" -> s.policyVersion();
      case "isServiceSpecific" -> s.serviceSpecific();
      case "purposeOneTreatment" -> s.purposeOneTreatment();
      case "publisherCC" -> s.publisherCountry();
      case "specialFeatureOptins" -> s.specialFeatureOptIns();
      case "purposesConsent" -> s.purposesConsent();
      case "purposesLITransparency" -> s.purposesLegitimateInterest();
      case "vendorConsents" -> s.vendorConsents();
      case "vendorLegitimateInterests" -> s.vendorLegitimateInterests();
      default -> throw new IllegalArgumentException(field);
    };
  }

  private static Object decoderField(TCString raw, String field) {
    return switch (field) {
      case "useNonStandardTexts" -> raw.getUseNonStandardStacks();
      case "publisherRestrictions" -> restrictions(raw.getPublisherRestrictions());
      case "disclosedVendors" -> ids(raw.getDisclosedVendors());
      case "allowedVendors" -> ids(raw.getAllowedVendors());
      case "publisherTC.pubPurposesConsent" -> ids(raw.getPubPurposesConsent());
      case "publisherTC.pubPurposesLITransparency" -> ids(raw.getPubPurposesLITransparency());
      case "publisherTC.customPurposesConsent" -> ids(raw.getCustomPurposesConsent());
      case "publisherTC.customPurposesLITransparency" -> ids(raw.getCustomPurposesLITransparency());
      default -> throw new IllegalArgumentException(field);
    };
  }

  private static Set<Integer> ids(IntIterable ids) {
    Set<Integer> out = new TreeSet<>();
    ids.forEach(out::add);
    return out;
  }

  /** In the file's shape: {purposeId, restrictionType (0-3), vendorIds ascending}. */
  private static List<Map<String, Object>> restrictions(List<PublisherRestriction> rs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PublisherRestriction r : rs) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("purposeId", r.getPurposeId());
      m.put("restrictionType", r.getRestrictionType().ordinal());
      m.put("vendorIds", List.copyOf(ids(r.getVendorIds())));
      out.add(m);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void assertMatches(String key, String suffix, Object actual, JsonNode want) {
    if (suffix != null) {
      List<Integer> sorted = List.copyOf(new TreeSet<>((Set<Integer>) actual));
      switch (suffix) {
        case "size" -> assertThat(sorted).as(key).hasSize(want.asInt());
        case "first10" -> assertThat(sorted.subList(0, Math.min(10, sorted.size()))).as(key).isEqualTo(intList(want));
        case "last9" -> assertThat(sorted.subList(Math.max(0, sorted.size() - 9), sorted.size())).as(key)
            .isEqualTo(intList(want));
        case "containsAll" -> assertThat(sorted).as(key).containsAll(intList(want));
        case "nonEmpty" -> assertThat(sorted.isEmpty()).as(key).isEqualTo(!want.asBoolean());
        default -> throw new IllegalArgumentException(suffix);
      }
      return;
    }
    switch (actual) {
      case Integer i -> {
        assertThat(want.isInt()).as(key + " is an integer in the file").isTrue();
        assertThat(i).as(key).isEqualTo(want.asInt());
      }
      case Boolean b -> {
        assertThat(want.isBoolean()).as(key + " is a boolean in the file").isTrue();
        assertThat(b).as(key).isEqualTo(want.asBoolean());
      }
      case String str -> assertThat(str).as(key).isEqualTo(want.asText());
      case Instant t -> assertThat(t).as(key).isEqualTo(Instant.parse(want.asText()));
      case Set<?> set -> assertThat(List.copyOf(new TreeSet<>((Set<Integer>) set))).as(key).isEqualTo(intList(want));
      case List<?> list -> assertThat(list).as(key).isEqualTo(MAPPER.convertValue(want, List.class));
      default -> throw new AssertionError(key + ": cannot compare " + actual);
    }
  }

  private static List<Integer> intList(JsonNode array) {
    assertThat(array.isArray()).as("%s is an array", array).isTrue();
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs the file does not cover

  @Test
  void null_blank_and_oversized_strings_are_malformed() {
    for (String s : new String[] {null, "", "   ", "C".repeat(IabTcStrings.MAX_LENGTH + 1)}) {
      assertThatThrownBy(() -> DECODER.decode(s)).isInstanceOfSatisfying(InvalidInput.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_TC_STRING));
    }
  }

  @Test
  void padding_is_accepted_on_the_core_segment_too() {
    String core = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA";
    assertThat(DECODER.decode(core + ".IBAgAAAgAIAwgAgAAAAEAAAACA")).isEqualTo(DECODER.decode(core));
    String unpadded = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAAAA"; // 46 chars: needs "=="
    assertThat(DECODER.decode(unpadded + "==")).isEqualTo(DECODER.decode(unpadded));
  }

  @Test
  void a_string_that_decodes_lazily_and_fails_on_a_getter_is_malformed() {
    // the IAB decoder accepts the first 32 characters when asked to be lazy; reading fails later
    String truncated = "COtybn4PA_zT4KjACBENAPCIAEBAAECA";
    TCString lazy = TCString.decode(truncated, com.iabtcf.decoder.DecoderOption.LAZY);
    assertThat(lazy.getVersion()).isEqualTo(2);
    assertThatThrownBy(lazy::getVendorConsent).isInstanceOf(RuntimeException.class);
    assertThat(refused(truncated).code()).isEqualTo(ErrorCode.MALFORMED_TC_STRING);
  }

  @Test
  void a_string_broken_after_the_fields_mandate_keeps_is_still_refused() {
    // a valid core segment, then a disclosed-vendors segment (the last segment of the
    // iabtcf-es issue 142 vector) whose bitfield claims 733 vendors in 48 bits
    String core = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA";
    assertThat(refused(core + ".IFukWSQh").code()).isEqualTo(ErrorCode.MALFORMED_TC_STRING);
  }

  @Test
  void messages_never_echo_the_string() {
    String longGarbage = "COtybn4PA_zT4KjACBENAPCIAEBAAECAAIAAAAAAAAAA!" + "x".repeat(200);
    InvalidInput e = refused(longGarbage);
    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_TC_STRING);
  }

  private static void assertNoEcho(InvalidInput e, String tcString) {
    if (tcString != null && tcString.length() > 12) {
      String prefix = tcString.substring(0, 13);
      assertThat(e.getMessage()).doesNotContain(prefix);
      e.errors().forEach(f -> assertThat(f.message()).doesNotContain(prefix));
    }
    assertThat(e.getMessage()).hasSizeLessThan(200);
  }

  // ---------------------------------------------------------------------------------------------

  private static JsonNode root() {
    Path file = sharedTestdata().resolve("tcf/tcf-v2-vectors.json");
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** {@code ../shared/testdata}: from the build's system property, else found upwards from here. */
  static Path sharedTestdata() {
    String configured = System.getProperty("mandate.sharedTestdata");
    if (configured != null && Files.isDirectory(Path.of(configured).resolve("tcf"))) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/testdata");
      if (Files.isDirectory(candidate.resolve("tcf"))) {
        return candidate;
      }
      candidate = p.resolve("../shared/testdata").normalize();
      if (Files.isDirectory(candidate.resolve("tcf"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find ../shared/testdata/tcf; set -Dmandate.sharedTestdata");
  }
}
