package dev.mandate.web;

/**
 * Matches a request path against a route template such as
 * {@code /v1/customers/{customerId}/agreement}: literal segments must be equal and a
 * {@code {name}} segment matches any one non-empty segment. Used only off the hot path, to tell
 * 404 from 405 for requests that no route took.
 */
final class PathTemplate {
  private final String[] segments;

  PathTemplate(String template) {
    this.segments = split(template);
  }

  boolean matches(String path) {
    String[] parts = split(path);
    if (parts.length != segments.length) {
      return false;
    }
    for (int i = 0; i < parts.length; i++) {
      String s = segments[i];
      boolean variable = s.startsWith("{") && s.endsWith("}");
      if (variable ? parts[i].isEmpty() : !s.equals(parts[i])) {
        return false;
      }
    }
    return true;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.split("/", -1);
  }
}
