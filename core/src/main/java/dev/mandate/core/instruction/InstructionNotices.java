package dev.mandate.core.instruction;

import dev.mandate.core.agreement.CanonicalJson;
import dev.mandate.core.notice.NoticeDraft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notices Mandate sends a customer about its instructions (GDPR Art. 28(3): "immediately
 * inform the controller"): the e-mail text and the webhook JSON. They name the instruction by id,
 * the findings with their citations, and what the customer can do; never a data subject.
 */
final class InstructionNotices {
  private InstructionNotices() {}

  static NoticeDraft held(Instruction i) {
    Analysis a = i.analysis();
    StringBuilder text = new StringBuilder();
    text.append("Your instruction ").append(i.id().value()).append(" (version ").append(i.version()).append(")")
        .append(i.standing() ? ", given by accepting agreement version " + i.agreementVersion() + "," : "")
        .append(" is on hold and will not be carried out.\n\n")
        .append(a.summary()).append("\n\nFindings:\n");
    for (Finding f : a.findings()) {
      text.append("- ").append(f.rule()).append(" (").append(f.citation()).append(", ")
          .append(f.severity() == Rule.Severity.INFRINGES ? "possible infringement" : "needs review").append("): ")
          .append(f.explanation());
      if (!f.fields().isEmpty()) {
        text.append(" Fields: ").append(String.join(", ", f.fields())).append(".");
      }
      text.append("\n");
    }
    text.append(a.outcome() == Outcome.POSSIBLE_INFRINGEMENT
        ? "\nWhat you can do: amend the instruction (a new version is analysed again), withdraw it, or confirm it"
            + " with a written justification; our privacy officer then decides whether to apply it. Without your"
            + " response it stays on hold and is not carried out.\n"
        : "\nOur privacy officer will review it and tell you the decision. You may also amend or withdraw it;"
            + " until then it stays on hold and is not carried out.\n");
    Map<String, Object> payload = base("instruction.held", i);
    payload.put("summary", a.summary());
    payload.put("ruleBookVersion", a.ruleBookVersion());
    List<Object> findings = new ArrayList<>();
    for (Finding f : a.findings()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rule", f.rule());
      m.put("catalogue", f.catalogue());
      m.put("jurisdiction", f.jurisdiction());
      m.put("citation", f.citation());
      m.put("severity", f.severity().name());
      m.put("explanation", f.explanation());
      m.put("fields", f.fields());
      findings.add(m);
    }
    payload.put("findings", findings);
    String subject = (a.outcome() == Outcome.POSSIBLE_INFRINGEMENT ? "Possible infringement: " : "Needs review: ")
        + "instruction " + i.id().value() + " v" + i.version() + " is on hold";
    return new NoticeDraft(i.customer(), "instruction.held", i.ref(), subject, text.toString(), CanonicalJson.write(payload));
  }

  static NoticeDraft decided(Instruction i) {
    boolean applied = i.state() == InstructionState.APPLIED;
    String text = "Our privacy officer has " + (applied ? "applied" : "refused") + " your instruction " + i.id().value()
        + " (version " + i.version() + ")" + (applied ? "; it is now in force." : "; it will not be carried out.")
        + "\n\nThe officer's note: " + i.officerDecision().note() + "\n";
    Map<String, Object> payload = base("instruction.decided", i);
    payload.put("decision", applied ? "APPLIED" : "REFUSED");
    payload.put("note", i.officerDecision().note());
    return new NoticeDraft(i.customer(), "instruction.decided", i.ref(),
        "Instruction " + i.id().value() + " v" + i.version() + (applied ? " applied" : " refused"), text,
        CanonicalJson.write(payload));
  }

  private static Map<String, Object> base(String topic, Instruction i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", topic);
    // one id per notice event, inside the signed body, so receivers can drop replays and duplicates
    m.put("eventId", java.util.UUID.randomUUID().toString());
    m.put("customer", i.customer().value());
    m.put("instruction", i.id().value());
    m.put("version", i.version());
    m.put("state", i.state().name());
    m.put("standing", i.standing());
    m.put("agreementVersion", i.agreementVersion());
    m.put("outcome", i.analysis().outcome().name());
    return m;
  }
}
