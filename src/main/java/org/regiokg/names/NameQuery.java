package org.regiokg.names;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.lucene.queryparser.classic.QueryParserBase;

/**
 * Lucene queries over the name index (classic query syntax, as {@code text:query} takes it), built
 * from the words of a name as the caller already split them (lower case, legal forms left out).
 * The index's analyzer makes umlauts, ß and case alike on both sides, also in fuzzy and prefix terms.
 */
public final class NameQuery {
    private NameQuery() {}

    /**
     * Names sharing any word with these as it is, best first: the narrowest of the three searches of a
     * name. Ask {@link #anyWordOrVariant} only when it found too few, or for the words that no name it
     * found has. Over common words ("Synthetische Organisation" in a million names) it already finds
     * plenty; their starts and typos matched nearly every name as well, and building the typos'
     * automata was a third of a reconciliation's time at 10^5.
     */
    public static String anyWord(List<String> words) {
        return anyWord(words, List.of(), false);
    }

    /**
     * {@link #anyWord} and, further down, each of {@code varied} (some of the words) as the start of a
     * word and with one typo (two in words of eight letters or more). Words with digits are not
     * misspelt: they count only as they are and as a start.
     */
    public static String anyWordOrVariant(List<String> words, Collection<String> varied) {
        return anyWord(words, varied, false);
    }

    /**
     * {@link #anyWordOrVariant} of every word and, further down, names that share only a word's first
     * three letters, so that a badly misspelt name still finds candidates to score. Ask it only when
     * {@link #anyWordOrVariant} found too few: over common words the three-letter starts match nearly
     * every name, and scoring them took twice as long as the rest of the query at 10^6.
     */
    public static String anyWordVariantOrStart(List<String> words) {
        return anyWord(words, words, true);
    }

    private static String anyWord(List<String> words, Collection<String> varied, boolean starts) {
        List<String> clauses = new ArrayList<>();
        for (String raw : words) {
            String w = QueryParserBase.escape(raw);
            if (w.isEmpty()) continue;
            clauses.add(w + "^4");
            if (varied.contains(raw)) clauses.add(w + "*^2");
            // A number is not misspelt into another one: its typo and three-digit variants would
            // only widen the search (thousands of terms for "50000~1" and "500*" at 10^6 names).
            if (raw.chars().anyMatch(Character::isDigit)) continue;
            if (varied.contains(raw) && raw.length() >= 4) clauses.add(w + "~" + (raw.length() >= 8 ? 2 : 1));
            if (starts && raw.length() > 3) clauses.add(QueryParserBase.escape(raw.substring(0, 3)) + "*^0.3");
        }
        return String.join(" ", clauses);
    }

    /** Names with a word starting with each of these (entity suggest: the last word may be unfinished). */
    public static String allPrefixes(List<String> words) {
        List<String> clauses = new ArrayList<>();
        for (String raw : words) {
            String w = QueryParserBase.escape(raw);
            if (!w.isEmpty()) clauses.add("+(" + w + " " + w + "*)");
        }
        return String.join(" ", clauses);
    }

    /** Names with every one of these words as it is (an import's look-up of the organisations a list names). */
    public static String allWords(List<String> words) {
        List<String> clauses = new ArrayList<>();
        for (String raw : words) {
            String w = QueryParserBase.escape(raw);
            if (!w.isEmpty()) clauses.add("+" + w);
        }
        return String.join(" ", clauses);
    }
}
