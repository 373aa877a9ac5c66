package dev.mandate.web;

import java.util.List;

/**
 * Global Privacy Control (privacycg/gpc-spec): a request carries the signal when a {@code Sec-GPC}
 * field value is exactly "1" (surrounding whitespace is not part of an HTTP field value, RFC 9110
 * §5.5); any other value is ignored, as if the header were absent.
 */
final class Gpc {
  static final String HEADER = "Sec-GPC";
  static final String SUPPORT_RESOURCE = "{\"gpc\":true,\"lastUpdate\":\"2026-11-29\"}";

  private Gpc() {}

  /** RFC 9110 §5.6.3: optional whitespace is spaces and horizontal tabs only. */
  static String trimOws(String v) {
    int start = 0;
    int end = v.length();
    while (start < end && (v.charAt(start) == ' ' || v.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (v.charAt(end - 1) == ' ' || v.charAt(end - 1) == '\t')) {
      end--;
    }
    return v.substring(start, end);
  }

  static boolean signal(List<String> values) {
    for (String v : values) {
      if (v != null && trimOws(v).equals("1")) {
        return true;
      }
    }
    return false;
  }
}
