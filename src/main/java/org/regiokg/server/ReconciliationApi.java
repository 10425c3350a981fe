package org.regiokg.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.jena.atlas.web.AcceptList;
import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.fuseki.system.ConNeg;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.sparql.core.DatasetGraph;
import org.regiokg.link.LinkReport;
import org.regiokg.link.VoidDescription;
import org.regiokg.link.reconcile.ReconciliationCandidate;
import org.regiokg.link.reconcile.ReconciliationQuery;
import org.regiokg.link.reconcile.ReconciliationService;
import org.regiokg.problem.Finding;

/**
 * The linking face of the API:
 * <ul>
 *   <li>{@code /api/reconcile}: a reconciliation service (W3C Reconciliation Service API, protocol 0.2
 *       as OpenRefine 3.x speaks it): the manifest on a plain GET, batched queries by GET or POST
 *       ({@code queries=}), JSONP ({@code callback=}) on GET, entity suggest at
 *       {@code /api/reconcile/suggest/entity}; open to every origin (CORS), with preflight;</li>
 *   <li>{@code /api/links/report}: how many things have which external identifiers;</li>
 *   <li>{@code /api/void}: a VoID description of the dataset, Turtle, JSON-LD or N-Triples
 *       ({@code /.well-known/void} redirects to it).</li>
 * </ul>
 */
