package dev.mandate.core.agreement;

import dev.mandate.core.agreement.AgreementTerms.AssistanceTerms;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SHA-256 of the canonical JSON of agreement terms: what a customer's DPO accepts is exactly
 * this hash, so anyone holding the terms can check which text was accepted.
 */
public final class TermsDigest {
  private TermsDigest() {}

  public static String sha256(AgreementTerms terms) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonicalJson(terms).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String canonicalJson(AgreementTerms terms) {
    return CanonicalJson.write(tree(terms));
  }

  /** The terms as the JSON tree the API uses (same field names). */
  public static Map<String, Object> tree(AgreementTerms t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subjectMatter", t.subjectMatter());
    m.put("natureOfProcessing", t.natureOfProcessing());
    m.put("startsOn", t.startsOn() == null ? null : t.startsOn().toString());
    m.put("endsOn", t.endsOn() == null ? null : t.endsOn().toString());
    m.put("dataCategories", t.dataCategories());
    m.put("customPurposes", map(t.customPurposes(), TermsDigest::customPurpose));
    m.put("purposes", map(t.purposes(), TermsDigest::purpose));
    m.put("locations", map(t.locations(), TermsDigest::location));
    m.put("subProcessors", map(t.subProcessors(), TermsDigest::subProcessor));
    m.put("assistance", t.assistance() == null ? null : assistance(t.assistance()));
    m.put("securityMeasures", t.securityMeasures());
    m.put("marketing", t.marketing() == null ? null : Map.of("instructed", t.marketing().instructed()));
    m.put("endOfContract", t.endOfContract() == null ? null : t.endOfContract().name());
    return m;
  }

  private static <T> List<Object> map(List<T> list, Function<T, Object> f) {
    return list.stream().map(f).toList();
  }

  private static Object customPurpose(CustomPurpose p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("label", p.label());
    m.put("parent", p.parent());
    return m;
  }

  private static Object purpose(PurposeTerms p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("purpose", p.purpose());
    m.put("dataCategories", p.dataCategories());
    m.put("operations", p.operations());
    m.put("dataSubjects", p.dataSubjects());
    m.put("retentionDays", p.retentionDays());
    m.put("legalBasis", p.legalBasis());
    SpecialCategories s = p.specialCategories() == null ? SpecialCategories.NONE : p.specialCategories();
    Map<String, Object> sm = new LinkedHashMap<>();
    sm.put("allowed", s.allowed());
    sm.put("condition", s.condition());
    m.put("specialCategories", sm);
    m.put("processorOwnUse", p.processorOwnUse());
    return m;
  }

  private static Object location(LocationTerms l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("country", l.country());
    m.put("uses", l.uses().stream().map(Enum::name).toList());
    m.put("transferSafeguard", l.transferSafeguard());
    return m;
  }

  private static Object subProcessor(SubProcessorTerms s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("country", s.country());
    m.put("authorisation", s.authorisation() == null ? null : s.authorisation().name());
    m.put("purposes", s.purposes());
    return m;
  }

  private static Object assistance(AssistanceTerms a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataSubjectRequestDays", a.dataSubjectRequestDays());
    m.put("breachNotificationHours", a.breachNotificationHours());
    return m;
  }
}
