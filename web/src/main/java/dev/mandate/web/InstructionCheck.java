package dev.mandate.web;

import dev.mandate.core.agreement.AgreementTerms;
import dev.mandate.core.customer.Jurisdiction;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.instruction.AnalysisInput;
import dev.mandate.core.instruction.InstructionFields;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A planned instruction to check without submitting it (the dry run, {@code mandate instructions
 * check FILE}, rule examples and the evaluation corpus): the laws to check under, the agreement
 * terms to check against (optional), the analysis date, whether the person giving it is
 * authorised, and the instruction itself.
 */
public record InstructionCheck(
    Set<Jurisdiction> jurisdictions, AgreementTerms agreement, LocalDate asOf, Boolean givenByAuthorised,
    String text, InstructionFields fields) {

  /** The instruction as the customer writes it: its own words and the structured fields. */
  record InstructionBody(String text, InstructionFields fields) {}

  record CheckBody(List<String> jurisdictions, Requests.TermsBody agreement, String asOf, Boolean givenByAuthorised,
      InstructionBody instruction) {}

  private static final Json JSON = new Json(true);

  /** Parses a check; bad input is an {@link HttpProblem} (400) naming the field. */
  public static InstructionCheck parse(byte[] json) {
    CheckBody body = JSON.read(json, CheckBody.class);
    List<FieldError> errors = new ArrayList<>();
    Set<Jurisdiction> laws = new LinkedHashSet<>();
    if (body.jurisdictions() != null) {
      for (int i = 0; i < body.jurisdictions().size(); i++) {
        String code = body.jurisdictions().get(i);
        Jurisdiction.fromCode(code).ifPresentOrElse(laws::add, () -> errors.add(new FieldError("jurisdictions",
            "UNKNOWN_JURISDICTION", "jurisdictions holds an unknown code; use EU-GDPR, UK-GDPR, US-CA-CPRA, BR-LGPD, CA-PIPEDA or CH-FADP.")));
      }
    }
    if (body.instruction() == null || body.instruction().fields() == null) {
      errors.add(new FieldError("instruction.fields", "REQUIRED", "instruction.fields is required."));
    }
    LocalDate asOf = body.asOf() == null ? null : Requests.date("asOf", body.asOf());
    // a planned agreement may be partial or not yet valid: the analyser reads what is there
    AgreementTerms agreement = body.agreement() == null ? null : body.agreement().toCore();
    if (!errors.isEmpty()) {
      throw new HttpProblem(400, ErrorCode.INVALID_REQUEST, "The instruction check is invalid.", errors);
    }
    return new InstructionCheck(Set.copyOf(laws), agreement, asOf,
        body.givenByAuthorised(), body.instruction().text(), body.instruction().fields());
  }

  /**
   * Parses a check outside HTTP (the CLI): bad input is an {@link IllegalArgumentException} whose
   * message names each field that is wrong.
   */
  public static InstructionCheck read(byte[] json) {
    try {
      return parse(json);
    } catch (HttpProblem p) {
      StringBuilder m = new StringBuilder(p.getMessage());
      for (FieldError e : p.errors()) {
        m.append("\n  ").append(e.field()).append(": ").append(e.message());
      }
      throw new IllegalArgumentException(m.toString());
    }
  }

  /** The analyser's input, with {@code today} when no date was given and authorised unless said otherwise. */
  public AnalysisInput input(LocalDate today) {
    return new AnalysisInput(fields, agreement, jurisdictions, !Boolean.FALSE.equals(givenByAuthorised),
        asOf == null ? today : asOf);
  }
}
