package dev.mandate.core.instruction;

import dev.mandate.core.vocabulary.Csv;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference data that changes over time (privacy-requirements §2), kept as dated rows rather than
 * constants, so an instruction is judged by the law as it stood on the analysis date:
 *
 * <ul>
 *   <li>sets, e.g. {@code cpra-sensitive}: CSV {@code value,from,until,source};
 *   <li>adequacy lists, e.g. {@code EU-GDPR}: CSV {@code country,scope,from,until,instrument}, where
 *       scope is {@code HOME} (inside the law's own area), {@code FULL}, or {@code DPF} (only for
 *       recipients certified under the Data Privacy Framework).
 * </ul>
 *
 * {@code from} and {@code until} are ISO dates; an empty {@code until} means still in force.
 */
public final class ReferenceData {
  private final Map<String, List<Row>> sets;
  private final Map<String, List<Row>> adequacy;

  /** One dated row; {@code scope} is only used by adequacy lists. */
  public record Row(String value, String scope, LocalDate from, LocalDate until, String source) {
    boolean inForce(LocalDate on) {
      return !on.isBefore(from) && (until == null || on.isBefore(until));
    }
  }

  private ReferenceData(Map<String, List<Row>> sets, Map<String, List<Row>> adequacy) {
    this.sets = sets;
    this.adequacy = adequacy;
  }

  /** Reads the CSV texts; names are the set or list names. Throws naming the file and line on bad data. */
  public static ReferenceData parse(Map<String, String> setCsv, Map<String, String> adequacyCsv) {
    Map<String, List<Row>> sets = new HashMap<>();
    setCsv.forEach((name, text) -> sets.put(name, rows(name, text, false)));
    Map<String, List<Row>> adequacy = new HashMap<>();
    adequacyCsv.forEach((name, text) -> adequacy.put(name, rows(name, text, true)));
    return new ReferenceData(Map.copyOf(sets), Map.copyOf(adequacy));
  }

  private static List<Row> rows(String name, String text, boolean withScope) {
    List<List<String>> lines = Csv.parse(text);
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      List<String> l = lines.get(i);
      int need = withScope ? 5 : 4;
      if (l.size() < need) {
        throw new IllegalArgumentException(name + " line " + (i + 1) + ": expected " + need + " columns");
      }
      try {
        int c = withScope ? 2 : 1;
        rows.add(new Row(l.get(0).strip(), withScope ? l.get(1).strip() : null, LocalDate.parse(l.get(c).strip()),
            l.get(c + 1).isBlank() ? null : LocalDate.parse(l.get(c + 1).strip()), l.get(c + 2).strip()));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(name + " line " + (i + 1) + ": dates are YYYY-MM-DD");
      }
    }
    return List.copyOf(rows);
  }

  public boolean hasSet(String name) {
    return sets.containsKey(name);
  }

  public boolean hasAdequacyList(String name) {
    return adequacy.containsKey(name);
  }

  /** Whether {@code value} is in the set on {@code on}. */
  public boolean contains(String set, String value, LocalDate on) {
    for (Row r : sets.getOrDefault(set, List.of())) {
      if (r.value().equals(value) && r.inForce(on)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether data may go to {@code country} under the list's law on {@code on} without an Art. 46
   * safeguard: the country is in the law's own area, or has an adequacy finding in force whose
   * scope covers the recipient ({@code DPF}: only a certified recipient).
   */
  public boolean adequate(String list, String country, boolean dpfCertified, LocalDate on) {
    for (Row r : adequacy.getOrDefault(list, List.of())) {
      if (r.value().equals(country) && r.inForce(on) && (!"DPF".equals(r.scope()) || dpfCertified)) {
        return true;
      }
    }
    return false;
  }

  /** The rows of a set or list, for reports and tests. */
  public List<Row> rows(String name) {
    return sets.containsKey(name) ? sets.get(name) : adequacy.getOrDefault(name, List.of());
  }
}
