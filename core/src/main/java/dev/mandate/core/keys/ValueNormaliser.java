package dev.mandate.core.keys;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * Puts a value in the canonical form its blind index is computed over, so that lookups match
 * however the value was typed. Every value is NFKC-normalised and stripped of surrounding white
 * space; e-mail addresses and user names are also lower-cased; telephone numbers keep only
 * decimal digits (as ASCII) and {@code +}.
 */
public final class ValueNormaliser {

  private ValueNormaliser() {}

  public static String normalise(String dataCategory, String value) {
    Objects.requireNonNull(value, "value");
    String nfkc = Normalizer.normalize(value, Normalizer.Form.NFKC).strip();
    return switch (dataCategory) {
      case "pd:EmailAddress", "pd:Username" -> nfkc.toLowerCase(Locale.ROOT);
      case "pd:TelephoneNumber" -> digitsAndPlus(nfkc);
      case null, default -> nfkc;
    };
  }

  private static String digitsAndPlus(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (cp == '+') {
        out.append('+');
      } else if (Character.isDigit(cp)) {
        out.append((char) ('0' + Character.digit(cp, 10)));
      }
    });
    return out.toString();
  }
}
