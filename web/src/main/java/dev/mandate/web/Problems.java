package dev.mandate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mandate.core.failure.Conflict;
import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import dev.mandate.core.failure.Gone;
import dev.mandate.core.failure.Forbidden;
import dev.mandate.core.failure.InvalidInput;
import dev.mandate.core.failure.MandateException;
import dev.mandate.core.failure.NotFound;
import dev.mandate.core.failure.ProcessingDenied;
import dev.mandate.core.failure.Unavailable;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure into an RFC 9457 problem ({@code application/problem+json}). Expected
 * failures keep their stable {@link ErrorCode}; anything else is a 500 with a generic detail and
 * the request id, logged with the exception's classes and stack frames but without its messages
 * (a database error message can quote the personal data that caused it) and never with a body.
 */
final class Problems {
  static final String TYPE_BASE = "https://mandate.dev/problems/";
  private static final Logger LOG = Logger.getLogger("dev.mandate.web");
  private static final Map<ErrorCode, String> TYPES = new EnumMap<>(ErrorCode.class);
  private static final Map<ErrorCode, String> TITLES = new EnumMap<>(ErrorCode.class);

  static {
    for (ErrorCode c : ErrorCode.values()) {
      String kebab = c.name().toLowerCase(Locale.ROOT).replace('_', '-');
      TYPES.put(c, TYPE_BASE + kebab);
      TITLES.put(c, title(c));
    }
  }

  /** The problem body. {@code decision} is present only for PROCESSING_DENIED. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Problem(String type, String title, int status, String code, String detail, List<FieldError> errors,
      String requestId, Views.DeniedView decision) {
    Problem {
      errors = errors == null ? List.of() : errors;
    }
  }

  private final Json json;

  Problems(Json json) {
    this.json = json;
  }

  /** {@code INVALID_JSON} → "Invalid JSON", {@code API_KEY_NOT_FOUND} → "API key not found". */
  static String title(ErrorCode code) {
    StringBuilder sb = new StringBuilder();
    for (String word : code.name().split("_")) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      String w = word.toLowerCase(Locale.ROOT);
      if (w.equals("json") || w.equals("api")) {
        sb.append(word);
      } else if (sb.isEmpty()) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
      } else {
        sb.append(w);
      }
    }
    return sb.toString();
  }

  static String type(ErrorCode code) {
    return TYPES.get(code);
  }

  /** The HTTP status for a core failure. */
  static int status(MandateException e) {
    return switch (e) {
      case InvalidInput i -> 400;
      case NotFound n -> 404;
      case Conflict c -> c.code() == ErrorCode.IDEMPOTENCY_KEY_REUSED ? 422 : 409;
      case Forbidden f -> 403;
      case ProcessingDenied p -> 403;
      case Unavailable u -> 503;
      case Gone g -> 410;
    };
  }

  /** The answer for any failure; {@code route} (a template, never a raw path) is only for the log. */
  Reply reply(Throwable t, String requestId, String method, String route) {
    return switch (t) {
      case HttpProblem p -> {
        Reply r = problem(p.status(), p.code(), p.getMessage(), p.errors(), requestId, null);
        for (String[] h : p.headers()) {
          r = r.withHeader(h[0], h[1]);
        }
        yield r;
      }
      case ProcessingDenied d -> problem(403, d.code(), d.getMessage(), List.of(), requestId,
          d.decision() == null ? null : Views.DeniedView.of(d.decision()));
      case Unavailable u -> {
        LOG.log(Level.WARNING, () -> "Unavailable (" + u.code() + ") in " + method + " " + route + ", request "
            + requestId + ": " + Problems.describe(u.getCause()));
        yield problem(503, u.code(), u.getMessage(), List.of(), requestId, null).withHeader("Retry-After", "1");
      }
      case MandateException m -> problem(status(m), m.code(), m.getMessage(), m.errors(), requestId, null);
      default -> {
        LOG.log(Level.SEVERE, () -> "Unexpected failure in " + method + " " + route + ", request " + requestId + ": "
            + describe(t));
        yield problem(500, ErrorCode.INTERNAL_ERROR,
            "An unexpected error occurred. Quote request id " + requestId + " when reporting it.", List.of(),
            requestId, null);
      }
    };
  }

  Reply problem(int status, ErrorCode code, String detail, List<FieldError> errors, String requestId,
      Views.DeniedView decision) {
    Problem p = new Problem(TYPES.get(code), TITLES.get(code), status, code.name(), detail, errors, requestId,
        decision);
    return Reply.of(status, Reply.PROBLEM_JSON, json.write(p));
  }

  /**
   * Exception classes and stack frames, cause by cause, without messages: messages of unexpected
   * exceptions (SQL errors, parser errors) may quote personal data.
   */
  static String describe(Throwable t) {
    if (t == null) {
      return "(no cause)";
    }
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    for (Throwable c = t; c != null && depth < 8; c = c.getCause(), depth++) {
      if (depth > 0) {
        sb.append("\nCaused by: ");
      }
      sb.append(c.getClass().getName());
      if (c instanceof MandateException m) {
        sb.append(" [").append(m.code()).append(']');
      }
      StackTraceElement[] frames = c.getStackTrace();
      for (int i = 0; i < frames.length && i < 40; i++) {
        sb.append("\n\tat ").append(frames[i]);
      }
      if (frames.length > 40) {
        sb.append("\n\t... ").append(frames.length - 40).append(" more");
      }
    }
    return sb.toString();
  }
}
