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
import org.regiokg.link.LinkReportCounts;
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
    private final Store store;
    /** Counted off the request path (they read every triple): see VoidCounts. */
    private final VoidCounts counts;
    /** The linking report, kept and counted off the request path for a large store (null over a remote store: counted per request). */
    private final LinkReportCounts links;

    DatasetApi(Store store) {
        this.dataset = store.dataset();
        this.store = store;
        // Over a remote store other processes write unseen: its counts may be ten seconds old, like its answers.
        this.counts = store.upkeep() != null
                ? new VoidCounts(dataset, () -> store.upkeep().current().version(), () -> store.upkeep().current().quads())
                : new VoidCounts(dataset, () -> System.currentTimeMillis() / 10_000, () -> 0);
        store.directory().ifPresent(dir -> counts.keptIn(dir.resolve("void.counts.json"), () -> store.changes().version()));
        this.links = store.upkeep() != null
                ? new LinkReportCounts(dataset, () -> store.upkeep().current().version(), () -> store.changes().version(),
                        () -> store.upkeep().current().quads(), store.directory().map(dir -> dir.resolve("links.report.json")))
                : null;
    }

    /** Stops a count that is still running (it holds a read transaction on the store). */
    void close() {
        counts.close();
        if (links != null) links.close();
    }

    /** How many things have which external identifiers. */
    void linkReport(Context ctx) {
        if (links == null) {
            ctx.json(LinkReport.of(dataset));
            return;
        }
        LinkReportCounts.Kept kept;
        try {
            kept = links.current();
        } catch (LinkReportCounts.NotCountedYet e) {
            ctx.header("Retry-After", "60");
            throw new ProblemException(Problem.of(503, "link-report-not-counted-yet", "Linking report not counted yet", e.getMessage()));
        }
        ctx.header("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(kept.countedAt().atZone(java.time.ZoneOffset.UTC)));
        if (kept.version() == store.upkeep().current().version()) {
            ctx.json(kept.report());
            return;
        }
        // Counted before the last write (a large store counts again in the background): the answer says when.
        var body = JSON.valueToTree(kept.report());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("countedAt", kept.countedAt().toString())
                .put("note", "Counted at " + kept.countedAt() + ", before the last write; a new count is running. Ask again in a minute for the report of the data as it is.");
        ctx.json(body);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The VoID description, with the server's address as the client reached it. */
    void describe(Context ctx, Offer format) {
        // The statistics that read every triple: counted off the request path, dated (null while a large store's first count runs).
        VoidDescription.Counts counted = counts.latest();
        // The graphs' triples as the store keeps them with every write, and their titles: exact as of this request.
        var now = org.apache.jena.system.Txn.calculateRead(dataset, () -> java.util.Map.entry(
                VoidDescription.keptGraphs(dataset).orElseGet(() -> counted != null ? counted.graphs() : List.of()),
                VoidDescription.titles(dataset)));
        Model description = VoidDescription.describe(counted, now.getKey(), now.getValue(), ctx.scheme() + "://" + ctx.host());
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
