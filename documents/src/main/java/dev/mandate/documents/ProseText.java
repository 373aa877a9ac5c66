package dev.mandate.documents;

import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;

/**
 * The prose of a rendered agreement, as plain text for the readability score: the paragraphs and
 * list items under the second-level headings, without Markdown syntax and without the term ids
 * in parentheses ("name (pd:Name)" → "name"). Headings are not sentences and are left out, and so
 * is the title block (version, hash, dates), which is reference data rather than prose.
 */
final class ProseText extends AbstractVisitor {
  /** A term id in parentheses: "(dpv:Use)", "(eu-gdpr:A6-1-b)", "(custom:MonthlyPayroll)". */
  private static final Pattern TERM_ID = Pattern.compile("\\s*\\([A-Za-z][\\w-]*:[^\\s()]+\\)");

  private final StringBuilder text = new StringBuilder();
  private boolean inBody;

  private ProseText() {}

  static String of(Node document) {
    ProseText prose = new ProseText();
    document.accept(prose);
    return TERM_ID.matcher(prose.text).replaceAll("");
  }

  @Override
  public void visit(Heading heading) {
    if (heading.getLevel() == 2) {
      inBody = true;
    }
  }

  @Override
  public void visit(Paragraph paragraph) {
    if (inBody) {
      int start = text.length();
      visitChildren(paragraph);
      String added = text.substring(start).strip();
      if (!added.isEmpty() && !added.matches("(?s).*[.!?]$")) {
        text.append('.');
      }
      text.append('\n');
    }
  }

  @Override
  public void visit(Text node) {
    text.append(node.getLiteral());
  }

  @Override
  public void visit(Code code) {
    text.append(code.getLiteral());
  }

  @Override
  public void visit(SoftLineBreak lineBreak) {
    text.append(' ');
  }

  @Override
  public void visit(HardLineBreak lineBreak) {
    text.append(' ');
  }
}
