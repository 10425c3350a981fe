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
        // Nearly the same name: abbreviations written out ("FH" is "Fachhochschule"), filler words
        // left out ("IHK Dortmund", "IHK zu Dortmund"), words run together ("Hochsauerland-Kreis").
        a = expanded(a);
        b = expanded(b);
        if (String.join(" ", withoutFillers(a)).equals(String.join(" ", withoutFillers(b))) && !withoutFillers(a).isEmpty()) return 0.98;
        if (String.join("", a).equals(String.join("", b))) return 0.98;
        double edit = editSimilarity(ka, kb);
        // Each word of the query against the best unused word of the name: the same word 1, a typo
        // by its edit similarity (a slight one counts whole), an abbreviation ("Südwestf.") 0.85.
        double[] matchA = new double[a.size()], matchB = new double[b.size()];
        for (int i = 0; i < a.size(); i++) {
            int best = -1;
            double bestValue = 0;
            for (int j = 0; j < b.size(); j++) {
                if (matchB[j] > 0) continue;
                double v = wordSimilarity(a.get(i), b.get(j));
                if (v > bestValue) { bestValue = v; best = j; }
            }
            if (best >= 0) { matchA[i] = bestValue; matchB[best] = bestValue; }
        }
        // How much of the query the name covers counts three times as much as how much of the name
        // the query covers: "Westphal" is most of "Thomas Westphal"; filler words count a quarter.
        double covered = 0.75 * coverage(a, matchA) + 0.25 * coverage(b, matchB);
        return Math.min(0.99, Math.max(edit, covered * 0.95));
    }

    /** Abbreviations of words common in the names of the region's institutions, as slugs. */
    private static final java.util.Map<String, String> ABBREVIATIONS = java.util.Map.of(
            "fh", "fachhochschule", "uni", "universitaet", "univ", "universitaet", "hwk", "handwerkskammer",
            "wifoe", "wirtschaftsfoerderung", "wfg", "wirtschaftsfoerderung", "st", "sankt", "techn", "technik");

    private static List<String> expanded(List<String> words) {
        return words.stream().map(w -> ABBREVIATIONS.getOrDefault(w, w)).toList();
    }

    /** Filler words ("und", "für", "zu", …) count a quarter when comparing the words of names. */
    private static final Set<String> FILLERS = Set.of("und", "fuer", "zu", "zur", "zum", "der", "die", "das", "des",
            "dem", "den", "von", "vom", "im", "in", "am", "an", "auf", "the", "of", "and", "for");

    private static double coverage(List<String> words, double[] match) {
        double total = 0, got = 0;
        for (int i = 0; i < words.size(); i++) {
            double w = FILLERS.contains(words.get(i)) ? 0.25 : 1;
            total += w;
            got += w * match[i];
        }
        return total == 0 ? 0 : got / total;
    }

    private static List<String> withoutFillers(List<String> words) {
        return words.stream().filter(w -> !FILLERS.contains(w)).toList();
    }

    /**
     * How alike two words are: 1 the same; a typo in a word of five letters or more by edit similarity
     * (at least 0.75; 0.9 or more counts as the word); the start (four letters or more) of a longer
     * word, an abbreviation, 0.85; else 0.
     */
    static double wordSimilarity(String q, String n) {
        if (q.equals(n)) return 1;
        // Below a whole word, so that "Westphal" is more the person Westphal than the land Westphalia.
        if (q.length() >= 4 && n.length() > q.length() && n.startsWith(q)) return 0.85;
        if (Math.min(q.length(), n.length()) < 5) return 0;
        double e = editSimilarity(q, n);
        return e >= 0.9 ? 1 : e >= 0.75 ? e : 0;
    }

    /**
     * The names a name stands for: itself, and for "Mubea (Muhr und Bender KG)" also the part before
     * the brackets and the part inside them, each of which names the same thing on its own.
     */
    public static List<String> variants(String name) {
        if (name == null) return List.of();
        java.util.regex.Matcher m = BRACKETS.matcher(name);
        if (!m.matches()) return List.of(name);
        return List.of(name, m.group(1), m.group(2));
    }

    private static final java.util.regex.Pattern BRACKETS = java.util.regex.Pattern.compile("\\s*([^()]*[^()\\s])\\s*\\(([^()]+)\\)\\s*");

    /**
     * The best similarity of the query's words to a name or its variants; the part inside brackets
     * counts nine tenths, never a match on its own ("Bochum" is not "Wirtschaftsförderung (Bochum)").
     */
    public static double bestSimilarity(List<String> queryWords, String name) {
        List<String> variants = variants(name);
        double best = 0;
        for (int i = 0; i < variants.size(); i++)
            best = Math.max(best, similarityOfWords(queryWords, words(variants.get(i))) * (i == 2 ? 0.9 : 1));
        return best;
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
