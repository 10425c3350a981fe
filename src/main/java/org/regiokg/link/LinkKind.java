package org.regiokg.link;

import java.util.List;
import java.util.Map;

import org.regiokg.vocab.Vocabulary;

/**
 * What kind of thing is linked: the RegioKG class its members belong to (subclasses count) and the
 * Wikidata classes (P31) a right candidate usually has.
 */
public enum LinkKind {
    ORGANISATION(Vocabulary.ORG + "Organization", List.of("Q4830453", "Q783794", "Q6881511")),
    PLACE(Vocabulary.term("Place"), List.of("Q262166", "Q42744322", "Q22865", "Q106658", "Q515"));

    /** Names for the evidence column; classes not named here are shown as their Q number only. */
    static final Map<String, String> TYPE_NAMES = Map.ofEntries(
            Map.entry("Q4830453", "business"), Map.entry("Q783794", "company"), Map.entry("Q6881511", "enterprise"),
            Map.entry("Q262166", "municipality of Germany"), Map.entry("Q42744322", "urban municipality of Germany"),
            Map.entry("Q22865", "urban district of Germany"), Map.entry("Q106658", "district of Germany"),
            Map.entry("Q515", "city"), Map.entry("Q532", "village"));

    private final String regioClass;
    private final List<String> defaultTypes;

    LinkKind(String regioClass, List<String> defaultTypes) {
        this.regioClass = regioClass;
        this.defaultTypes = defaultTypes;
    }

    public String regioClass() {
        return regioClass;
    }

    /** Q numbers of the Wikidata classes that fit this kind, unless the caller gives others. */
    public List<String> defaultTypes() {
        return defaultTypes;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
