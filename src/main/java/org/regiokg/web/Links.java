package org.regiokg.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.regiokg.vocab.Vocabulary;

/** Where an IRI is shown on this server: RegioKG's own IRIs become local links, others stay as they are. */
final class Links {
    static final String BASE = Vocabulary.BASE;
    static final String ID = Vocabulary.ID;
    static final String ONTOLOGY = Vocabulary.ONTOLOGY;
    static final String DEF = Vocabulary.DEF;
    static final String GRAPH = Vocabulary.GRAPH;
    /** Where this server shows our things and the ontology. */
    static final String ID_PATH = "/id";
    static final String DEF_PATH = "/def";

    private Links() {}

    /** The local page of one of our IRIs, the IRI itself for any other. */
    static String href(String iri) {
        if (iri.startsWith(ID)) return ID_PATH + "/" + iri.substring(ID.length());
        if (iri.startsWith(DEF)) return DEF_PATH + "/" + iri.substring(DEF.length());
        if (iri.equals(ONTOLOGY)) return DEF_PATH;
        if (iri.startsWith(GRAPH)) return "/kg/get?graph=" + URLEncoder.encode(iri, StandardCharsets.UTF_8);
        return iri;
    }

    static boolean isLocal(String iri) {
        return iri.startsWith(BASE);
    }

    /** prefix:local where a known prefix fits, else the IRI. */
    static String shortForm(String iri) {
        for (Map.Entry<String, String> e : Vocabulary.ordered(Vocabulary.PREFIXES).entrySet())
            if (iri.startsWith(e.getValue()) && iri.length() > e.getValue().length()) return e.getKey() + ":" + iri.substring(e.getValue().length());
        return iri;
    }
}
