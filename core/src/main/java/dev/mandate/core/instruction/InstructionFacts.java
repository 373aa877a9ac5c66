package dev.mandate.core.instruction;

import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.instruction.InstructionFields.Recipient;
import dev.mandate.core.instruction.InstructionFields.SubProcessor;
import dev.mandate.core.instruction.InstructionFields.Transfer;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an {@link AnalysisInput} into the {@link Facts} tree rules read. Besides the fields as
 * given, it adds a few facts rules need and could not compute themselves:
 *
 * <ul>
 *   <li>{@code instruction.purposeDpv}: the DPV purpose (a custom purpose's parent);
 *   <li>{@code instruction.specialInData}: every category given that is an Art. 9 special
 *       category by the vocabulary, whether listed as special or not;
 *   <li>{@code instruction.subProcessorNames}, {@code agreement.subProcessorNames}: names in lower
 *       case, to compare;
 *   <li>{@code agreement.clause}: the agreement's clause for exactly the instruction's purpose, if
 *       any (as the decision point matches purposes exactly; ADR 0003);
 *   <li>{@code agreement.locationDetails}: each location with its transfer safeguard, and {@code
 *       agreement.safeguardedLocations}: the countries whose location names a safeguard;
 *   <li>{@code instruction.recipients[].nameLower}: names in lower case, to compare.
 * </ul>
 */
final class InstructionFacts {
  private InstructionFacts() {}

  static Facts of(AnalysisInput in, Vocabulary vocabulary) {
    Map<String, Object> root = new HashMap<>();
    root.put("instruction", instruction(in.fields(), in.agreement(), vocabulary));
    root.put("agreement", agreement(in.agreement(), in.fields().purpose()));
    root.put("submission", Map.of("givenByAuthorised", in.givenByAuthorised()));
    return new Facts(root, in.asOf());
  }

  private static Map<String, Object> instruction(InstructionFields f, AgreementTerms agreement, Vocabulary vocabulary) {
    Map<String, Object> m = new HashMap<>();
    m.put("purpose", f.purpose());
    m.put("purposeDpv", dpvPurpose(f.purpose(), agreement));
    m.put("collectedFor", f.collectedFor());
    m.put("dataCategories", f.dataCategories());
    m.put("specialCategories", f.specialCategories());
    Set<String> special = new LinkedHashSet<>();
    for (String c : f.specialCategories()) {
      special.add(c);
    }
    for (String c : f.dataCategories()) {
      if (vocabulary.isSpecialCategory(c)) {
        special.add(c);
      }
    }
    m.put("specialInData", List.copyOf(special));
    List<String> all = new ArrayList<>(f.dataCategories());
    all.addAll(f.specialCategories());
    m.put("allCategories", all);
    m.put("specialCategoryCondition", f.specialCategoryCondition());
    m.put("criminalDataAuthority", f.criminalDataAuthority());
    m.put("operations", f.operations());
    m.put("dataSubjects", f.dataSubjects());
    m.put("recipients", f.recipients().stream().map(InstructionFacts::recipient).toList());
    m.put("transfers", f.transfers().stream().map(InstructionFacts::transfer).toList());
    m.put("retentionDays", f.retentionDays());
    m.put("retentionIndefinite", f.retentionIndefinite());
    m.put("retentionLegalReason", f.retentionLegalReason());
    m.put("legalBasis", f.legalBasis());
    if (f.marketing() != null) {
      m.put("marketing", map("consent", name(f.marketing().consent()), "honourOptOuts", f.marketing().honourOptOuts()));
    }
    if (f.sale() != null) {
      var s = f.sale();
      m.put("sale", map("sellOrShare", s.sellOrShare(), "honourOptOuts", s.honourOptOuts(),
          "crossContextAdvertising", s.crossContextAdvertising(), "combineAcrossClients", s.combineAcrossClients(),
          "minorsOptIn", s.minorsOptIn()));
    }
    if (f.automatedDecision() != null) {
      var a = f.automatedDecision();
      m.put("automatedDecision", map("legalOrSimilarEffect", a.legalOrSimilarEffect(), "ground", a.ground(),
          "humanReview", a.humanReview(), "contest", a.contest()));
    }
    if (f.minors() != null) {
      var n = f.minors();
      m.put("minors", map("concerned", n.concerned(), "youngestAge", n.youngestAge(), "parentalConsent", n.parentalConsent()));
    }
    m.put("securityChanges", f.securityChanges());
    m.put("subProcessors", f.subProcessors().stream().map(InstructionFacts::subProcessor).toList());
    m.put("subProcessorNames", f.subProcessors().stream().map(s -> lower(s.name())).toList());
    if (f.dataSubjectRights() != null) {
      m.put("dataSubjectRights", map("ignore", f.dataSubjectRights().ignore(), "responseDays", f.dataSubjectRights().responseDays()));
    }
    if (f.breaches() != null) {
      m.put("breaches", map("suppressNotices", f.breaches().suppressNotices(), "noticeDelayHours", f.breaches().noticeDelayHours()));
    }
    m.put("reidentify", f.reidentify());
    m.put("disableRecords", f.disableRecords());
    if (f.disclosure() != null) {
      var d = f.disclosure();
      m.put("disclosure", map("authority", d.authority(), "country", d.country(), "legallyBinding", d.legallyBinding(),
          "requestVerified", d.requestVerified(), "internationalAgreement", d.internationalAgreement()));
    }
    m.put("processorOwnUse", f.processorOwnUse());
    return m;
  }

  private static Map<String, Object> agreement(AgreementTerms t, String purpose) {
    Map<String, Object> m = new HashMap<>();
    m.put("present", t != null);
    if (t == null) {
      return m;
    }
    List<String> purposes = t.purposes().stream().map(PurposeTerms::purpose).toList();
    m.put("purposes", purposes);
    m.put("dataCategories", t.dataCategories());
    t.purposes().stream().filter(p -> purpose != null && purpose.equals(p.purpose())).findFirst()
        .ifPresent(p -> m.put("clause", clause(p)));
    m.put("subProcessors", t.subProcessors().stream().map(s -> map("name", s.name(), "country", s.country())).toList());
    m.put("subProcessorNames", t.subProcessors().stream().map(s -> lower(s.name())).toList());
    m.put("locations", t.locations().stream().map(AgreementTerms.LocationTerms::country).toList());
    m.put("locationDetails", t.locations().stream().map(l -> map("country", l.country(),
        "transferSafeguard", l.transferSafeguard())).toList());
    m.put("safeguardedLocations", t.locations().stream().filter(l -> l.transferSafeguard() != null)
        .map(AgreementTerms.LocationTerms::country).toList());
    m.put("customPurposes", t.customPurposes().stream().map(c -> map("id", c.id(), "parent", c.parent())).toList());
    m.put("securityMeasures", t.securityMeasures());
    m.put("marketingInstructed", t.marketing() != null && t.marketing().instructed());
    if (t.assistance() != null) {
      m.put("dataSubjectRequestDays", t.assistance().dataSubjectRequestDays());
      m.put("breachNotificationHours", t.assistance().breachNotificationHours());
    }
    return m;
  }

  private static Map<String, Object> clause(PurposeTerms p) {
    return map("dataCategories", p.dataCategories(), "operations", p.operations(), "dataSubjects", p.dataSubjects(),
        "retentionDays", p.retentionDays(), "legalBasis", p.legalBasis(),
        "specialCategoriesAllowed", p.specialCategories().allowed(),
        "specialCategoryCondition", p.specialCategories().condition(), "processorOwnUse", p.processorOwnUse());
  }

  private static String dpvPurpose(String purpose, AgreementTerms agreement) {
    if (purpose == null || !purpose.startsWith("custom:") || agreement == null) {
      return purpose;
    }
    return agreement.customPurposes().stream().filter(c -> purpose.equals(c.id()) && c.parent() != null)
        .map(CustomPurpose::parent).findFirst().orElse(purpose);
  }

  private static Map<String, Object> recipient(Recipient r) {
    return map("name", r.name(), "nameLower", lower(r.name()), "role", name(r.role()), "country", r.country());
  }

  private static Map<String, Object> transfer(Transfer t) {
    return map("country", t.country(), "recipient", t.recipient(), "safeguard", t.safeguard(),
        "dpfCertified", t.dpfCertified(), "derogation", t.derogation());
  }

  private static Map<String, Object> subProcessor(SubProcessor s) {
    return map("name", s.name(), "nameLower", lower(s.name()), "country", s.country(), "flowDownContract", s.flowDownContract());
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  private static String lower(String s) {
    return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
