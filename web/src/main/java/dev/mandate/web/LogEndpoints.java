package dev.mandate.web;

import dev.mandate.core.processinglog.ConsistencyProof;
import dev.mandate.core.processinglog.InclusionProof;
import dev.mandate.core.processinglog.LogProofs;
import dev.mandate.core.processinglog.SignedCheckpoint;
import dev.mandate.core.processinglog.SigningKey;
import dev.mandate.core.processinglog.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/customers/{customerId}/log/…} and {@code /v1/log/signing-keys}: the verifiable
 * processing log (ISO 27701 8.2.6, PR-826-02; docs/design/processing-log.md). Checkpoints, entries
 * byte for byte, inclusion and consistency proofs, proof bundles, and the public checkpoint keys.
 */
final class LogEndpoints {
  static final String NOTE = "text/plain; charset=utf-8";
  static final String NDJSON = "application/x-ndjson";

  private final LogProofs proofs;

  LogEndpoints(LogProofs proofs) {
    this.proofs = proofs;
  }

  Reply checkpoint(Exchange x) {
    return checkpointReply(x, proofs.latestCheckpoint(x.principal(), x.customer()));
  }

  Reply signCheckpoint(Exchange x) {
    return checkpointReply(x, proofs.checkpointNow(x.principal(), x.customer()));
  }

  private static Reply checkpointReply(Exchange x, SignedCheckpoint c) {
    if (format(x, "json", "note").equals("note")) {
      return Reply.of(200, NOTE, c.note().getBytes(StandardCharsets.UTF_8));
    }
    return x.ok(new CheckpointView(c.customer().value(), c.origin(), c.size(), c.rootHash(), c.signedAt(), c.vkey(),
        c.note()));
  }

  Reply entries(Exchange x) {
    long from = x.longQuery("from", 0);
    Long to = optionalLong(x, "to");
    List<StoredEntry> entries = proofs.entries(x.principal(), x.customer(), from, to);
    long end = entries.isEmpty() ? from : entries.getLast().index() + 1;
    return x.ok(new EntryPage(entries.stream().map(e -> new EntryView(e.index(), e.leafHash(), e.entry())).toList(),
        from, end));
  }

  Reply inclusion(Exchange x) {
    long index = longPath(x, "index");
    Long treeSize = optionalLong(x, "treeSize");
    InclusionProof p = proofs.inclusion(x.principal(), x.customer(), index, treeSize);
    return x.ok(p);
  }

  Reply consistency(Exchange x) {
    long from = x.longQuery("from", 0);
    Long to = optionalLong(x, "to");
    ConsistencyProof p = proofs.consistency(x.principal(), x.customer(), from, to);
    return x.ok(p);
  }

  Reply bundle(Exchange x) {
    Long from = optionalLong(x, "from");
    Long to = optionalLong(x, "to");
    Instant start = time(x, "start");
    Instant end = time(x, "end");
    Long since = optionalLong(x, "since");
    proofs.checkBundle(x.principal(), x.customer(), from, to, start, end, since);
    return Reply.streamed(200, NDJSON, out -> proofs.bundle(x.principal(), x.customer(), from, to, start, end, since, out))
        .withHeader("Content-Disposition", "attachment; filename=\"log-bundle-" + x.customer().value() + ".ndjson\"");
  }

  Reply signingKeys(Exchange x) {
    List<SigningKey> keys = proofs.signingKeys(x.principal());
    if (format(x, "json", "text").equals("text")) {
      StringBuilder text = new StringBuilder();
      keys.forEach(k -> text.append(k.vkey()).append('\n'));
      return Reply.of(200, NOTE, text.toString().getBytes(StandardCharsets.UTF_8));
    }
    return x.ok(new KeyPage(keys.stream().map(KeyView::of).toList()));
  }

  Reply rotateSigningKey(Exchange x) {
    return x.created(KeyView.of(proofs.rotateSigningKey(x.principal())));
  }

  private static String format(Exchange x, String... allowed) {
    String f = x.query("format").orElse(allowed[0]);
    for (String a : allowed) {
      if (a.equals(f)) {
        return f;
      }
    }
    throw HttpProblem.badParameter("format", "INVALID_VALUE", "format is " + String.join(" or ", allowed) + ".");
  }

  /** An integer query parameter, or null when it is not given. */
  private static Long optionalLong(Exchange x, String name) {
    return x.query(name).isPresent() ? x.longQuery(name, 0) : null;
  }

  private static long longPath(Exchange x, String name) {
    try {
      return Long.parseLong(x.path(name));
    } catch (NumberFormatException e) {
      throw HttpProblem.badParameter(name, "NOT_AN_INTEGER", name + " must be an integer.");
    }
  }

  /** An ISO date (meaning 00:00 UTC) or an instant with an offset. */
  private static Instant time(Exchange x, String name) {
    Optional<String> raw = x.query(name);
    if (raw.isEmpty()) {
      return null;
    }
    try {
      return raw.get().length() == 10 ? LocalDate.parse(raw.get()).atStartOfDay(ZoneOffset.UTC).toInstant()
          : java.time.OffsetDateTime.parse(raw.get()).toInstant();
    } catch (DateTimeParseException e) {
      throw HttpProblem.badParameter(name, "INVALID_FORMAT", name + " is a date (2026-11-01) or a time with an offset"
          + " (2026-11-01T09:00:00Z).");
    }
  }

  record CheckpointView(String customer, String origin, long size, String rootHash, Instant signedAt, String vkey,
      String note) {}

  record EntryView(long index, String leafHash, String entry) {}

  record EntryPage(List<EntryView> items, long from, long to) {}

  record KeyView(String vkey, Instant createdAt, Instant retiredAt, boolean current) {
    static KeyView of(SigningKey k) {
      return new KeyView(k.vkey(), k.createdAt(), k.retiredAt(), k.current());
    }
  }

  record KeyPage(List<KeyView> items) {}
}
