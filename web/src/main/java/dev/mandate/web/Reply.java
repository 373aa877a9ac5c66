package dev.mandate.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A complete HTTP answer: status, media type, body bytes and extra headers. Endpoints return it
 * instead of writing to the response, so that an answer can be remembered for idempotent replay
 * and counted before it is sent. A body too large to hold in memory (a log bundle) is a {@link
 * Streamer} instead, written after the headers; such answers are never idempotent replays.
 */
record Reply(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers, Streamer stream) {
  /** Writes a large body straight to the response. Everything that can fail with a 4xx is checked before. */
  @FunctionalInterface
  interface Streamer {
    void writeTo(OutputStream out) throws IOException;
  }

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";
  static final byte[] EMPTY = new byte[0];

  Reply {
    headers = List.copyOf(headers);
  }

  Reply(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {
    this(status, contentType, body, headers, null);
  }

  static Reply streamed(int status, String contentType, Streamer stream) {
    return new Reply(status, contentType, EMPTY, List.of(), stream);
  }

  static Reply json(int status, byte[] body) {
    return new Reply(status, JSON, body, List.of());
  }

  static Reply of(int status, String contentType, byte[] body) {
    return new Reply(status, contentType, body, List.of());
  }

  static Reply noContent() {
    return new Reply(204, null, EMPTY, List.of());
  }

  Reply withHeader(String name, String value) {
    List<Map.Entry<String, String>> h = new ArrayList<>(headers);
    h.add(Map.entry(name, value));
    return new Reply(status, contentType, body, h, stream);
  }
}
