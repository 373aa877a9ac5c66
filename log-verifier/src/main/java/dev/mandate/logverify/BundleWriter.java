package dev.mandate.logverify;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;

/**
 * Writes a proof bundle in the format {@link BundleVerifier} reads: the JSON header line, then
 * entries [from, to) one per line, byte for byte. The caller supplies the tree's full subtrees
 * ({@link NodeSource}) and the entries in order.
 */
public final class BundleWriter {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * What goes into the header. {@code since} is the size of a checkpoint the reader holds, or null.
   */
  public record Header(String customer, String origin, long from, long to, long treeSize, String checkpointNote,
      Long since, List<String> verifierKeys) {}

  private BundleWriter() {}

  public static void write(OutputStream out, Header h, NodeSource nodes, Iterator<byte[]> entries) throws IOException {
    if (h.from() < 0 || h.from() > h.to() || h.to() > h.treeSize()
        || (h.since() != null && (h.since() < 0 || h.since() > h.treeSize()))) {
      throw new IllegalArgumentException("bundle range outside the tree");
    }
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeStringField("format", BundleVerifier.FORMAT);
      g.writeStringField("customer", h.customer());
      g.writeStringField("origin", h.origin());
      g.writeNumberField("from", h.from());
      g.writeNumberField("to", h.to());
      g.writeNumberField("treeSize", h.treeSize());
      g.writeStringField("checkpoint", h.checkpointNote());
      g.writeArrayFieldStart("leftHashes");
      for (Subtree s : CompactRange.peaksOf(h.from())) {
        g.writeString(Hashes.hex(nodes.node(s.height(), s.index())));
      }
      g.writeEndArray();
      g.writeArrayFieldStart("rightHashes");
      for (Subtree s : CompactRange.cover(h.to(), h.treeSize())) {
        g.writeString(Hashes.hex(nodes.node(s.height(), s.index())));
      }
      g.writeEndArray();
      if (h.since() != null) {
        g.writeObjectFieldStart("consistency");
        g.writeNumberField("fromSize", h.since());
        g.writeStringField("fromRoot", Hashes.hex(Proofs.root(h.since(), nodes)));
        g.writeArrayFieldStart("proof");
        for (byte[] hash : Proofs.consistency(h.since(), h.treeSize(), nodes)) {
          g.writeString(Hashes.hex(hash));
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeArrayFieldStart("verifierKeys");
      for (String k : h.verifierKeys()) {
        g.writeString(k);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    long written = 0;
    while (entries.hasNext()) {
      byte[] entry = entries.next();
      out.write(entry);
      out.write('\n');
      written++;
    }
    if (written != h.to() - h.from()) {
      throw new IllegalStateException("the bundle needs " + (h.to() - h.from()) + " entries, got " + written);
    }
    out.flush();
  }
}
