package org.regiokg.server;

import java.io.ByteArrayOutputStream;
import java.util.List;

import io.javalin.http.Context;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.sparql.core.DatasetGraph;
import org.regiokg.http.Offer;
import org.regiokg.link.LinkReport;
import org.regiokg.link.VoidCounts;
import org.regiokg.link.VoidDescription;
import org.regiokg.storage.Store;

/** The dataset described: its VoID description and the report of its links to other datasets. */
final class DatasetApi {
    /** The formats of the VoID description, Turtle first. */
    static final List<Offer> VOID_FORMATS = List.of(
            Offer.of("text/turtle", "ttl", "turtle"),
            Offer.of("application/ld+json", "jsonld", "json-ld"),
            Offer.of("application/n-triples", "nt", "ntriples", "n-triples"));

    private final DatasetGraph dataset;
    /** Counted off the request path (they read every triple): see VoidCounts. */
    private final VoidCounts counts;

    DatasetApi(Store store) {
        this.dataset = store.dataset();
        // Over a remote store other processes write unseen: its counts may be ten seconds old, like its answers.
        this.counts = store.upkeep() != null
                ? new VoidCounts(dataset, () -> store.upkeep().current().version(), () -> store.upkeep().current().quads())
                : new VoidCounts(dataset, () -> System.currentTimeMillis() / 10_000, () -> 0);
    }

    /** Stops a count that is still running (it holds a read transaction on the store). */
    void close() {
        counts.close();
    }

    /** How many things have which external identifiers. */
    void linkReport(Context ctx) {
        ctx.json(LinkReport.of(dataset));
    }

    /** The VoID description, with the server's address as the client reached it. */
    void describe(Context ctx, Offer format) {
        VoidDescription.Counts now;
        try {
            now = counts.current();
        } catch (VoidCounts.NotCountedYet e) {
            ctx.header("Retry-After", "60");
            throw new ProblemException(Problem.of(503, "void-not-counted-yet", "VoID statistics not counted yet", e.getMessage()));
        }
        Model description = VoidDescription.describe(now, ctx.scheme() + "://" + ctx.host());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RDFDataMgr.write(out, description, rdfFormat(format));
        ctx.contentType(format.mediaType() + "; charset=utf-8");
        ctx.result(out.toByteArray());
    }

    private static RDFFormat rdfFormat(Offer format) {
        return switch (format.mediaType()) {
            case "application/ld+json" -> RDFFormat.JSONLD;
            case "application/n-triples" -> RDFFormat.NTRIPLES;
            default -> RDFFormat.TURTLE;
        };
    }
}
