package dev.mandate.documents;

import static dev.mandate.core.vocabulary.TermKind.PURPOSE;

import dev.mandate.core.agreement.AgreementTerms.CustomPurpose;
import dev.mandate.core.agreement.TransferSafeguards;
import dev.mandate.core.vocabulary.Term;
import dev.mandate.core.vocabulary.TermKind;
import dev.mandate.core.vocabulary.Vocabulary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Phrases for the terms of one agreement: a label a person can read, followed by the term id in
 * parentheses so the document can be checked against the terms, e.g. {@code email address
 * (pd:EmailAddress)}. DPV labels are lower-cased where that reads naturally; a customer's own
 * purpose keeps the label the customer wrote. Every phrase is Markdown-safe.
 */
final class TermPhrases {
  /** A word in title case ("Payment", "Multi-Factor"); acronyms such as "IP" or "(MFA)" are kept. */
  private static final Pattern TITLE_CASE_WORD = Pattern.compile("[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*");

  private final Vocabulary vocabulary;
  private final Map<String, CustomPurpose> customPurposes = new LinkedHashMap<>();

  TermPhrases(Vocabulary vocabulary, List<CustomPurpose> customPurposes) {
    this.vocabulary = vocabulary;
    customPurposes.forEach(p -> this.customPurposes.putIfAbsent(p.id(), p));
  }

  /** {@code label (id)}, or just the id when the vocabulary does not know the term. */
  String term(TermKind kind, String id) {
    return phrase(id, label(kind, id));
  }

  /** Several terms joined as "a, b and c". */
  String terms(TermKind kind, List<String> ids) {
    return join(ids, id -> term(kind, id));
  }

  /** A purpose: a customer's own purpose with its own label, otherwise the DPV purpose. */
  String purpose(String id) {
    CustomPurpose custom = customPurposes.get(id);
    return custom == null ? term(PURPOSE, id) : phrase(id, Optional.ofNullable(custom.label()));
  }

  String purposes(List<String> ids) {
    return join(ids, this::purpose);
  }

  /** The DPV purpose a customer's own purpose belongs to, if the id is a customer's own. */
  Optional<String> parentOf(String purposeId) {
    return Optional.ofNullable(customPurposes.get(purposeId)).map(p -> term(PURPOSE, p.parent()));
  }

  /** The purpose's label alone with a capital first letter, for a clause heading. */
  String purposeTitle(String id) {
    CustomPurpose custom = customPurposes.get(id);
    String label = custom != null && custom.label() != null
        ? custom.label()
        : label(PURPOSE, id).orElse(id == null ? "" : id);
    String text = MarkdownText.escape(label);
    return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }

  /** Data-subject categories in the plural: "employees (dpv:Employee) and job applicants (…)". */
  String dataSubjects(List<String> ids) {
    return join(ids, id -> phrase(id, label(TermKind.DATA_SUBJECT, id).map(TermPhrases::plural)));
  }

  boolean isSpecialCategory(String dataCategory) {
    return dataCategory != null && vocabulary.isSpecialCategory(dataCategory);
  }

  private Optional<String> label(TermKind kind, String id) {
    if (id == null) {
      return Optional.empty();
    }
    return vocabulary.find(kind, id).map(Term::label).filter(l -> !l.isBlank()).map(TermPhrases::natural);
  }

  private static String phrase(String id, Optional<String> label) {
    String escapedId = MarkdownText.escape(id);
    return label.map(l -> MarkdownText.escape(l) + " (" + escapedId + ")").orElse(escapedId);
  }

  /** "a", "a and b", "a, b and c". */
  static <T> String join(List<T> items, Function<T, String> phrase) {
    List<String> parts = items.stream().map(phrase).toList();
    return switch (parts.size()) {
      case 0 -> "";
      case 1 -> parts.getFirst();
      default -> String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
    };
  }

  /**
   * Lower-cases title-case words ("Personnel Payment" → "personnel payment"), keeps acronyms and
   * mixed-case words ("IP Address" → "IP address") and the article abbreviation "Art".
   */
  static String natural(String label) {
    String[] words = label.strip().split(" ");
    for (int i = 0; i < words.length; i++) {
      if (!words[i].equals("Art") && TITLE_CASE_WORD.matcher(words[i]).matches()) {
        words[i] = words[i].toLowerCase(Locale.ROOT);
      }
    }
    return String.join(" ", words);
  }

  /** English plural of a lower-cased data-subject label; labels like "parent of human" stay as they are. */
  static String plural(String label) {
    if (label.contains("(") || label.contains(" of ")) {
      return label;
    }
    if (label.endsWith("child")) {
      return label + "ren";
    }
    if (label.matches(".*[^aeiou]y")) {
      return label.substring(0, label.length() - 1) + "ies";
    }
    if (label.matches(".*(s|x|z|ch|sh)")) {
      return label + "es";
    }
    return label + "s";
  }

  /** "Germany (DE)": the English name of an ISO 3166 country with its code; other codes as they are. */
  static String country(String code) {
    if (!TransferSafeguards.isCountry(code)) {
      return MarkdownText.escape(code);
    }
    return Locale.of("", code).getDisplayCountry(Locale.ENGLISH) + " (" + code + ")";
  }
}
