package org.regiokg.link;

import java.util.List;

import org.apache.jena.riot.RDFFormat;

/**
 * The formats the whole dataset is offered in as a file ({@code /api/dump?format=NAME}): the quads
 * with their source graphs (N-Quads, TriG), or the union of the graphs as triples (N-Triples,
 * Turtle) for clients that read one graph only (rdflib's {@code Graph().parse} reads 0 triples from
 * N-Quads, without a word).
 */
public enum DumpFormat {
    NQUADS("application/n-quads", "N-Quads", true, RDFFormat.NQUADS, "nq", "nquads", "n-quads"),
    TRIG("application/trig", "TriG", true, RDFFormat.TRIG_BLOCKS, "trig"),
    NTRIPLES("application/n-triples", "N-Triples", false, RDFFormat.NTRIPLES, "nt", "ntriples", "n-triples"),
    TURTLE("text/turtle", "Turtle", false, RDFFormat.TURTLE_BLOCKS, "ttl", "turtle");

    public static final String PATH = "/api/dump";

    private final String mediaType;
    private final String w3cName;
    private final boolean quads;
    private final RDFFormat rdfFormat;
    private final List<String> names;

    DumpFormat(String mediaType, String w3cName, boolean quads, RDFFormat rdfFormat, String... names) {
        this.mediaType = mediaType;
        this.w3cName = w3cName;
        this.quads = quads;
        this.rdfFormat = rdfFormat;
        this.names = List.of(names);
    }

    public String mediaType() { return mediaType; }
    public List<String> names() { return names; }
    public boolean quads() { return quads; }
    public RDFFormat rdfFormat() { return rdfFormat; }
    /** The format's IRI in W3C's registry, e.g. {@code http://www.w3.org/ns/formats/N-Quads}. */
    public String formatIri() { return "http://www.w3.org/ns/formats/" + w3cName; }
    /** The dump's path and query on this server. */
    public String path() { return PATH + "?format=" + names.get(0); }

    public String description() {
        return quads ? "The whole dataset as " + w3cName + ": every statement with its source graph."
                     : "The union of all graphs as " + w3cName + " triples (no source graphs), for clients that read one graph.";
    }
}
