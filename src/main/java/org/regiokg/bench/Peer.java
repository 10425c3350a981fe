package org.regiokg.bench;

import java.util.Arrays;
import java.util.Locale;

/** Another SPARQL engine timed on the same data and queries as RegioKG ({@code regiokg bench --peers}). */
public enum Peer {
    /** The standalone Fuseki server jar, on the benchmark's own TDB2 store, over HTTP. */
    FUSEKI,
    /** Oxigraph's npm package, in memory inside a Node process, without HTTP. */
    OXIGRAPH,
    /** Virtuoso Open Source 7.2 (Debian's package), loaded with the store's union graph, over HTTP. */
    VIRTUOSO,
    /** RegioKG in remote mode in front of standalone Fuseki on the same store: the cost of the extra hop. */
    REMOTE;

    /** How tables name it. */
    public String label() {
        return switch (this) {
            case FUSEKI -> "Fuseki";
            case OXIGRAPH -> "Oxigraph";
            case VIRTUOSO -> "Virtuoso";
            case REMOTE -> "RegioKG remote→Fuseki";
        };
    }

    /** The peer called {@code name} on the command line (fuseki, oxigraph, virtuoso, remote). */
    public static Peer named(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no peer " + name + "; known: " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
