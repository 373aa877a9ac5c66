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

  static boolean signal(List<String> values) {
    for (String v : values) {
      if (v != null && v.strip().equals("1")) {
        return true;
      }
    }
    return false;
  }
}
