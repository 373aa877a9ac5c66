package dev.mandate.core.vocabulary;

import java.util.List;

/**
 * One vocabulary term, named by its CURIE ({@code dpv:Marketing}, {@code pd:EmailAddress},
 * {@code eu-gdpr:A9-2-a}); {@code parents} are its broader terms as written in DPV ({@code
 * hasbroader}), and {@code specialCategory} says whether it or any ancestor is a GDPR Art. 9
 * special category.
 */
public record Term(String id, String iri, String label, TermKind kind, List<String> parents, boolean specialCategory) {
  public Term {
    parents = List.copyOf(parents);
  }
}
