package dev.mandate.web;

import dev.mandate.core.failure.ErrorCode;
import dev.mandate.core.failure.FieldError;
import java.util.List;

/**
 * A failure found by the HTTP layer itself (authentication, body, media type, route, parameters),
 * answered as a problem with a fixed status. Its message is shown to the client, so it never
 * contains personal data. No stack trace is captured: these are expected answers, not bugs.
 */
final class HttpProblem extends RuntimeException {
  private final int status;
  private final ErrorCode code;
  private final List<FieldError> errors;
  private final List<String[]> headers;

  HttpProblem(int status, ErrorCode code, String detail) {
    this(status, code, detail, List.of(), List.of());
  }

  HttpProblem(int status, ErrorCode code, String detail, List<FieldError> errors) {
    this(status, code, detail, errors, List.of());
  }

  HttpProblem(int status, ErrorCode code, String detail, List<FieldError> errors, List<String[]> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
    this.headers = List.copyOf(headers);
  }

  static HttpProblem badParameter(String name, String code, String message) {
    return new HttpProblem(400, ErrorCode.INVALID_REQUEST, message, List.of(new FieldError(name, code, message)));
  }

  int status() {
    return status;
  }

  ErrorCode code() {
    return code;
  }

  List<FieldError> errors() {
    return errors;
  }

  /** Extra response headers, e.g. {@code Allow} or {@code WWW-Authenticate}. */
  List<String[]> headers() {
    return headers;
  }
}
