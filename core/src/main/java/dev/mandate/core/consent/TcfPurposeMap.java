package dev.mandate.core.consent;

import dev.mandate.core.vocabulary.Csv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which IAB TCF v2.2 purposes stand for which DPV purpose (privacy-requirements §3.7), read from
 * the data file {@code consent/tcf-purposes.csv}. A TC string gives consent to a DPV purpose only
 * if it gives consent to every TCF purpose listed for it. {@code consentRequired} marks the DPV
 * purposes (ads and content personalisation) that the decision point gates on consent.
 */
public final class TcfPurposeMap {
  /** One row: a DPV purpose, the TCF purposes that make it up, and whether it needs consent. */
  public record Mapping(String dpvPurpose, Set<Integer> tcfPurposes, boolean consentRequired) {
    public Mapping {
      tcfPurposes = Set.copyOf(tcfPurposes);
    }
  }

  private final Map<String, Mapping> byPurpose;

  private TcfPurposeMap(Map<String, Mapping> byPurpose) {
    this.byPurpose = byPurpose;
  }

  /** The map shipped with Mandate. */
  public static TcfPurposeMap standard() {
    try (InputStream in = TcfPurposeMap.class.getResourceAsStream("/consent/tcf-purposes.csv")) {
      if (in == null) {
        throw new IllegalStateException("consent/tcf-purposes.csv is missing from the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TcfPurposeMap parse(String csv) {
    List<List<String>> rows = Csv.parse(csv);
    Map<String, Mapping> map = new LinkedHashMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      Set<Integer> tcf = new TreeSet<>();
      for (String p : row.get(1).split(";")) {
        int id = Integer.parseInt(p.trim());
        if (id < 1 || id > 24) {
          throw new IllegalStateException("TCF purpose " + id + " out of range in tcf-purposes.csv");
        }
        tcf.add(id);
      }
      map.put(row.get(0), new Mapping(row.get(0), tcf, Boolean.parseBoolean(row.get(2))));
    }
    return new TcfPurposeMap(java.util.Collections.unmodifiableMap(map));
  }

  public List<Mapping> mappings() {
    return new ArrayList<>(byPurpose.values());
  }

  /** Whether the DPV purpose is one of the TCF ads or content-personalisation purposes that need consent. */
  public boolean consentRequired(String dpvPurpose) {
    Mapping m = byPurpose.get(dpvPurpose);
    return m != null && m.consentRequired();
  }
}