final class ReconciliationApi {
    static final String RECONCILE = ApiApp.PATH + "/reconcile";
    static final String SUGGEST = RECONCILE + "/suggest/entity";
    static final String REPORT = ApiApp.PATH + "/links/report";
    static final String VOID = ApiApp.PATH + "/void";
    static final String WELL_KNOWN_VOID = "/.well-known/void";
    /** At most this many queries in one batch (OpenRefine sends ten). */
    static final int MAX_BATCH = 500;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]{0,127}");
    private static final List<RDFFormat> VOID_FORMATS = List.of(RDFFormat.TURTLE, RDFFormat.JSONLD, RDFFormat.NTRIPLES);

    private final DatasetGraph dataset;
    private final ReconciliationService service;

    ReconciliationApi(DatasetGraph dataset) {
        this.dataset = dataset;
        this.service = new ReconciliationService(dataset);
    }

    void addRoutes(RoutesConfig routes) {
        for (String path : List.of(RECONCILE, RECONCILE + "/*", REPORT, VOID)) {
            routes.before(path, ReconciliationApi::cors);
            routes.options(path, ReconciliationApi::preflight);
        }
        routes.get(RECONCILE, this::reconcile);
        routes.post(RECONCILE, this::reconcile);
        routes.get(SUGGEST, this::suggest);
        routes.get(REPORT, ctx -> ctx.json(LinkReport.of(dataset)));
        routes.get(VOID, this::describe);
    }

    // ---- CORS ----

    private static void cors(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
    }

    private static void preflight(Context ctx) {
        ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        String asked = ctx.header("Access-Control-Request-Headers");
        ctx.header("Access-Control-Allow-Headers", asked == null || asked.isBlank() ? "Content-Type, Accept" : asked);
        ctx.header("Access-Control-Max-Age", "86400");
        ctx.status(HttpStatus.NO_CONTENT);
    }

    // ---- reconciliation ----

    private void reconcile(Context ctx) {
        String queries = param(ctx, "queries");
        String query = param(ctx, "query");
        Object body;
        if (queries != null) {
            body = batch(queries);
        } else if (query != null) {
            // Protocol 0.1: one query, as JSON or as plain text.
            ReconciliationQuery q = query.strip().startsWith("{") ? parseQuery("query", readJson("query", query)) : ReconciliationQuery.of(query);
            body = Map.of("result", service.reconcile(q));
        } else {
            body = service.manifest(serverUrl(ctx), RECONCILE);
        }
        answer(ctx, body);
    }

    private Map<String, Object> batch(String queries) {
        JsonNode batch = readJson("queries", queries);
        if (!batch.isObject())
            throw badRequest("queries", "must be a JSON object of queries: {\"q0\": {\"query\": \"…\"}, …}");
        if (batch.size() > MAX_BATCH)
            throw badRequest("queries", "at most " + MAX_BATCH + " queries in one batch; this one has " + batch.size());
        Map<String, ReconciliationQuery> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = batch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parsed.put(e.getKey(), parseQuery(e.getKey(), e.getValue()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        service.reconcile(parsed).forEach((key, candidates) -> answer.put(key, Map.of("result", candidates)));
        return answer;
    }

    private void suggest(Context ctx) {
        String prefix = param(ctx, "prefix");
        if (prefix == null || prefix.isBlank()) throw badRequest("prefix", "is required: the beginning of a name");
        int limit = intParam(ctx, "limit", 10);
        int cursor = Math.max(0, intParam(ctx, "cursor", 0));
        List<ReconciliationCandidate> found = service.suggest(prefix, param(ctx, "type"), cursor + limit);
        List<Map<String, Object>> result = new java.util.ArrayList<>();
        for (ReconciliationCandidate c : found.subList(Math.min(cursor, found.size()), found.size())) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", c.id());
            r.put("name", c.name());
            if (c.description() != null && !c.description().isEmpty()) r.put("description", c.description());
            r.put("notable", c.type());
            result.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", "/api/status/ok");
        body.put("status", "200 OK");
        body.put("prefix", prefix);
        body.put("result", result);
        answer(ctx, body);
    }

    private static ReconciliationQuery parseQuery(String key, JsonNode node) {
        try {
            return ReconciliationQuery.fromJson(node);
        } catch (IllegalArgumentException e) {
            throw badRequest("queries", "query '" + key + "': " + e.getMessage());
        }
    }

    private static JsonNode readJson(String parameter, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw badRequest(parameter, "is not JSON: " + e.getOriginalMessage());
        }
    }

    /** JSON, or JSONP when a GET names a {@code callback}. */
    private static void answer(Context ctx, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String callback = ctx.queryParam("callback");
        if (callback != null && !callback.isEmpty()) {
            if (!CALLBACK.matcher(callback).matches())
                throw badRequest("callback", "must be a JavaScript identifier (letters, digits, _, $, .)");
            ctx.contentType("application/javascript; charset=utf-8");
            ctx.result("/**/" + callback + "(" + json + ");");
        } else {
            ctx.contentType("application/json; charset=utf-8");
            ctx.result(json);
        }
    }

    // ---- VoID ----

    private void describe(Context ctx) {
        RDFFormat format = voidFormat(ctx);
        Model description = VoidDescription.describe(dataset, serverUrl(ctx));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RDFDataMgr.write(out, description, format);
        ctx.header("Vary", "Accept");
        ctx.contentType(format.getLang().getContentType().getContentTypeStr() + "; charset=utf-8");
        ctx.result(out.toByteArray());
    }

    private static RDFFormat voidFormat(Context ctx) {
        String asked = ctx.queryParam("format");
        if (asked != null) {
            return switch (asked.toLowerCase(java.util.Locale.ROOT)) {
                case "ttl", "turtle" -> RDFFormat.TURTLE;
                case "jsonld", "json-ld" -> RDFFormat.JSONLD;
                case "nt", "ntriples", "n-triples" -> RDFFormat.NTRIPLES;
                default -> throw badRequest("format", "must be one of ttl, jsonld, nt");
            };
        }
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) return RDFFormat.TURTLE;
        AcceptList offers = AcceptList.create(VOID_FORMATS.stream().map(f -> f.getLang().getHeaderString()).toArray(String[]::new));
        MediaType chosen = ConNeg.match(accept, offers);
        if (chosen == null)
            throw new ProblemException(Problem.of(406, "not-acceptable", "Not acceptable",
                    "The VoID description is offered as text/turtle, application/ld+json and application/n-triples"));
        for (RDFFormat f : VOID_FORMATS)
            if (f.getLang().getHeaderString().equals(chosen.getContentTypeStr())) return f;
        return RDFFormat.TURTLE;
    }

    // ---- helpers ----

    /** A query parameter, or on POST a form field. */
    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null && "POST".equalsIgnoreCase(ctx.method().name())) {
            String type = ctx.contentType();
            if (type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")))
                v = ctx.formParam(name);
        }
        return v;
    }

    private static int intParam(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Math.min(Integer.parseInt(v.strip()), ReconciliationQuery.MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw badRequest(name, "must be a whole number");
        }
    }

    private static ProblemException badRequest(String parameter, String message) {
        return new ProblemException(Problem.of(400, "invalid-arguments", "Invalid arguments", parameter + " " + message)
                .withFindings(List.of(Finding.parameter(parameter, message))));
    }

    /** The server as the client reached it: scheme, host and port. */
    static String serverUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    /** {@code /.well-known/void}: 303 See Other to the VoID description. */
    static final class WellKnownVoid extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (!req.getMethod().equals("GET") && !req.getMethod().equals("HEAD")) {
                resp.setHeader("Allow", "GET, HEAD");
                resp.sendError(405);
                return;
            }
            resp.setStatus(303);
            resp.setHeader("Location", VOID);
            resp.setHeader("Access-Control-Allow-Origin", "*");
        }
    }
}
