package dev.mandate.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

class ProseTextTest {

  @Test
  void keepsTheBodyProseWithoutHeadingsMarkdownOrTermIds() {
    String markdown = """
        # Agreement with Acme

        - Version: 2
        - Terms hash (SHA-256): 0a1b2c

        ## Purposes

        ### Clause 1: Personnel payment

        We use the data only for personnel payment (dpv:PersonnelPayment).
        The legal basis is: Art 6(1-b) contract (eu-gdpr:A6-1-b).

        ## Where the data is

        - Germany (DE): we *store* it here
        - The name is Acme \\*Tools\\* (custom:Tools)
        """;
    assertThat(ProseText.of(Parser.builder().build().parse(markdown))).isEqualTo("""
        We use the data only for personnel payment. The legal basis is: Art 6(1-b) contract.
        Germany (DE): we store it here.
        The name is Acme *Tools*.
        """);
  }
}
