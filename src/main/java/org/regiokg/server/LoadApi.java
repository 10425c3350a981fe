package org.regiokg.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.javalin.http.Context;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.regiokg.ingest.ImportFailed;
import org.regiokg.ingest.LoadReport;
import org.regiokg.ingest.RdfLoadException;
import org.regiokg.ingest.RdfLoader;
import org.regiokg.problem.Finding;
import org.regiokg.storage.Compaction;
import org.regiokg.storage.Store;

/**
 * {@code POST /api/loads?graph=IRI} (or {@code ?file=NAME}) with RDF as the body and its media type
 * as {@code Content-Type} ({@code Content-Encoding: gzip} for gzip): the same load as
 * {@code regiokg load}; and {@code POST /api/compact}. Both for the admin only, like imports.
 */
final class LoadApi {
    private final Store store;
    private final RdfLoader loader;
    private final String adminUser;
    private final boolean enabled;

    LoadApi(Store store, RdfLoader loader, String adminUser, boolean enabled) {
        this.store = store;
        this.loader = loader;
        this.adminUser = adminUser;
        this.enabled = enabled;
    }

    void load(Context ctx) {
        String user = admin(ctx, "Loads");
        String graph = ctx.queryParam("graph");
        String file = ctx.queryParam("file");
        if ((graph == null || graph.isBlank()) && (file == null || file.isBlank()))
            throw invalid("graph", "a load needs ?graph=IRI (the graph for its triples) or ?file=NAME (graph/load/NAME)");
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
        Lang lang = RDFLanguages.contentTypeToLang(contentType.split(";")[0].trim());
        if (!RdfLoader.SYNTAXES.contains(lang) && file != null) lang = RDFLanguages.filenameToLang(file.replaceFirst("(?i)\\.gz$", ""));
        if (!RdfLoader.SYNTAXES.contains(lang))
            throw new ProblemException(Problem.of(415, "unsupported-media-type", "Unknown RDF syntax",
                    "Content-Type '" + contentType + "' names no RDF syntax; send text/turtle, application/trig, application/n-triples, "
                            + "application/n-quads, application/rdf+xml or application/ld+json"));
        boolean gzipped = "gzip".equalsIgnoreCase(ctx.header("Content-Encoding"));
        String name = file == null || file.isBlank() ? "request body" : file;
        LoadReport report;
        try {
            // bodyAsBytes keeps the server's limit on request bodies (413 beyond it).
            report = loader.load(List.of(RdfLoader.Source.bytes(name, ctx.bodyAsBytes(), lang, gzipped)),
                    Optional.ofNullable(graph).filter(g -> !g.isBlank()), user, RdfLoader.Progress.NONE);
        } catch (RdfLoadException e) {
            throw new ProblemException(Problem.of(400, "load-refused", "Load refused", e.getMessage()));
        } catch (ImportFailed e) {
            throw new ProblemException(Problem.of(422, "load-refused", "Load refused",
                    e.findings().size() + " shape violation(s); nothing was written.")
                    .withFindings(e.findings().stream().limit(200).toList()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("graphs", report.graphs());
        m.put("statements", report.statements());
        m.put("bytes", report.bytes());
        m.put("shapesChecked", report.checked());
        m.put("millis", report.millis());
        ctx.status(201);
        ctx.json(m);
    }

    void compact(Context ctx) {
        admin(ctx, "Compaction");
        if (store.remote().isPresent())
            throw new ProblemException(Problem.of(409, "nothing-to-compact", "Nothing to compact", "The store is remote: compact it there."));
        if (store.directory().isEmpty())
            throw new ProblemException(Problem.of(409, "nothing-to-compact", "Nothing to compact", "The store lives in memory."));
        Compaction.Result r = Compaction.compact(store);
        ctx.json(Map.of("bytesBefore", r.bytesBefore(), "bytesAfter", r.bytesAfter(), "generation", r.generation(), "millis", r.millis()));
    }

    private String admin(Context ctx, String what) {
        if (!enabled || loader == null)
            throw new ProblemException(Problem.of(403, "writes-disabled", what + " are disabled",
                    what + " need the admin user, and the server has no admin password configured."));
        String user = ctx.req().getRemoteUser();
        if (!adminUser.equals(user))
            throw new ProblemException(Problem.of(401, "unauthorized", "Login required", what + " are for the admin user."));
        return user;
    }

    private static ProblemException invalid(String parameter, String message) {
        return new ProblemException(Problem.of(400, "invalid-arguments", "Missing arguments", message)
                .withFindings(List.of(Finding.parameter(parameter, "is required"))));
    }
}
