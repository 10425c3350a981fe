package org.regiokg.bench;

import java.util.Arrays;
import java.util.Locale;

/** Another SPARQL engine timed on the same data and queries as RegioKG ({@code regiokg bench --peers}). */
public enum Peer {
    /** The standalone Fuseki server jar, on the benchmark's own TDB2 store, over HTTP. */
    FUSEKI,
    /** Oxigraph's npm package, in memory inside a Node process, without HTTP. */
    OXIGRAPH;

    /** How tables name it. */
    public String label() {
        return this == FUSEKI ? "Fuseki" : "Oxigraph";
    }

    /** The peer called {@code name} on the command line (fuseki, oxigraph). */
    public static Peer named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no peer " + name + "; known: " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
