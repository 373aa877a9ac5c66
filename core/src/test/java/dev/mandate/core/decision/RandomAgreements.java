package dev.mandate.core.decision;

import static dev.mandate.core.vocabulary.TermKind.DATA_SUBJECT;
import static dev.mandate.core.vocabulary.TermKind.PERSONAL_DATA;
import static dev.mandate.core.vocabulary.TermKind.PROCESSING;
import static dev.mandate.core.vocabulary.TermKind.PURPOSE;
import static dev.mandate.core.vocabulary.TermKind.SPECIAL_CATEGORY_CONDITION;

import dev.mandate.core.access.ApiKeyId;
import dev.mandate.core.access.Principal;
import dev.mandate.core.access.Role;
import dev.mandate.core.agreement.AgreementState;
import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.agreement.AgreementTerms.AssistanceTerms;
import dev.mandate.core.agreement.AgreementTerms.Authorisation;
import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.AgreementTerms.EndOfContract;
import dev.mandate.core.agreement.AgreementTerms.LocationTerms;
import dev.mandate.core.agreement.AgreementTerms.LocationUse;
import dev.mandate.core.agreement.AgreementTerms.MarketingTerms;
import dev.mandate.core.agreement.AgreementTerms.PurposeTerms;
import dev.mandate.core.agreement.AgreementTerms.SpecialCategories;
import dev.mandate.core.agreement.AgreementTerms.SubProcessorTerms;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.vocabulary.TermKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Seeded generators of agreements and decision requests built from real DPV terms. Requests are
 * biased towards what the agreement allows (and the narrower terms it covers), so that a good share
 * of them is permitted and the rest fail for one or a few reasons.
 */
final class RandomAgreements {
  static final CustomerId CUSTOMER = new CustomerId("generated-customer");
  static final List<String> COUNTRIES = List.of("DE", "FR", "IE", "NL", "US", "IN", "CH", "BR");
  static final Set<String> NEEDS_SAFEGUARD = Set.of("US", "IN", "BR");

  private final DpvTerms terms;
  private final RandomGenerator rnd;

  RandomAgreements(DpvTerms terms, RandomGenerator rnd) {
    this.terms = terms;
    this.rnd = rnd;
  }

  // ---------------------------------------------------------------------------------------------
  // Agreements

  AgreementTerms agreement() {
    List<String> purposeIds = new ArrayList<>(distinct(terms.pool(PURPOSE), 1 + rnd.nextInt(8)));
    List<CustomPurpose> custom = new ArrayList<>();
    if (chance(0.3)) {
      String id = "custom:Generated" + (1 + rnd.nextInt(999));
      custom.add(new CustomPurpose(id, "A purpose the customer named", pick(terms.pool(PURPOSE))));
      purposeIds.add(rnd.nextInt(purposeIds.size() + 1), id);
    }
    List<PurposeTerms> clauses = new ArrayList<>();
    for (String p : purposeIds) {
      clauses.add(clause(p));
    }
    Set<String> all = new LinkedHashSet<>();
    clauses.forEach(c -> all.addAll(c.dataCategories()));

    List<LocationTerms> locations = new ArrayList<>();
    for (String country : distinct(COUNTRIES, 1 + rnd.nextInt(4))) {
      List<LocationUse> uses = switch (rnd.nextInt(3)) {
        case 0 -> List.of(LocationUse.PROCESSING);
        case 1 -> List.of(LocationUse.STORAGE);
        default -> List.of(LocationUse.PROCESSING, LocationUse.STORAGE);
      };
      locations.add(new LocationTerms(country, uses, NEEDS_SAFEGUARD.contains(country) ? "eu-gdpr:SCCByCommission" : null));
    }
    List<SubProcessorTerms> subProcessors = new ArrayList<>();
    int subs = rnd.nextInt(4);
    for (int i = 1; i <= subs; i++) {
      List<String> scope = chance(0.4) ? List.of() : distinct(purposeIds, 1 + rnd.nextInt(purposeIds.size()));
      subProcessors.add(new SubProcessorTerms("Sub-processor " + i, pick(COUNTRIES),
          chance(0.5) ? Authorisation.SPECIFIC : Authorisation.GENERAL, scope));
    }
    LocalDate startsOn = LocalDate.of(2026, 1, 1).plusDays(rnd.nextInt(60));
    LocalDate endsOn = chance(0.5) ? null : startsOn.plusDays(200 + rnd.nextInt(600));
    return new AgreementTerms("Generated processing service", "Generated for property tests", startsOn, endsOn,
        List.copyOf(all), custom, clauses, locations, subProcessors, new AssistanceTerms(10, 48),
        List.of("dpv:EncryptionAtRest"), new MarketingTerms(chance(0.5)), EndOfContract.DELETE);
  }

  PurposeTerms clause(String purpose) {
    SpecialCategories special = chance(0.3)
        ? new SpecialCategories(true, pick(terms.pool(SPECIAL_CATEGORY_CONDITION))) : SpecialCategories.NONE;
    return new PurposeTerms(purpose,
        distinct(terms.pool(PERSONAL_DATA), 1 + rnd.nextInt(5)),
        distinct(terms.pool(PROCESSING), 1 + rnd.nextInt(4)),
        distinct(terms.pool(DATA_SUBJECT), 1 + rnd.nextInt(3)),
        1 + rnd.nextInt(3650), "eu-gdpr:A6-1-b", special, chance(0.25));
  }

