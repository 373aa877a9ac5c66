package dev.mandate.web;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import dev.mandate.web.Views.TermView;
import dev.mandate.web.Views.VocabularyView;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /v1/vocabulary/{kind}}: the DPV terms Mandate accepts, for any authenticated caller.
 * The vocabulary never changes while the server runs, so each list is written to JSON once.
 */
final class VocabularyEndpoints {
  static final Map<String, TermKind> KINDS = Map.of(
      "purposes", TermKind.PURPOSE,
      "personal-data", TermKind.PERSONAL_DATA,
      "processing", TermKind.PROCESSING,
      "data-subjects", TermKind.DATA_SUBJECT,
      "legal-bases", TermKind.LEGAL_BASIS,
      "special-category-conditions", TermKind.SPECIAL_CATEGORY_CONDITION,
      "security-measures", TermKind.SECURITY_MEASURE);

  private final Vocabulary vocabulary;
  private final Json json;
  private final Map<TermKind, byte[]> written = new ConcurrentHashMap<>();

  VocabularyEndpoints(Vocabulary vocabulary, Json json) {
    this.vocabulary = vocabulary;
    this.json = json;
  }

  Reply get(Exchange x) {
    TermKind kind = KINDS.get(x.path("kind"));
    if (kind == null) {
      throw new HttpProblem(404, ErrorCode.NOT_FOUND,
          "No such vocabulary; the kinds are " + String.join(", ", new java.util.TreeSet<>(KINDS.keySet())) + ".");
    }
    byte[] body = written.computeIfAbsent(kind, k -> json.write(new VocabularyView(vocabulary.version(),
        vocabulary.terms(k).stream().map(TermView::of).toList())));
    return Reply.json(200, body);
  }
}
