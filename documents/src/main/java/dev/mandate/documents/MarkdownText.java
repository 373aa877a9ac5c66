package dev.mandate.documents;

import java.util.regex.Pattern;

/**
 * Makes customer-supplied text (names, subject matter, labels) safe inside one line of Markdown.
 *
 * <p>The text is put on one line (so it can never start a heading, list, quote or code block) and
 * every character that could start inline syntax is backslash-escaped: emphasis, code spans,
 * links and images, raw HTML, entities and a heading's closing {@code #}s. {@code |} and {@code ~}
 * are escaped too, so adding the table or strikethrough extensions later stays safe.
 */
final class MarkdownText {
  private static final Pattern LINE_BREAKS_AND_CONTROLS =
      Pattern.compile("[\\s\\p{Cntrl}\\u0085\\u2028\\u2029]+");
  private static final String SPECIAL = "\\`*_[]<>#&|~";

  private MarkdownText() {}

  /** The text on one line: line breaks, tabs and control characters become single spaces. */
  static String oneLine(String text) {
    return text == null ? "" : LINE_BREAKS_AND_CONTROLS.matcher(text).replaceAll(" ").strip();
  }

  static String escape(String text) {
    String line = oneLine(text);
    StringBuilder out = new StringBuilder(line.length() + 8);
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (SPECIAL.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Escaped, without the final full stop or other closing punctuation, so a sentence can end it. */
  static String clause(String text) {
    return escape(text).replaceAll("[\\s.!?;:,]+$", "");
  }
}
