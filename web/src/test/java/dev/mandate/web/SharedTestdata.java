package dev.mandate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads ../shared/testdata (written by others, never edited): found upwards from the working directory. */
final class SharedTestdata {
  private SharedTestdata() {}

  /** The JSON file at {@code relative} below shared/testdata, e.g. {@code tcf/gpc-signal-cases.json}. */
  static JsonNode json(String relative) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      for (Path c : List.of(p.resolve("shared/testdata").resolve(relative), p.resolve("../shared/testdata").resolve(relative))) {
        if (Files.exists(c)) {
          try {
            return new ObjectMapper().readTree(c.toFile());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
    }
    throw new IllegalStateException("../shared/testdata/" + relative + " not found above " + Path.of("").toAbsolutePath());
  }
}
