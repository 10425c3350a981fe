package org.regiokg.link.reconcile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.regiokg.sparql.Slugs;

/**
 * How names are compared: lower case ASCII with umlauts spelt out (the slug rules of {@link Slugs},
 * so "Märkischer Kreis" and "maerkischer kreis" are the same name), split into words, and legal forms
 * ("GmbH & Co. KG", "AG", "e.V.") left out, so that "TRILUX GmbH & Co. KG" is "trilux".
 */
public final class Names {
    /** Words of legal forms, as they are after slugging ("GmbH & Co. KG" is gmbh, co, kg; "e.V." is e, v). */
    private static final Set<String> LEGAL_FORM_WORDS = Set.of(
            "gmbh", "mbh", "ag", "kg", "kgaa", "co", "ohg", "se", "ug", "gbr", "ev", "e", "v", "eg",
            "haftungsbeschraenkt", "inc", "ltd", "llc", "plc", "corp", "sa", "bv", "nv");

    private Names() {}

    /** The words of a name that identify it: slugged, legal forms left out (unless nothing else is left). */
    public static List<String> words(String name) {
        String slug = Slugs.slug(name == null ? "" : name);
        if (slug.isEmpty()) return List.of();
        List<String> all = Arrays.asList(slug.split("-"));
        List<String> kept = new ArrayList<>();
        for (String w : all) if (!LEGAL_FORM_WORDS.contains(w)) kept.add(w);
        return kept.isEmpty() ? all : kept;
    }

    /** The comparison key of a name: its identifying words joined by single spaces. */
    public static String key(String name) {
        return String.join(" ", words(name));
    }

    /**
     * How alike two names are, 0 to 1: 1 only for the same key; otherwise the better of the edit
     * similarity of the whole keys and the share of words that (nearly) match, capped below 1.
     */
    public static double similarity(String a, String b) {
        return similarityOfWords(words(a), words(b));
    }

    static double similarityOfWords(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) return 0;
        String ka = String.join(" ", a), kb = String.join(" ", b);
        if (ka.equals(kb)) return 1;
        double edit = editSimilarity(ka, kb);
        // Words that match, allowing a typo in longer words; Dice coefficient over the word lists.
        int matched = 0;
        boolean[] used = new boolean[b.size()];
        for (String wa : a) {
            for (int j = 0; j < b.size(); j++) {
                if (used[j]) continue;
                String wb = b.get(j);
                if (wa.equals(wb) || (Math.min(wa.length(), wb.length()) >= 5 && editSimilarity(wa, wb) >= 0.8)) {
                    used[j] = true;
                    matched++;
                    break;
                }
            }
        }
        double dice = 2.0 * matched / (a.size() + b.size());
        return Math.min(0.99, Math.max(edit, dice * 0.95));
    }

    /** 1 − Levenshtein distance / length of the longer string. */
    static double editSimilarity(String a, String b) {
        int max = Math.max(a.length(), b.length());
        if (max == 0) return 1;
        return 1.0 - (double) levenshtein(a, b) / max;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    /**
     * A regular expression over slugs that finds the names sharing a word start with the query:
     * the first three letters of each word (all of a shorter word), at the start of a slug word.
     * Only [a-z0-9] reach it, so nothing needs escaping. Empty when the query has no words.
     */
    public static String wordStartPattern(List<String> words) {
        List<String> starts = new ArrayList<>();
        for (String w : words) {
            String s = w.length() <= 3 ? w : w.substring(0, 3);
            if (!s.isEmpty() && !starts.contains(s)) starts.add(s);
        }
        if (starts.isEmpty()) return "";
        return "(^|-)(" + String.join("|", starts) + ")";
    }
}
