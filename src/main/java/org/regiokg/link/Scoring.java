package org.regiokg.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scores a candidate from 0 to 1 by adding up evidence: the name, the Wikidata class, the country,
 * the location (P131 / P159 reaching a place the graph contains the thing in) and the official keys
 * (P439 / P440 against rkg:officialKey, P605 against rkg:nutsCode). A key that differs counts
 * strongly against: two places may share a name, never a key.
 */
public final class Scoring {
    /** A threshold that separates the look-alikes in the tests; accepting at it still needs --threshold. */
    public static final double SUGGESTED_THRESHOLD = 0.7;

    static final double LABEL_EXACT = 0.3, LABEL_CASE = 0.25, LABEL_ALIAS = 0.2, LABEL_PART = 0.15;
    static final double TYPE_FITS = 0.15, TYPE_OTHER = -0.15;
    static final double IN_GERMANY = 0.1, OTHER_COUNTRY = -0.3;
    static final double KEY_MATCH = 0.3, KEY_DIFFERS = -0.3;
    static final double ELSEWHERE = -0.1;

    private final Set<String> fittingTypes;

    /** {@code fittingTypes}: Q numbers of the Wikidata classes expected for the kind of thing. */
    public Scoring(Collection<String> fittingTypes) {
        this.fittingTypes = Set.copyOf(fittingTypes);
    }

    public Proposal score(LocalThing thing, LinkCandidate c) {
        List<String> evidence = new ArrayList<>();
        double score = label(thing, c, evidence) + type(c, evidence) + country(thing, c, evidence)
                + location(thing, c, evidence)
                // Wikidata keeps district keys (5 digits) in P440, municipality keys in P439.
                + key(thing.officialKey().filter(k -> k.length() == 5).isPresent() ? "P440" : "P439",
                        thing.officialKey(), c.officialKeys(), evidence)
                + key("P605", thing.nutsCode(), c.nutsCodes(), evidence);
        double clamped = Math.max(0, Math.min(1, Math.round(score * 100) / 100.0));
        return new Proposal(thing, c, clamped, List.copyOf(evidence));
    }

    private static double label(LocalThing thing, LinkCandidate c, List<String> evidence) {
        for (LocalThing.Label mine : thing.labels())
            for (LocalThing.Label theirs : c.labels())
                if (mine.text().equals(theirs.text())) return found(evidence, "label=" + theirs.lang() + " exact", LABEL_EXACT);
        for (LocalThing.Label mine : thing.labels())
            for (LocalThing.Label theirs : c.labels())
                if (sameIgnoringCase(mine.text(), theirs.text()))
                    return found(evidence, "label=" + theirs.lang() + " case-insensitive", LABEL_CASE);
        for (LocalThing.Label mine : thing.labels())
            for (LocalThing.Label alias : c.aliases())
                if (sameIgnoringCase(mine.text(), alias.text()))
                    return found(evidence, "alias=" + alias.lang() + " '" + alias.text() + "'", LABEL_ALIAS);
        for (LocalThing.Label mine : thing.labels())
            for (String part : CandidateSearch.names(mine.text()))
                for (LocalThing.Label theirs : concat(c.labels(), c.aliases()))
                    if (sameIgnoringCase(part, theirs.text()))
                        return found(evidence, "label=" + theirs.lang() + " '" + theirs.text() + "' is part of the name", LABEL_PART);
        return 0;
    }

    private double type(LinkCandidate c, List<String> evidence) {
        if (c.types().isEmpty()) return 0;
        List<String> fitting = c.types().stream().map(Wikidata::qid).filter(fittingTypes::contains).sorted().toList();
        if (!fitting.isEmpty()) return found(evidence, "P31 " + named(fitting), TYPE_FITS);
        return found(evidence, "P31 " + named(c.types().stream().map(Wikidata::qid).sorted().toList()) + " does not fit", TYPE_OTHER);
    }

    private static double country(LocalThing thing, LinkCandidate c, List<String> evidence) {
        if (c.countries().isEmpty() || !thing.isLocated()) return 0;
        if (c.countries().contains(Wikidata.GERMANY)) return found(evidence, "P17 Q183 (Germany)", IN_GERMANY);
        return found(evidence, "P17 " + c.countries().stream().map(Wikidata::qid).sorted().toList() + " is not Germany", OTHER_COUNTRY);
    }

    /** The nearer the matched container, the more it says: the town is worth more than the state. */
    private static double location(LocalThing thing, LinkCandidate c, List<String> evidence) {
        List<LocalThing.Container> known = thing.containers().stream().filter(k -> k.wikidata().isPresent()).toList();
        for (LocalThing.Container k : known) {
            String via = c.withinByP131().contains(k.wikidata().get()) ? "P131"
                    : c.withinByP159().contains(k.wikidata().get()) ? "P159" : null;
            if (via != null)
                return found(evidence, via + " -> " + Wikidata.qid(k.wikidata().get()) + " = " + k.label(),
                        k.depth() == 0 ? 0.25 : k.depth() == 1 ? 0.2 : 0.1);
        }
        if (!known.isEmpty() && !(c.withinByP131().isEmpty() && c.withinByP159().isEmpty()))
            return found(evidence, "P131/P159 reach none of " + known.stream().map(LocalThing.Container::label).toList(), ELSEWHERE);
        return 0;
    }

    private static double key(String property, Optional<String> mine, Set<String> theirs, List<String> evidence) {
        if (mine.isEmpty() || theirs.isEmpty()) return 0;
        if (theirs.contains(mine.get())) return found(evidence, property + " matches " + mine.get(), KEY_MATCH);
        return found(evidence, property + " " + theirs.stream().sorted().collect(Collectors.joining(",")) + " differs from " + mine.get(), KEY_DIFFERS);
    }

    private static String named(List<String> qids) {
        return qids.stream().map(q -> LinkKind.TYPE_NAMES.containsKey(q) ? q + " (" + LinkKind.TYPE_NAMES.get(q) + ")" : q)
                .collect(Collectors.joining(", "));
    }

    private static double found(List<String> evidence, String what, double weight) {
        evidence.add(what);
        return weight;
    }

    private static boolean sameIgnoringCase(String a, String b) {
        return a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT));
    }

    private static List<LocalThing.Label> concat(List<LocalThing.Label> a, List<LocalThing.Label> b) {
        List<LocalThing.Label> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
