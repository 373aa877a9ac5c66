package dev.mandate.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TermPhrasesTest {

  @Test
  void lowerCasesTitleCaseWordsButKeepsAcronymsAndArticleReferences() {
    assertThat(TermPhrases.natural("Personnel Payment")).isEqualTo("personnel payment");
    assertThat(TermPhrases.natural("IP Address")).isEqualTo("IP address");
    assertThat(TermPhrases.natural("Multi-Factor Authentication (MFA)")).isEqualTo("multi-factor authentication (MFA)");
    assertThat(TermPhrases.natural("Art 6(1-b) contract")).isEqualTo("Art 6(1-b) contract");
    assertThat(TermPhrases.natural("Improve Existing Products and Services"))
        .isEqualTo("improve existing products and services");
  }

  @Test
  void pluralisesDataSubjects() {
    assertThat(TermPhrases.plural("employee")).isEqualTo("employees");
    assertThat(TermPhrases.plural("job applicant")).isEqualTo("job applicants");
    assertThat(TermPhrases.plural("child")).isEqualTo("children");
    assertThat(TermPhrases.plural("elderly data subject")).isEqualTo("elderly data subjects");
    assertThat(TermPhrases.plural("parent of human")).isEqualTo("parent of human");
    assertThat(TermPhrases.plural("guardian(s) of data subject")).isEqualTo("guardian(s) of data subject");
  }

  @Test
  void joinsListsInPlainEnglish() {
    Function<String, String> same = s -> s;
    assertThat(TermPhrases.join(List.of(), same)).isEmpty();
    assertThat(TermPhrases.join(List.of("a"), same)).isEqualTo("a");
    assertThat(TermPhrases.join(List.of("a", "b"), same)).isEqualTo("a and b");
    assertThat(TermPhrases.join(List.of("a", "b", "c"), same)).isEqualTo("a, b and c");
  }

  @Test
  void namesCountriesInEnglishWithTheirCode() {
    assertThat(TermPhrases.country("DE")).isEqualTo("Germany (DE)");
    assertThat(TermPhrases.country("US")).isEqualTo("United States (US)");
    assertThat(TermPhrases.country("ZZ")).isEqualTo("ZZ");
    assertThat(TermPhrases.country("<b>")).isEqualTo("\\<b\\>");
  }
}
