package org.regiokg.server;

import java.util.Map;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;

import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryDeniedException;
import org.apache.jena.sparql.engine.http.QueryExceptionHTTP;
import org.regiokg.ingest.CsvTable;
import org.regiokg.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The question API under {@code /api}: a Javalin app mounted as a servlet in Fuseki's Jetty. */
final class ApiApp {
    private static final Logger LOG = LoggerFactory.getLogger(ApiApp.class);
    static final String PATH = "/api";

    private ApiApp() {}

    static Javalin create(Store store, QuestionApi questions, ImportApi imports, ReconciliationApi reconciliation) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Never started on its own: Fuseki's Jetty runs it, so the watcher would only warn.
            config.startup.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson());
            config.routes.get(PATH + "/health", ctx -> health(ctx, store));
            // Imports send the whole CSV in one request.
            config.http.maxRequestSize = CsvTable.DEFAULT_MAX_BYTES;
            questions.addRoutes(config.routes);
            imports.addRoutes(config.routes);
            reconciliation.addRoutes(config.routes);
            config.routes.exception(ProblemException.class, (e, ctx) -> problem(ctx, e.problem()));
            config.routes.exception(QueryCancelledException.class, (e, ctx) -> problem(ctx,
                    Problem.of(503, "query-timeout", "Query timed out", "The query ran longer than the server's query timeout.")));
            config.routes.exception(QueryDeniedException.class, (e, ctx) -> problem(ctx,
                    Problem.of(422, "service-not-allowed", "SERVICE not allowed", e.getMessage())));
            config.routes.exception(QueryExceptionHTTP.class, (e, ctx) -> problem(ctx,
                    Problem.of(502, "remote-endpoint-failed", "Remote endpoint failed", "A SERVICE call failed: " + e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
                problem(ctx, Problem.of(500, "internal-error", "Internal error", "The server failed; the log says why."));
            });
            config.routes.error(404, ctx -> {
                if (ctx.res().getContentType() == null || !ctx.res().getContentType().startsWith(Problem.MEDIA_TYPE))
                    problem(ctx, Problem.of(404, "not-found", "Not found", "No API operation at " + ctx.path()));
            });
        });
    }

    private static void health(Context ctx, Store store) {
        ctx.json(Map.of("status", "ok", "quads", store.quadCount()));
    }

    static void problem(Context ctx, Problem problem) {
        ctx.status(HttpStatus.forStatus(problem.status()));
        ctx.json(problem);
        ctx.contentType(Problem.MEDIA_TYPE);
    }
}
