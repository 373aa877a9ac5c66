package dev.mandate.core.instruction;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** The id of a customer instruction, stable across its versions, e.g. {@code ins_5f2a…}. */
public record InstructionId(String value) {
  private static final Pattern FORM = Pattern.compile("ins_[a-z0-9]{20}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  public InstructionId {
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException("an instruction id is ins_ followed by 20 lowercase letters or digits");
    }
  }

  public static boolean isWellFormed(String value) {
    return value != null && FORM.matcher(value).matches();
  }

  public static InstructionId random() {
    char[] c = new char[20];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new InstructionId("ins_" + new String(c));
  }
}
