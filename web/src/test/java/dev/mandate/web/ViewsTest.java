package dev.mandate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mandate.core.decision.AgreementRef;
import dev.mandate.core.decision.Decision;
import dev.mandate.core.decision.Effect;
import dev.mandate.core.decision.Reason;
import dev.mandate.core.decision.ReasonCode;
import dev.mandate.core.vault.RecordId;
import dev.mandate.core.vault.VaultService.Revealed;
import dev.mandate.core.vault.VaultService.RevealedField;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hand-streamed views must write exactly what Jackson's record serialization would. */
class ViewsTest {
  private final Json json = new Json();
  private final ObjectMapper reflective = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  private static Decision decision(AgreementRef ref) {
    return new Decision(Effect.PERMIT, List.of(new Reason(ReasonCode.PERMITTED_BY_CLAUSE, "purposes[1]", "ok"),
        new Reason(ReasonCode.UNKNOWN_TERM, null, "\"quoted\" ünïcode")), List.of("e1"), ref);
  }

  /** The same shape as plain records, serialized by reflection. */
  record PlainReason(String code, String clause, String detail) {}

  record PlainRef(int version, String termsHash) {}

  record PlainDecision(String effect, List<PlainReason> reasons, List<String> errors, PlainRef agreement) {}

  record PlainField(String category, String purpose, Instant collectedAt, Instant expiresAt, String value) {}

  record PlainRecord(String id, String subjectId, String dataSubjectCategory, Instant createdAt, Instant updatedAt,
      Map<String, PlainField> fields, PlainDecision decision) {}

  private static PlainDecision plain(Decision d) {
    return new PlainDecision(d.effect().name(),
        d.reasons().stream().map(r -> new PlainReason(r.code().name(), r.clause(), r.detail())).toList(), d.errors(),
        d.agreement() == null ? null : new PlainRef(d.agreement().version(), d.agreement().termsHash()));
  }

  @Test
  void decisionViewMatchesReflectiveSerialization() throws Exception {
    for (AgreementRef ref : new AgreementRef[] {null, new AgreementRef(3, "ab".repeat(32))}) {
      Decision d = decision(ref);
      assertThat(new String(json.write(Views.DecisionView.of(d)), StandardCharsets.UTF_8))
          .isEqualTo(reflective.writeValueAsString(plain(d)));
    }
  }

  @Test
  void vaultRecordViewMatchesReflectiveSerialization() throws Exception {
    Instant t = Instant.parse("2026-06-15T09:00:00.123Z");
    Decision d = decision(new AgreementRef(1, "cd".repeat(32)));
    UUID id = UUID.randomUUID();
    Revealed r = new Revealed(new RecordId(id), "emp-1", "dpv:Employee", t, t.plusSeconds(5), List.of(
        new RevealedField("name", "pd:Name", "dpv:PersonnelManagement", t, t.plusSeconds(86400), "Jane \"J\" Doe"),
        new RevealedField("email", "pd:EmailAddress", "dpv:PersonnelManagement", t, null, null)), d);
    Map<String, PlainField> fields = new LinkedHashMap<>();
    fields.put("name", new PlainField("pd:Name", "dpv:PersonnelManagement", t, t.plusSeconds(86400), "Jane \"J\" Doe"));
    fields.put("email", new PlainField("pd:EmailAddress", "dpv:PersonnelManagement", t, null, null));
    PlainRecord expected = new PlainRecord(id.toString(), "emp-1", "dpv:Employee", t, t.plusSeconds(5), fields,
        plain(d));
    assertThat(new String(json.write(Views.VaultRecordView.of(r)), StandardCharsets.UTF_8))
        .isEqualTo(reflective.writeValueAsString(expected));
  }
}
