package dev.mandate.core.agreement;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds wording that makes the service depend on marketing consent (ISO 27701 8.2.3: consent must
 * never be a condition of service), e.g. "Accounts are created only for users who accept
 * newsletters". A sentence is flagged when it names the service, marketing, a consent action and
 * a condition, and does not say the opposite ("optional", "never required", "whether or not").
 * It is a word-level check, not an understanding of the text: it names the sentence so a person
 * can rewrite it.
 */
public final class ConsentConditions {
  private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?;])\\s+|\\n+");
  private static final Pattern SERVICE = word("accounts?|service|services|access|register|registration|sign-?up|"
      + "orders?|checkout|purchases?|delivery|support|log ?in|login|app|platform|membership|contract|use the");
  private static final Pattern MARKETING = word("newsletters?|marketing|advertising|advertisements?|ads|promotions?|"
      + "promotional|offers|mailing lists?|commercial e-?mails?|direct mail");
  private static final Pattern CONSENT = word("consents?|consenting|accepts?|accepting|agrees?|agreeing|opts? ?-?in|"
      + "opting ?-?in|subscribes?|subscribing|signs? up|tick|ticks");
  private static final Pattern CONDITION = word("only|unless|must|required|requires|condition|conditional|mandatory|"
      + "cannot|can't|may not|will not|won't|provided that|as long as|in exchange for|prerequisite");
  private static final Pattern OPPOSITE = word("optional|never|not required|not a condition|regardless|whether or not|"
      + "not mandatory|free to refuse|independent(ly)? of|without affecting");

  /** A sentence that opens with marketing is about the marketing ("Newsletters go only to those who opt in"). */
  private static final Pattern ABOUT_MARKETING = Pattern.compile("^(the |our |all |any |its |their )?(" + MARKETING.pattern()
      .substring(3, MARKETING.pattern().length() - 3) + ")\\b");

  private ConsentConditions() {}

  /** The first sentence of {@code text} that makes the service conditional on marketing consent. */
  public static Optional<String> find(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    for (String sentence : SENTENCES.split(text)) {
      String s = sentence.toLowerCase(Locale.ROOT);
      if (SERVICE.matcher(s).find() && MARKETING.matcher(s).find() && CONSENT.matcher(s).find()
          && CONDITION.matcher(s).find() && !OPPOSITE.matcher(s).find() && !ABOUT_MARKETING.matcher(s.strip()).find()) {
        return Optional.of(sentence.strip());
      }
    }
    return Optional.empty();
  }

  /** The error message for a flagged sentence. */
  static String message(String sentence) {
    String shown = sentence.length() > 200 ? sentence.substring(0, 200) + "…" : sentence;
    return "'" + shown + "' makes the service depend on marketing consent. ISO/IEC 27701 8.2.3 forbids making such"
        + " consent a condition of service: provide the service to everyone and let people choose marketing separately.";
  }

  private static Pattern word(String alternatives) {
    return Pattern.compile("\\b(" + alternatives + ")\\b");
  }
}
