package org.regiokg.web;

import java.util.Arrays;
import java.util.List;

import org.apache.jena.riot.RDFFormat;
import org.regiokg.http.Offer;

/** The formats of a thing's page, HTML first (a client that takes anything gets the page). */
public enum ThingFormat {
    HTML("text/html", "html", null, "HTML"),
    TURTLE("text/turtle", "ttl", RDFFormat.TURTLE_PRETTY, "Turtle"),
    JSONLD("application/ld+json", "jsonld", RDFFormat.JSONLD_PRETTY, "JSON-LD"),
    NTRIPLES("application/n-triples", "nt", RDFFormat.NTRIPLES, "N-Triples"),
    RDFXML("application/rdf+xml", "rdf", RDFFormat.RDFXML_PRETTY, "RDF/XML");

    final String mediaType;
    final String shortName;
    final RDFFormat rdf;
    final String label;

    ThingFormat(String mediaType, String shortName, RDFFormat rdf, String label) {
        this.mediaType = mediaType;
        this.shortName = shortName;
        this.rdf = rdf;
        this.label = label;
    }

    /** What the route table negotiates between. */
    public static List<Offer> offers() {
        return Arrays.stream(values()).map(f -> Offer.of(f.mediaType, f.shortName)).toList();
    }

    static ThingFormat of(Offer offer) {
        return Arrays.stream(values()).filter(f -> f.mediaType.equals(offer.mediaType())).findFirst().orElse(HTML);
    }
}
