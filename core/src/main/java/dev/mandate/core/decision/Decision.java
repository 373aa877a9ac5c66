package dev.mandate.core.decision;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A decision: the effect, the reasons (the clause that permitted it, or every missing piece that
 * denied it), errors in the request, and the agreement version it was taken under (null when no
 * accepted agreement was in force).
 */
public record Decision(Effect effect, List<Reason> reasons, List<String> errors, AgreementRef agreement) {
  public Decision {
    reasons = List.copyOf(reasons);
    errors = List.copyOf(errors);
  }

  public boolean permitted() {
    return effect == Effect.PERMIT;
  }

  public List<String> reasonCodes() {
    return reasons.stream().map(r -> r.code().name()).distinct().toList();
  }

  /** A one-line summary for messages: the reason details joined. */
  public String summary() {
    return reasons.stream().map(Reason::detail).collect(Collectors.joining(" "));
  }
}
