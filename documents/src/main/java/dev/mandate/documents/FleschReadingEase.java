package dev.mandate.documents;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Flesch reading-ease score of English text: {@code 206.835 − 1.015 × (words / sentences) −
 * 84.6 × (syllables / words)}. About 60–70 is plain English, 50–60 "fairly difficult", below 30
 * "very difficult". The formula is for English only: it means nothing for other languages.
 *
 * <p>Counting rules, kept simple and deterministic:
 * <ul>
 *   <li>A sentence ends at {@code .}, {@code !} or {@code ?} followed by a space or the end.
 *       Colons and semicolons do not end a sentence.
 *   <li>A word is a run of non-space characters with at least one letter or digit. A number
 *       such as {@code 2,555} is one word of one syllable (spoken numbers are longer, so this
 *       flatters texts full of numbers a little).
 *   <li>Syllables are estimated by {@link #syllables(String)}: good for ordinary words, wrong for
 *       acronyms ("GDPR" counts as one) and for some words such as "prior".
 * </ul>
 */
public final class FleschReadingEase {
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?]+(?=\\s|$)");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final String VOWELS = "aeiou";

  private FleschReadingEase() {}

  /** Counts of a text, and its unrounded, unclamped score. */
  public record Counts(int sentences, int words, int syllables) {
    public double rawScore() {
      if (words == 0) {
        return 0;
      }
      return 206.835 - 1.015 * words / Math.max(1, sentences) - 84.6 * syllables / words;
    }
  }

  /** The score rounded to one decimal and clamped to [0, 100]; 0 for a text without words. */
  public static double score(String text) {
    double raw = count(text).rawScore();
    return Math.round(Math.clamp(raw, 0.0, 100.0) * 10) / 10.0;
  }

  public static Counts count(String text) {
    int sentences = 0;
    int words = 0;
    int syllables = 0;
    for (String sentence : SENTENCE_END.split(text)) {
      int before = words;
      for (String token : WHITESPACE.split(sentence.strip())) {
        if (token.chars().anyMatch(Character::isLetterOrDigit)) {
          words++;
          syllables += token.chars().anyMatch(Character::isLetter) ? syllables(token) : 1;
        }
      }
      if (words > before) {
        sentences++;
      }
    }
    return new Counts(sentences, words, syllables);
  }

  /**
   * Estimated syllables of an English word: the number of vowel groups ({@code y} is a vowel
   * except first or before a vowel), less one for a silent ending, at least one. Hyphenated parts
   * count separately ("e-mail" = 2). Silent endings:
   * <ul>
   *   <li>final {@code e} after a consonant: "store" = 1, but not {@code -le} after a consonant
   *       ("table" = 2) and not after a vowel ("agree" = 2);
   *   <li>{@code -es} after a consonant other than s, x, z, c, g, ch, sh: "names" = 1, but
   *       "uses" = 2, "pages" = 2, "tables" = 2, "salaries" = 3;
   *   <li>{@code -ed} after a consonant other than t, d: "used" = 1, but "needed" = 2, "agreed" = 2.
   * </ul>
   */
  public static int syllables(String word) {
    int total = 0;
    for (String part : word.split("-")) {
      String w = part.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
      if (w.isEmpty()) {
        continue;
      }
      int count = vowelGroups(w);
      if (count > 1 && silentEnding(w)) {
        count--;
      }
      total += Math.max(1, count);
    }
    return Math.max(1, total);
  }

  private static int vowelGroups(String w) {
    int groups = 0;
    boolean inGroup = false;
    for (int i = 0; i < w.length(); i++) {
      boolean vowel = isVowel(w, i);
      if (vowel && !inGroup) {
        groups++;
      }
      inGroup = vowel;
    }
    return groups;
  }

  private static boolean silentEnding(String w) {
    int n = w.length();
    if (w.endsWith("le") || w.endsWith("les")) {
      int l = w.lastIndexOf('l');
      if (l > 0 && isConsonant(w, l - 1)) {
        return false;
      }
    }
    if (w.endsWith("e")) {
      return n >= 2 && isConsonant(w, n - 2);
    }
    if (w.endsWith("es") && n >= 3 && isConsonant(w, n - 3)) {
      char before = w.charAt(n - 3);
      boolean sibilant = "sxzcg".indexOf(before) >= 0
          || (before == 'h' && n >= 4 && "cs".indexOf(w.charAt(n - 4)) >= 0);
      return !sibilant;
    }
    if (w.endsWith("ed") && n >= 3 && isConsonant(w, n - 3)) {
      return "td".indexOf(w.charAt(n - 3)) < 0;
    }
    return false;
  }

  /** a, e, i, o, u; and y, except first ("yes") or before a vowel ("employee", "player"). */
  private static boolean isVowel(String w, int i) {
    char c = w.charAt(i);
    if (c == 'y') {
      return i > 0 && !(i + 1 < w.length() && VOWELS.indexOf(w.charAt(i + 1)) >= 0);
    }
    return VOWELS.indexOf(c) >= 0;
  }

  private static boolean isConsonant(String w, int i) {
    return !isVowel(w, i);
  }
}
