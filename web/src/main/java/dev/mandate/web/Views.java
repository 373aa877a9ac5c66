package dev.mandate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import dev.mandate.core.access.ApiKey;
import dev.mandate.core.access.IssuedKey;
import dev.mandate.core.agreement.AgreementVersion;
import dev.mandate.core.agreement.AgreementVersion.Stamp;
import dev.mandate.core.agreement.TermsDigest;
import dev.mandate.core.customer.Contact;
import dev.mandate.core.customer.Customer;
import dev.mandate.core.customer.CustomerId;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.customer.NotificationEndpoint;
import dev.mandate.core.decision.AgreementRef;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.Reason;
import dev.mandate.core.instruction.Analysis;
import dev.mandate.core.instruction.Finding;
import dev.mandate.core.instruction.Instruction;
import dev.mandate.core.instruction.InstructionFields;
import dev.mandate.core.notice.OutgoingNotice;
import dev.mandate.core.processinglog.ProcessingEvent;
import dev.mandate.core.processinglog.RecordedEvent;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.VaultService.Revealed;
import dev.mandate.core.vault.VaultService.RevealedField;
import dev.mandate.core.vocabulary.Term;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response bodies. They are written from these web records, never from core records
 * directly, so that the JSON contract (and the OpenAPI document) changes only when this file does.
 */
final class Views {
  private Views() {}

  /**
   * A view that writes itself with the streaming API: no reflection on the hot routes. The field
   * names and order must stay those of the record (and of {@code openapi.json}).
   */
  interface Streamed extends JsonSerializable {
    @Override
    default void serializeWithType(JsonGenerator g, SerializerProvider p, TypeSerializer t) throws IOException {
      serialize(g, p);
    }

    static void writeAll(JsonGenerator g, SerializerProvider p, List<? extends Streamed> items) throws IOException {
      g.writeStartArray();
      for (Streamed s : items) {
        s.serialize(g, p);
      }
      g.writeEndArray();
    }

    /** As Jackson's InstantSerializer writes it (ISO-8601, UTC). */
    static void writeInstant(JsonGenerator g, String name, Instant value) throws IOException {
      g.writeFieldName(name);
      if (value == null) {
        g.writeNull();
      } else {
        g.writeString(value.toString());
      }
    }
  }

  // API keys ---------------------------------------------------------------------------------

  record ApiKeyCreated(String id, String secret, String label, String role, List<String> customers,
      List<String> purposes, Instant createdAt) {
    static ApiKeyCreated of(IssuedKey issued) {
      ApiKey k = issued.key();
      return new ApiKeyCreated(k.id().value(), issued.secret(), k.label(), k.role().code(), customerIds(k),
          sorted(k.purposes()), k.createdAt());
    }
  }

  record ApiKeyView(String id, String label, String role, List<String> customers, List<String> purposes,
      Instant createdAt, String createdBy, Instant revokedAt) {
    static ApiKeyView of(ApiKey k) {
      return new ApiKeyView(k.id().value(), k.label(), k.role().code(), customerIds(k), sorted(k.purposes()),
          k.createdAt(), k.createdBy(), k.revokedAt());
    }
  }

  record Items<T>(List<T> items) {}

  private static List<String> customerIds(ApiKey k) {
    return k.customers().stream().map(CustomerId::value).sorted().toList();
  }

  private static List<String> sorted(java.util.Collection<String> values) {
    return values.stream().sorted().toList();
  }

  // Customers ---------------------------------------------------------------------------------

  record ContactView(String name, String email, String phone) {}

  record EndpointView(String kind, String address) {}

  record CustomerView(String id, String name, List<String> jurisdictions, ContactView dpo,
      List<EndpointView> notificationEndpoints, Instant createdAt, Instant updatedAt) {
    static CustomerView of(Customer c) {
      Contact d = c.dpo();
      List<String> jurisdictions = c.jurisdictions().stream().sorted(Comparator.comparing(Jurisdiction::ordinal))
          .map(Jurisdiction::code).toList();
      List<EndpointView> endpoints = new ArrayList<>();
      for (NotificationEndpoint e : c.notificationEndpoints()) {
        endpoints.add(new EndpointView(e.kind() == null ? null : e.kind().name(), e.address()));
      }
      return new CustomerView(c.id().value(), c.name(), jurisdictions,
          d == null ? null : new ContactView(d.name(), d.email(), d.phone()), endpoints, c.createdAt(), c.updatedAt());
    }
  }

  record WebhookSecretView(String customerId, String secret, int generation, Instant rotatedAt,
      Instant previousSignsUntil, String header, String scheme) {
    static WebhookSecretView of(dev.mandate.core.customer.CustomerId customer, dev.mandate.core.notice.WebhookSecrets.Current c) {
      return new WebhookSecretView(customer.value(), c.secret(), c.generation(), c.rotatedAt(), c.previousSignsUntil(),
          "Mandate-Signature", "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">"
              + " (a second v1, from the previous secret, until previousSignsUntil)");
    }
  }

