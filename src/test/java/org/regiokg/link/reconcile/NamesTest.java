package org.regiokg.link.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How reconciliation compares names. Unit: no store. */
class NamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "TRILUX GmbH & Co. KG        | trilux",
            "Märkischer Kreis            | maerkischer kreis",
            "maerkischer kreis           | maerkischer kreis",
            "Verein Digitales Forum e.V. | verein digitales forum",
            "Otto Fuchs KG               | otto fuchs",
            "SSI Schäfer                 | ssi schaefer",
            "Utsch AG                    | utsch",
            "Foo UG (haftungsbeschränkt) | foo",
    })
    void theKeyOfANameLeavesLegalFormsOut(String name, String key) {
        assertThat(Names.key(name)).isEqualTo(key);
    }

    @Test
    void aNameOfLegalFormsOnlyKeepsThem() {
        assertThat(Names.words("GmbH & Co. KG")).containsExactly("gmbh", "co", "kg");
    }

    @Test
    void noNameHasNoWords() {
        assertThat(Names.words(null)).isEmpty();
        assertThat(Names.words("  & ")).isEmpty();
        assertThat(Names.similarity("", "Trilux")).isZero();
    }

    @Test
    void theSameKeyIsSimilarityOne() {
        assertThat(Names.similarity("TRILUX GmbH & Co. KG", "Trilux")).isEqualTo(1.0);
        assertThat(Names.similarity("Märkischer Kreis", "maerkischer kreis")).isEqualTo(1.0);
    }

    @Test
    void anythingElseStaysBelowOne() {
        assertThat(Names.similarity("Trilux", "Trilux Lighting")).isLessThan(1.0).isGreaterThan(0.5);
        assertThat(Names.similarity("Hella", "Hela")).isLessThan(1.0);
        assertThat(Names.similarityOfWords(List.of("a", "b"), List.of("b", "a"))).isEqualTo(0.95);
    }

    @Test
    void aTypoInALongWordStillMatchesTheWordButNotInAShortOne() {
        // Words in another order: the keys are far apart, but "schaumstoffwerk" and "schaumstofwerk"
        // (edit similarity above 0.8) match as words, so all words match: 0.95.
        assertThat(Names.similarity("Schaumstoffwerk Berleburger", "Berleburger Schaumstofwerk")).isCloseTo(0.95, within(1e-9));
        // "ith" vs "itx": too short for a typo to count; only the edit similarity of the keys remains.
        assertThat(Names.similarity("ITH", "ITX")).isCloseTo(1 - 1 / 3.0, within(1e-9));
    }

    @Test
    void unrelatedNamesAreFarApart() {
        assertThat(Names.similarity("Viega", "Open-Xchange")).isLessThan(0.3);
    }

    @Test
    void levenshteinDistance() {
        assertThat(Names.levenshtein("kitten", "sitting")).isEqualTo(3);
        assertThat(Names.levenshtein("", "abc")).isEqualTo(3);
        assertThat(Names.levenshtein("abc", "abc")).isZero();
        assertThat(Names.editSimilarity("", "")).isEqualTo(1.0);
        assertThat(Names.editSimilarity("abcd", "abce")).isEqualTo(0.75);
    }

    @Test
    void theWordStartPatternTakesThreeLettersOfEachWordOnce() {
        assertThat(Names.wordStartPattern(List.of("trilux", "lighting", "tri"))).isEqualTo("(^|-)(tri|lig)");
        assertThat(Names.wordStartPattern(List.of("ag", "x"))).isEqualTo("(^|-)(ag|x)");
        assertThat(Names.wordStartPattern(List.of())).isEmpty();
        assertThat("open-xchange").containsPattern(Names.wordStartPattern(Names.words("Xchange")));
        assertThat("trilux").doesNotContainPattern(Names.wordStartPattern(Names.words("Lux")));
    }
}
