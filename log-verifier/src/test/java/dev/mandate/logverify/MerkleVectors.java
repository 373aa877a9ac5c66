package dev.mandate.logverify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the shared Merkle vectors in {@code shared/testdata/merkle} (see its README). */
final class MerkleVectors {
  static final Path DIR = Path.of(System.getProperty("mandate.sharedTestdata", "../../shared/testdata"), "merkle");
  private static final ObjectMapper JSON = new ObjectMapper();

  private MerkleVectors() {}

  static JsonNode read(String file) {
    try {
      return JSON.readTree(DIR.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode referenceTree() {
    return read("rfc6962-reference-tree.json");
  }

  /** A JSON number as an unsigned 64-bit value, so the probe with index 2^64-1 becomes -1. */
  static long u64(JsonNode n) {
    return Long.parseUnsignedLong(n.asText());
  }

  /** Hex, or null for JSON null. */
  static byte[] bytes(JsonNode n) {
    return n == null || n.isNull() ? null : Hashes.fromHex(n.asText());
  }

  static List<byte[]> hashes(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(n -> out.add(Hashes.fromHex(n.asText())));
    return out;
  }

  static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(Hashes::hex).toList();
  }

  /** The reference tree's leaf inputs. */
  static TestTree referenceLeaves() {
    List<byte[]> entries = new ArrayList<>();
    referenceTree().get("leafInputsHex").forEach(n -> entries.add(Hashes.fromHex(n.asText())));
    return TestTree.ofEntries(entries);
  }
}
