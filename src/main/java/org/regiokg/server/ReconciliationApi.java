package org.regiokg.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.javalin.http.Context;

import org.apache.jena.sparql.core.DatasetGraph;
import org.regiokg.link.reconcile.ReconciliationCandidate;
import org.regiokg.link.reconcile.ReconciliationQuery;
import org.regiokg.link.reconcile.ReconciliationService;
import org.regiokg.problem.Finding;

/**
 * A reconciliation service (W3C Reconciliation Service API, protocol 0.2 as OpenRefine 3.x speaks
 * it): the manifest on a plain GET, batched queries by GET or POST ({@code queries=}), JSONP
 * ({@code callback=}) on GET, and entity suggest. The route table opens it to every origin.
 */
final class ReconciliationApi {
    /** At most this many queries in one batch (OpenRefine sends ten; 500 held a core for 40 s). */
    static final int MAX_BATCH = 50;
    /** At most this many characters in one query's text (names, not documents). */
    static final int MAX_QUERY_CHARS = 1000;
    /** The largest request body taken: a full batch of long queries with properties fits. */
    static final long MAX_BODY_BYTES = 256 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]{0,127}");

    private final String path;
    private final ReconciliationService service;

    /** {@code path}: where the service is mounted, as its manifest tells clients. */
    ReconciliationApi(String path, DatasetGraph dataset) {
        this.path = path;
        this.service = new ReconciliationService(dataset);
    }

    // ---- reconciliation ----

    void reconcile(Context ctx) {
        refuseLargeOrForeignBody(ctx);
        String queries = param(ctx, "queries");
        String query = param(ctx, "query");
        Object body;
        if (queries != null) {
            body = batch(queries);
        } else if (query != null) {
            // Protocol 0.1: one query, as JSON or as plain text.
            if (query.length() > MAX_QUERY_CHARS)
                throw badRequest("query", "has " + query.length() + " characters; at most " + MAX_QUERY_CHARS);
            ReconciliationQuery q = query.strip().startsWith("{") ? parseQuery("query", readJson("query", query)) : ReconciliationQuery.of(query);
            body = Map.of("result", service.reconcile(q));
        } else if ("POST".equalsIgnoreCase(ctx.method().name())) {
            // A POST asks something; answering it with the manifest hides the client's mistake.
            throw badRequest("queries", "is required: POST the batch as the form field queries={\"q0\": {\"query\": \"…\"}} "
                    + "(application/x-www-form-urlencoded); GET without parameters gives the manifest");
        } else {
            body = service.manifest(serverUrl(ctx), path);
        }
        answer(ctx, body);
    }

    /** Bodies above {@link #MAX_BODY_BYTES} are 413; a POST body that is not a form (JSON, say) is 400. */
    private static void refuseLargeOrForeignBody(Context ctx) {
        if (!"POST".equalsIgnoreCase(ctx.method().name())) return;
        long length = ctx.contentLength();
        if (length > MAX_BODY_BYTES)
            throw new ProblemException(Problem.of(413, "request-too-large", "Request too large",
                    "The request body has " + length + " bytes; the reconciliation service takes at most " + MAX_BODY_BYTES
                            + " bytes (" + MAX_BATCH + " queries of at most " + MAX_QUERY_CHARS + " characters)."));
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        boolean form = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
        if (!form && length != 0)
            throw badRequest("queries", "must be sent as a form field (Content-Type application/x-www-form-urlencoded), not as a "
                    + (type.isEmpty() ? "body without Content-Type" : type + " body"));
    }

    private Map<String, Object> batch(String queries) {
        JsonNode batch = readJson("queries", queries);
        if (!batch.isObject())
            throw badRequest("queries", "must be a JSON object of queries: {\"q0\": {\"query\": \"…\"}, …}");
        if (batch.size() > MAX_BATCH)
            throw new ProblemException(Problem.of(413, "batch-too-large", "Batch too large",
                    "queries: at most " + MAX_BATCH + " queries in one batch; this one has " + batch.size() + ". Send smaller batches.")
                    .withFindings(List.of(Finding.parameter("queries", "has " + batch.size() + " queries; at most " + MAX_BATCH))));
        Map<String, ReconciliationQuery> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = batch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parsed.put(e.getKey(), parseQuery(e.getKey(), e.getValue()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        service.reconcile(parsed).forEach((key, candidates) -> answer.put(key, Map.of("result", candidates)));
        return answer;
    }

    void suggest(Context ctx) {
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
        JsonNode text = node.path("query");
        if (text.isTextual() && text.asText().length() > MAX_QUERY_CHARS)
            throw badRequest("queries", "query '" + key + "' has " + text.asText().length() + " characters; at most " + MAX_QUERY_CHARS);
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
    private static String serverUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }
}