  record CustomerPage(List<CustomerView> items, String next) {}

  // Agreements --------------------------------------------------------------------------------

  record StampView(String actor, Instant at) {
    static StampView of(Stamp s) {
      return s == null ? null : new StampView(s.actor(), s.at());
    }
  }

  record VersionView(String customerId, int version, String state, String termsHash, Map<String, Object> terms,
      StampView drafted, StampView offered, StampView accepted, StampView closed, String closingNote) {
    static VersionView of(AgreementVersion v) {
      return new VersionView(v.customer().value(), v.version(), v.state().name(), v.termsHash(),
          TermsDigest.tree(v.terms()), StampView.of(v.drafted()), StampView.of(v.offered()),
          StampView.of(v.accepted()), StampView.of(v.closed()), v.closingNote());
    }
  }

  record VersionSummary(int version, String state, String termsHash, StampView drafted, StampView offered,
      StampView accepted, StampView closed) {
    static VersionSummary of(AgreementVersion v) {
      return new VersionSummary(v.version(), v.state().name(), v.termsHash(), StampView.of(v.drafted()),
          StampView.of(v.offered()), StampView.of(v.accepted()), StampView.of(v.closed()));
    }
  }

  record AgreementView(String customerId, Integer inForce, List<VersionSummary> versions) {}

  record DocumentView(int version, String termsHash, double fleschReadingEase, String markdown, String html) {}

  // Decisions ---------------------------------------------------------------------------------

  record ReasonView(String code, String clause, String detail) implements Streamed {
    static List<ReasonView> of(List<Reason> reasons) {
      List<ReasonView> out = new ArrayList<>(reasons.size());
      for (Reason r : reasons) {
        out.add(new ReasonView(r.code() == null ? null : r.code().name(), r.clause(), r.detail()));
      }
      return out;
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeStringField("code", code);
      g.writeStringField("clause", clause);
      g.writeStringField("detail", detail);
      g.writeEndObject();
    }
  }

  record AgreementRefView(int version, String termsHash) implements Streamed {
    static AgreementRefView of(AgreementRef ref) {
      return ref == null ? null : new AgreementRefView(ref.version(), ref.termsHash());
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeNumberField("version", version);
      g.writeStringField("termsHash", termsHash);
      g.writeEndObject();
    }
  }

  record DecisionView(String effect, List<ReasonView> reasons, List<String> errors, AgreementRefView agreement)
      implements Streamed {
    static DecisionView of(Decision d) {
      return new DecisionView(d.effect().name(), ReasonView.of(d.reasons()), d.errors(),
          AgreementRefView.of(d.agreement()));
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeStringField("effect", effect);
      g.writeFieldName("reasons");
      Streamed.writeAll(g, p, reasons);
      g.writeFieldName("errors");
      g.writeStartArray();
      for (String e : errors) {
        g.writeString(e);
      }
      g.writeEndArray();
      g.writeFieldName("agreement");
      if (agreement == null) {
        g.writeNull();
      } else {
        agreement.serialize(g, p);
      }
      g.writeEndObject();
    }
  }

  /** What a 403 PROCESSING_DENIED problem tells about the decision: nothing about the record. */
  record DeniedView(String effect, List<ReasonView> reasons) {
    static DeniedView of(Decision d) {
      return new DeniedView(d.effect().name(), ReasonView.of(d.reasons()));
    }
  }

  // Vault -------------------------------------------------------------------------------------

  record VaultCreated(String id, List<DecisionView> decisions) {}

  record VaultFieldView(String category, String purpose, Instant collectedAt, Instant expiresAt, String value) {}

