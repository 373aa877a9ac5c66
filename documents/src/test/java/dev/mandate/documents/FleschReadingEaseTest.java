package dev.mandate.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mandate.documents.FleschReadingEase.Counts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleschReadingEaseTest {

  @ParameterizedTest(name = "{0} has {1} syllables")
  @CsvSource({
    "the, 1", "we, 1", "data, 2", "only, 2", "personal, 3", "processing, 3", "categories, 4",
    "advertising, 4", "organisational, 6", "agreement, 3",
    // silent final e, but not -le after a consonant, and not after a vowel
    "store, 1", "use, 1", "time, 1", "whole, 1", "people, 2", "table, 2", "suitable, 3", "free, 1",
    "undue, 2",
    // -es: silent after most consonants, spoken after s, x, z, c, g, ch, sh and after vowels
    "names, 1", "measures, 2", "requires, 2", "uses, 2", "purposes, 3", "tables, 2", "salaries, 3",
    "notifies, 3",
    // -ed: silent unless after t or d or a vowel
    "used, 1", "allowed, 2", "needed, 2", "instructed, 3", "agreed, 2",
    // y: a consonant first or before a vowel
    "yes, 1", "you, 1", "years, 1", "employees, 3", "player, 2", "by, 1", "Germany, 3", "stays, 1",
    // hyphenated parts count separately; case and punctuation do not matter
    "e-mail, 2", "multi-factor, 4", "Payroll, 2", "person's, 2"
  })
  void countsSyllablesOfKnownWords(String word, int expected) {
    assertThat(FleschReadingEase.syllables(word)).isEqualTo(expected);
  }

  @Test
  void scoresAnEasySentencePairByHand() {
    // 16 words, 2 sentences; we1 delete2 the1 data2 when1 the1 contract2 ends1 = 11,
    // you1 can1 ask1 us1 for1 a1 copy2 first1 = 9: 206.835 - 1.015*8 - 84.6*20/16 = 92.965
    String text = "We delete the data when the contract ends. You can ask us for a copy first.";
    assertThat(FleschReadingEase.count(text)).isEqualTo(new Counts(2, 16, 20));
    assertThat(FleschReadingEase.count(text).rawScore()).isCloseTo(92.965, within(1e-9));
    assertThat(FleschReadingEase.score(text)).isEqualTo(93.0);
  }

  @Test
  void scoresAPlainSentencePairByHand() {
    // we1 use1 the1 data2 only2 to1 pay1 your1 employees3 = 13, we1 keep1 it1 for1 seven2 years1 = 7
    // 206.835 - 1.015*15/2 - 84.6*20/15 = 86.4225
    String text = "We use the data only to pay your employees. We keep it for seven years.";
    assertThat(FleschReadingEase.count(text)).isEqualTo(new Counts(2, 15, 20));
    assertThat(FleschReadingEase.score(text)).isEqualTo(86.4);
  }

  @Test
  void scoresADifficultSentenceByHand() {
    // personal3 data2 about2 employees3 stays1 in1 Germany3 and1 we1 delete2 it1 after2 the1
    // retention3 time1 = 27: 206.835 - 1.015*15 - 84.6*27/15 = 39.33
    String text = "Personal data about employees stays in Germany, and we delete it after the retention time.";
    assertThat(FleschReadingEase.count(text)).isEqualTo(new Counts(1, 15, 27));
    assertThat(FleschReadingEase.score(text)).isEqualTo(39.3);
  }

  @Test
  void scoresLegaleseLowByHand() {
    // the1 processor3 notifies3 the1 controller3 about2 every3 personal3 data2 breach1 without2
    // undue2 delay2 = 28: 206.835 - 1.015*13 - 84.6*28/13 = 11.4246...
    String text = "The processor notifies the controller about every personal data breach without undue delay.";
    assertThat(FleschReadingEase.count(text)).isEqualTo(new Counts(1, 13, 28));
    assertThat(FleschReadingEase.score(text)).isEqualTo(11.4);
  }

  @Test
  void clampsTheReportedScoreToZeroToHundred() {
    String veryEasy = "We keep the data for two years.";
    String veryHard = "Personal data requires suitable organisational controls.";
    assertThat(FleschReadingEase.count(veryEasy).rawScore()).isGreaterThan(100);
    assertThat(FleschReadingEase.score(veryEasy)).isEqualTo(100.0);
    assertThat(FleschReadingEase.count(veryHard).rawScore()).isLessThan(0);
    assertThat(FleschReadingEase.score(veryHard)).isEqualTo(0.0);
  }

  @Test
  void countsNumbersAsOneSyllableWordsAndIgnoresColonsAsSentenceEnds() {
    assertThat(FleschReadingEase.count("We keep it for 2,555 days: at most."))
        .isEqualTo(new Counts(1, 8, 8));
  }

  @Test
  void scoresTextWithoutWordsAsZero() {
    assertThat(FleschReadingEase.score("")).isEqualTo(0.0);
    assertThat(FleschReadingEase.score(" . - ")).isEqualTo(0.0);
  }
}