  static AgreementVersion accepted(AgreementTerms t, int version) {
    return accepted(t, version, TermsDigest.sha256(t));
  }

  /** With a given hash: for properties that compile tens of thousands of variants and do not check hashes. */
  static AgreementVersion accepted(AgreementTerms t, int version, String termsHash) {
    Instant at = Instant.parse("2025-12-01T00:00:00Z");
    Stamp admin = new Stamp("key_generatedadmin01/processor-admin", at);
    Stamp dpo = new Stamp("key_generateddpo0001/customer-dpo", at.plusSeconds(86_400));
    return new AgreementVersion(CUSTOMER, version, AgreementState.ACCEPTED, t, termsHash, admin, admin, dpo,
        null, null);
  }

  // ---------------------------------------------------------------------------------------------
  // Requests

  DecisionRequest request(AgreementTerms t) {
    PurposeTerms clause = !t.purposes().isEmpty() && chance(0.8) ? pick(t.purposes()) : null;
    String purpose = clause != null ? clause.purpose() : chance(0.05) ? "custom:NeverDeclared" : pick(terms.pool(PURPOSE));
    String operation = covered(PROCESSING, clause == null ? List.of() : clause.operations());
    List<String> categories = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      categories.add(covered(PERSONAL_DATA, clause == null ? List.of() : clause.dataCategories()));
    }
    String subject = covered(DATA_SUBJECT, clause == null ? List.of() : clause.dataSubjects());
    if (chance(0.03)) {
      switch (rnd.nextInt(3)) {
        case 0 -> operation = "dpv:NotAnOperation";
        case 1 -> categories.set(0, "pd:NotACategory");
        default -> subject = "dpv:NotASubject";
      }
    }

    Instant start = t.startsOn().atStartOfDay(ZoneOffset.UTC).toInstant();
    long span = t.endsOn() == null ? 900L * 86_400 : t.endsOn().atStartOfDay(ZoneOffset.UTC).toInstant().getEpochSecond() - start.getEpochSecond();
    Instant time = start.plusSeconds(rnd.nextLong(-10L * 86_400, span + 10L * 86_400));
    Instant collectedAt = null;
    if (chance(0.6)) {
      long retention = (clause == null ? 400 : clause.retentionDays()) * 86_400L;
      collectedAt = time.minusSeconds(rnd.nextLong(0, retention + retention / 3 + 1));
    }
    String location = null;
    if (chance(0.5)) {
      List<String> processing = t.locations().stream()
          .filter(l -> l.uses().contains(LocationUse.PROCESSING)).map(LocationTerms::country).toList();
      location = processing.isEmpty() || chance(0.3) ? pick(COUNTRIES) : pick(processing);
    }
    String recipient = null;
    if (chance(0.5)) {
      List<String> authorised = t.subProcessors().stream()
          .filter(s -> s.purposes().isEmpty() || s.purposes().contains(purpose)).map(SubProcessorTerms::name).toList();
      recipient = chance(0.25) || t.subProcessors().isEmpty() ? "Unlisted Ltd"
          : authorised.isEmpty() || chance(0.2) ? pick(t.subProcessors()).name() : pick(authorised);
    }
    boolean ownUse = chance(clause != null && clause.processorOwnUse() ? 0.5 : 0.15);

    Principal actor = null;
    double a = rnd.nextDouble();
    if (a < 0.2) {
      actor = new Principal(new ApiKeyId("key_generatedadmin01"), Role.PROCESSOR_ADMIN, Set.of(), Set.of());
    } else if (a < 0.8) {
      Set<String> scope = new LinkedHashSet<>(distinct(terms.pool(PURPOSE), rnd.nextInt(3)));
      if (chance(0.85)) {
        scope.add(purpose);
      } else {
        scope.remove(purpose);
      }
      actor = new Principal(new ApiKeyId("key_generatedsvc0001"), Role.PROCESSOR_SERVICE, Set.of(CUSTOMER), scope);
    }
    return new DecisionRequest(CUSTOMER, actor, purpose, operation, categories, subject, time, collectedAt, location,
        recipient, ownUse);
  }

  /** Mostly a term the clause allows or one it covers; sometimes any term of the kind. */
  private String covered(TermKind kind, List<String> allowed) {
    if (allowed.isEmpty() || chance(0.15)) {
      return pick(terms.pool(kind));
    }
    String a = pick(allowed);
    return chance(0.5) ? a : pick(terms.narrowerOrSelf(kind, a));
  }

  // ---------------------------------------------------------------------------------------------

  boolean chance(double p) {
    return rnd.nextDouble() < p;
  }

  int nextInt(int bound) {
    return rnd.nextInt(bound);
  }

  <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  <T> List<T> distinct(List<T> from, int n) {
    Set<T> out = new LinkedHashSet<>();
    int want = Math.min(n, from.size());
    while (out.size() < want) {
      out.add(pick(from));
    }
    return List.copyOf(out);
  }
}