  record VaultRecordView(String id, String subjectId, String dataSubjectCategory, Instant createdAt,
      Instant updatedAt, Map<String, VaultFieldView> fields, DecisionView decision) implements Streamed {
    static VaultRecordView of(Revealed r) {
      Map<String, VaultFieldView> fields = new LinkedHashMap<>();
      for (RevealedField f : r.fields()) {
        fields.put(f.name(), new VaultFieldView(f.category(), f.purpose(), f.collectedAt(), f.expiresAt(), f.value()));
      }
      return new VaultRecordView(r.id().toString(), r.subjectId(), r.dataSubjectCategory(), r.createdAt(),
          r.updatedAt(), fields, DecisionView.of(r.decision()));
    }

    /** Written field by field: this is the answer of the hottest route (vault read). */
    @Override
    public void serialize(JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeStringField("id", id);
      g.writeStringField("subjectId", subjectId);
      g.writeStringField("dataSubjectCategory", dataSubjectCategory);
      Streamed.writeInstant(g, "createdAt", createdAt);
      Streamed.writeInstant(g, "updatedAt", updatedAt);
      g.writeObjectFieldStart("fields");
      for (Map.Entry<String, VaultFieldView> e : fields.entrySet()) {
        VaultFieldView f = e.getValue();
        g.writeObjectFieldStart(e.getKey());
        g.writeStringField("category", f.category());
        g.writeStringField("purpose", f.purpose());
        Streamed.writeInstant(g, "collectedAt", f.collectedAt());
        Streamed.writeInstant(g, "expiresAt", f.expiresAt());
        g.writeStringField("value", f.value());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeFieldName("decision");
      decision.serialize(g, p);
      g.writeEndObject();
    }
  }

  record VaultDeleted(DecisionView decision) {}

  record SearchResult(List<String> records) {
    static SearchResult of(List<RecordId> ids) {
      return new SearchResult(ids.stream().map(RecordId::toString).toList());
    }
  }

  // Processing records ------------------------------------------------------------------------

  record RecordView(long index, Instant time, String type, String actor, Integer agreementVersion, String termsHash,
      String purpose, String operation, List<String> dataCategories, String dataSubjectCategory, String subject,
      String recordRef, String effect, List<String> reasons, String requestId) {
    static RecordView of(RecordedEvent r) {
      ProcessingEvent e = r.event();
      return new RecordView(r.index(), e.time(), e.type() == null ? null : e.type().name(), e.actor(),
          e.agreementVersion(), e.termsHash(), e.purpose(), e.operation(), e.dataCategories(),
          e.dataSubjectCategory(), e.subject(), e.recordRef(), e.effect() == null ? null : e.effect().name(),
          e.reasons(), e.requestId());
    }
  }

  record RecordPage(List<RecordView> items, Long next) {}

  // Instructions (8.2.4) -----------------------------------------------------------------------

  /** Turns instruction fields into a JSON object without the fields not said (null or an empty list). */
  private static final ObjectMapper FIELDS = JsonMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_EMPTY)
      .build();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  static Map<String, Object> fieldsObject(InstructionFields f) {
    return f == null ? Map.of() : FIELDS.convertValue(f, OBJECT);
  }

  record FindingView(String rule, String catalogue, String jurisdiction, String citation, String severity,
      String explanation, List<String> fields) {
    static FindingView of(Finding f) {
      return new FindingView(f.rule(), f.catalogue(), f.jurisdiction(), f.citation(),
          f.severity() == null ? null : f.severity().name(), f.explanation(), f.fields());
    }
  }

  record AnalysisView(String outcome, String summary, List<FindingView> findings, List<String> jurisdictions,
      int rulesChecked, List<String> rulesWithNothingFound, String ruleBookVersion, String asOf) {
    static AnalysisView of(Analysis a) {
      return new AnalysisView(a.outcome().name(), a.summary(), a.findings().stream().map(FindingView::of).toList(),
          a.jurisdictions(), a.rulesChecked(), a.rulesWithNothingFound(), a.ruleBookVersion(),
          a.asOf() == null ? null : a.asOf().toString());
    }
  }

  record GivenByView(String name, String role, boolean authorised) {
    static GivenByView of(Instruction.GivenBy g) {
      return g == null ? null : new GivenByView(g.name(), g.role(), g.authorised());
    }
  }

  record StepView(String actor, Instant at, String note) {
    static StepView of(Instruction.Step s) {
      return s == null ? null : new StepView(s.actor(), s.at(), s.note());
    }
  }

  record InstructionView(String customerId, String id, int version, String state, boolean standing,
      int agreementVersion, String text, Map<String, Object> fields, GivenByView givenBy, String submittedBy,
      Instant submittedAt, AnalysisView analysis, StepView customerResponse, StepView officerDecision,
      Instant updatedAt) {
    static InstructionView of(Instruction i) {
      return new InstructionView(i.customer().value(), i.id().value(), i.version(), i.state().name(), i.standing(),
          i.agreementVersion(), i.text(), fieldsObject(i.fields()), GivenByView.of(i.givenBy()), i.submittedBy(),
          i.submittedAt(), AnalysisView.of(i.analysis()), StepView.of(i.customerResponse()),
          StepView.of(i.officerDecision()), i.updatedAt());
    }
  }

  /** One instruction: every version, oldest first, and the version in force (null if none). */
  record InstructionHistoryView(String customerId, String id, Integer inForce, List<InstructionView> versions) {}

  /** A notice sent about an instruction, with its delivery state; never its body. */
  record NoticeSentView(String id, String channel, String address, String topic, String reference, String state,
      int attempts, String lastError, Instant createdAt, Instant deliveredAt) {
    static NoticeSentView of(OutgoingNotice n) {
      return new NoticeSentView(n.id(), n.channel().name(), n.address(), n.topic(), n.reference(), n.state().name(),
          n.attempts(), n.lastError(), n.createdAt(), n.deliveredAt());
    }
  }

  // Vocabulary, health ------------------------------------------------------------------------

  record TermView(String id, String label, List<String> parents, boolean specialCategory) {
    static TermView of(Term t) {
      return new TermView(t.id(), t.label(), t.parents(), t.specialCategory());
    }
  }

  record VocabularyView(String version, List<TermView> items) {}

  record HealthView(String status, Map<String, String> checks) {}
}
