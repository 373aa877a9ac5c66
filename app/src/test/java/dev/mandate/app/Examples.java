package dev.mandate.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The JSON files in examples/ that the README pastes; tests use the very same files. */
final class Examples {
  private Examples() {}

  static Path dir() {
    String root = System.getProperty("mandate.repoRoot");
    return (root != null ? Path.of(root) : Path.of("..")).resolve("examples");
  }

  static ObjectNode read(String name) {
    try {
      return (ObjectNode) TestServer.JSON.readTree(dir().resolve(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode copy(String name) {
    return read(name).deepCopy();
  }
}
