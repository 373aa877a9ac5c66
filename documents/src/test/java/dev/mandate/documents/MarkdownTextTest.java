package dev.mandate.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTextTest {

  @Test
  void escapesInlineSyntax() {
    assertThat(MarkdownText.escape("*a* _b_ `c` [d](e) <f> &amp; #1 | ~ \\"))
        .isEqualTo("\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> \\&amp; \\#1 \\| \\~ \\\\");
  }

  @Test
  void putsTextOnOneLineSoItCannotStartABlock() {
    assertThat(MarkdownText.escape("Payroll\n# Heading\r\n- item\u2028> quote\t\tend  "))
        .isEqualTo("Payroll \\# Heading - item \\> quote end");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    assertThat(MarkdownText.escape("Acme Payroll GmbH (Germany), 2026: pay, payslips & bank files."))
        .isEqualTo("Acme Payroll GmbH (Germany), 2026: pay, payslips \\& bank files.");
  }

  @Test
  void clauseDropsClosingPunctuationSoASentenceCanEndIt() {
    assertThat(MarkdownText.clause("Bluebell Bakeries B.V.")).isEqualTo("Bluebell Bakeries B.V");
    assertThat(MarkdownText.clause("Payroll for staff.  ")).isEqualTo("Payroll for staff");
    assertThat(MarkdownText.escape(null)).isEmpty();
  }
}
