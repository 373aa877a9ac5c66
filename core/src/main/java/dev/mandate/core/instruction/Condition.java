package dev.mandate.core.instruction;

import java.util.List;

/**
 * The condition of an analyser rule, read from its data file: a small tree of tests over the
 * facts of one instruction (its fields, the agreement in force, who gave it). See {@link
 * Conditions} for the operators. Pure and thread-safe.
 */
public interface Condition {

  /**
   * Whether the condition holds. {@code item} is the list element a surrounding {@code some} or
   * {@code every} is looking at (null outside one); {@code trace} collects the instruction fields
   * that made the answer what it is.
   */
  boolean test(Facts facts, Facts.Item item, Trace trace, boolean negated);

  /**
   * The instruction fields that decided a rule, e.g. {@code transfers[1].country}, and facts about
   * the submission, e.g. {@code submission.givenByAuthorised}.
   */
  final class Trace {
    private final java.util.ArrayList<String> fields = new java.util.ArrayList<>();

    /** Notes a field whose test agreed with the outcome ({@code result} true, or false under a {@code not}). */
    void add(String path, boolean result, boolean negated) {
      if (result != negated) {
        if (path.startsWith("instruction.")) {
          fields.add(path.substring("instruction.".length()));
        } else if (path.startsWith("submission.")) {
          fields.add(path);
        }
      }
    }

    int mark() {
      return fields.size();
    }

    /** Forgets fields noted since {@code mark}: the part they were in did not decide the outcome. */
    void rollback(int mark) {
      while (fields.size() > mark) {
        fields.removeLast();
      }
    }

    public List<String> fields() {
      return List.copyOf(new java.util.LinkedHashSet<>(fields));
    }
  }
}
