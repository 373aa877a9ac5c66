package dev.mandate.documents;

import java.util.List;

/**
 * What the Markdown template shows. Fields the template prints with {@code {{…}}} are plain text
 * (the template engine escapes them for Markdown); lists of sentences and items are Markdown
 * fragments built by {@link Sentences}, already escaped, printed with {@code {{{…}}}}.
 */
record AgreementView(
    String title,
    String customer,
    int version,
    String state,
    String termsHash,
    List<Stamp> stamps,
    String closingNote,
    List<String> about,
    List<Clause> clauses,
    Part specialCategories,
    List<String> ownUses,
    List<String> locations,
    List<String> subProcessorsIntro,
    List<String> subProcessors,
    List<String> help,
    List<String> security,
    List<String> marketing,
    List<String> endOfContract) {

  /** Who did what when, e.g. "Accepted: 2026-01-15 14:30:00 UTC by key:acme-dpo". */
  record Stamp(String event, String at, String actor) {}

  /** One purpose clause, numbered from 1 in the order of the terms. */
  record Clause(int number, String title, List<String> sentences) {}

  /** A section shown only when it has something to say. */
  record Part(List<String> sentences) {}
}
