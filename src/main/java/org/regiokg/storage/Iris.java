package org.regiokg.storage;

/** The IRIs RegioKG mints: ontology terms, things and named graphs (see DESIGN.md, "IRIs"). */
public final class Iris {
    public static final String BASE = "https://w3id.org/regiokg/";
    public static final String DEF = BASE + "def#";
    public static final String ID = BASE + "id/";
    public static final String GRAPH = BASE + "graph/";
    /** The named graph that holds the ontology and its concept schemes. */
    public static final String ONTOLOGY_GRAPH = GRAPH + "ontology";

    private Iris() {}

    public static String graph(String kind, String slug) {
        return GRAPH + kind + "/" + slug;
    }
}
