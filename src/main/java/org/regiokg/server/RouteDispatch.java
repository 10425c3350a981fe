package org.regiokg.server;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;

import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryDeniedException;
import org.apache.jena.sparql.engine.http.QueryExceptionHTTP;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.regiokg.http.Negotiation;
import org.regiokg.http.Offer;
import org.regiokg.problem.Finding;
import org.regiokg.server.Routes.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin app that answers the table's own routes, with what every route shares written once:
 * content negotiation before the handler, HEAD as GET without a body, 405 with {@code Allow} for a
 * known path and another method, and errors as problem documents under the API path (plain text
 * elsewhere, where people and RDF clients ask).
 */
final class RouteDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(RouteDispatch.class);

    private final Routes routes;
    private final String apiPath;

    private RouteDispatch(Routes routes, String apiPath) {
        this.routes = routes;
        this.apiPath = apiPath;
    }

    /** The app over the table; {@code maxRequestSize} bounds every request body. */
    static Javalin app(Routes routes, String apiPath, long maxRequestSize) {
        RouteDispatch dispatch = new RouteDispatch(routes, apiPath);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // Never started on its own: Fuseki's Jetty runs it, so the watcher would only warn.
            config.startup.startupWatcherEnabled = false;
            config.jsonMapper(new JavalinJackson());
            config.http.maxRequestSize = maxRequestSize;
            for (Route route : routes.all()) {
                if (route.servedBy() != Routes.ServedBy.TABLE) continue;
                Handler handler = ctx -> dispatch.answer(route, ctx);
                config.routes.addHttpHandler(HandlerType.findOrCreate(route.method()), route.path(), handler);
                // Jetty writes no body for HEAD; the status and headers are those of GET.
                if (route.method().equals("GET")) config.routes.addHttpHandler(HandlerType.HEAD, route.path(), handler);
            }
            config.routes.exception(ProblemException.class, (e, ctx) -> dispatch.problem(ctx, e.problem()));
            config.routes.exception(QueryCancelledException.class, (e, ctx) -> dispatch.problem(ctx,
                    Problem.of(503, "query-timeout", "Query timed out", "The query ran longer than the server's query timeout.")));
            config.routes.exception(QueryDeniedException.class, (e, ctx) -> dispatch.problem(ctx,
                    Problem.of(422, "service-not-allowed", "SERVICE not allowed", e.getMessage())));
            config.routes.exception(QueryExceptionHTTP.class, (e, ctx) -> dispatch.problem(ctx,
                    Problem.of(502, "remote-endpoint-failed", "Remote endpoint failed", "A SERVICE call failed: " + e.getMessage())));
            config.routes.exception(EndpointNotFound.class, (e, ctx) -> dispatch.noRoute(ctx));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> dispatch.problem(ctx, ofStatus(e.getStatus(), e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                // Jetty's own refusals (a form too large, a broken body) keep their status.
                for (Throwable t = e; t != null; t = t.getCause())
                    if (t instanceof HttpException http) {
                        dispatch.problem(ctx, ofStatus(http.getCode(), http.getReason()));
                        return;
                    }
                LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
                dispatch.problem(ctx, Problem.of(500, "internal-error", "Internal error", "The server failed; the log says why."));
            });
        });
    }

    private void answer(Route route, Context ctx) throws Exception {
        List<Offer> offers = route.offers().apply(ctx);
        Offer format = offers.isEmpty() ? null : negotiate(ctx, offers);
        route.answer().handle(ctx, format);
    }

    /** {@code ?format=NAME} wins over {@code Accept}; an unknown name is a 400, no fitting type a 406. */
    private static Offer negotiate(Context ctx, List<Offer> offers) {
        if (offers.size() > 1) ctx.header("Vary", "Accept");
        String asked = ctx.queryParam("format");
        if (asked != null)
            return Negotiation.byName(asked, offers).orElseThrow(() -> new ProblemException(
                    Problem.of(400, "invalid-arguments", "Unknown format", "The format '" + asked + "' is not offered here")
                            .withFindings(List.of(Finding.parameter("format", "must be one of "
                                    + offers.stream().map(o -> o.names().isEmpty() ? o.mediaType() : o.names().get(0)).toList())))));
        return Negotiation.byAccept(ctx.header("Accept"), offers).orElseThrow(() -> new ProblemException(
                Problem.of(406, "not-acceptable", "Not acceptable",
                        "This resource is offered as " + String.join(", ", offers.stream().map(Offer::mediaType).toList()))));
    }

    /** No route for this method: 405 with {@code Allow} when the path answers others, else 404. */
    private void noRoute(Context ctx) {
        Set<String> allowed = routes.methodsAt(ctx.path());
        if (!allowed.isEmpty() && !allowed.contains(ctx.method().name())) {
            ctx.header("Allow", String.join(", ", allowed));
            problem(ctx, Problem.of(405, "method-not-allowed", "Method not allowed",
                    ctx.method().name() + " is not answered at " + ctx.path() + "; " + String.join(", ", allowed) + " are."));
            return;
        }
        problem(ctx, Problem.of(404, "not-found", "Not found",
                (ctx.path().startsWith(apiPath + "/") ? "No API operation at " : "Nothing at ") + ctx.path()));
    }

    /** The problem as {@code application/problem+json} under the API, as plain text elsewhere. */
    private void problem(Context ctx, Problem problem) {
        ctx.status(problem.status());
        if (ctx.path().equals(apiPath) || ctx.path().startsWith(apiPath + "/")) {
            ctx.contentType(Problem.MEDIA_TYPE);
            ctx.result(ProblemJson.bytes(problem));
        } else {
            if (problem.status() >= 500) LOG.warn("{} {}: {}", ctx.method(), ctx.path(), problem.detail());
            ctx.contentType("text/plain; charset=utf-8");
            ctx.result(problem.title() + ": " + problem.detail() + "\n");
        }
    }

    static Problem ofStatus(int status, String detail) {
        String reason = Optional.ofNullable(HttpStatus.getMessage(status)).orElse("Error " + status);
        String slug = reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return Problem.of(status, slug, reason, detail == null || detail.isBlank() ? reason : detail);
    }
}
