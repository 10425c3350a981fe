package org.regiokg.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final ReconciliationExtension extension;
    private final PlaceConditions places;
    private final Optional<String> publicUrl;

    /**
     * @param path      where the service is mounted, as its manifest tells clients
     * @param publicUrl the server's public address (e.g. behind a proxy); without one, the address
     *                  the client reached it by. The manifest's links (view, preview, suggest) point there.
     */
    ReconciliationApi(String path, DatasetGraph dataset, Optional<String> publicUrl) {
        this.path = path;
        this.service = new ReconciliationService(dataset);
        this.extension = new ReconciliationExtension(dataset);
        this.places = new PlaceConditions(dataset);
        this.publicUrl = publicUrl.map(u -> u.replaceAll("/+$", ""));
    }

    // ---- reconciliation ----

    void reconcile(Context ctx) {
        refuseLargeOrForeignBody(ctx);
        String queries = param(ctx, "queries");
        String query = param(ctx, "query");
        String extend = param(ctx, "extend");
        Object body;
        if (extend != null) {
            body = extend(extend);
        } else if (queries != null) {
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
            body = manifest(ctx);
        }
        answer(ctx, body);
    }

    /** The service's manifest, with this server's preview, data extension and pages. */
    private Map<String, Object> manifest(Context ctx) {
        String server = serverUrl(ctx);
        Map<String, Object> m = new LinkedHashMap<>(service.manifest(server, path));
        // Clicking a candidate opens its page on this server, not on w3id.org (which may not lead here).
        m.put("view", Map.of("url", server + "/id/{{id}}"));
        m.put("preview", Map.of("url", server + path + "/preview?id={{id}}", "width", 400, "height", 120));
        List<Map<String, Object>> settings = List.of();
        m.put("extend", Map.of(
                "propose_properties", Map.of("service_url", server, "service_path", path + "/properties"),
                "property_settings", settings));
        return m;
    }

    /** The columns OpenRefine may add for things of a type ({@code ?type=…&limit=…}). */
    void properties(Context ctx) {
        String type = param(ctx, "type");
        int limit = intParam(ctx, "limit", ReconciliationExtension.COLUMNS.size());
        Map<String, Object> body = new LinkedHashMap<>();
        if (type != null) body.put("type", type);
        body.put("properties", ReconciliationExtension.proposals(type).stream().limit(Math.max(limit, 0))
                .map(ReconciliationExtension.Column::asJson).toList());
        answer(ctx, body);
    }

    /** Data extension: {@code extend={"ids": […], "properties": [{"id": "town"}, …]}}. */
    private Map<String, Object> extend(String text) {
        JsonNode request = readJson("extend", text);
        if (!request.path("ids").isArray() || !request.path("properties").isArray())
            throw badRequest("extend", "must be {\"ids\": [\"organisation/trilux\", …], \"properties\": [{\"id\": \"town\"}, …]}");
        if (request.path("ids").size() > MAX_BATCH)
            throw badRequest("extend", "at most " + MAX_BATCH + " ids in one request; this one has " + request.path("ids").size());
        List<ReconciliationExtension.Column> columns = new java.util.ArrayList<>();
        for (JsonNode p : request.path("properties")) {
            String id = p.path("id").asText();
            columns.add(ReconciliationExtension.column(id).orElseThrow(() -> badRequest("extend",
                    "asks for the property '" + id + "'; this service offers " + ReconciliationExtension.COLUMNS.stream()
                            .map(ReconciliationExtension.Column::id).toList())));
        }
        Map<String, Object> rows = new LinkedHashMap<>();
        for (JsonNode idNode : request.path("ids")) {
            String id = idNode.asText();
            Map<String, List<Map<String, Object>>> values = ReconciliationExtension.iri(id).map(extension::values).orElse(Map.of());
            Map<String, Object> row = new LinkedHashMap<>();
            for (ReconciliationExtension.Column c : columns) row.put(c.id(), values.getOrDefault(c.id(), List.of()));
            rows.put(id, row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("meta", columns.stream().map(ReconciliationExtension.Column::asJson).toList());
        body.put("rows", rows);
        return body;
    }

    /** A small HTML card of one thing, for OpenRefine's preview pop-up ({@code ?id=organisation/trilux}). */
    void preview(Context ctx) {
        String id = param(ctx, "id");
        String iri = ReconciliationExtension.iri(id).orElseThrow(() ->
                badRequest("id", "must be a reconciliation id such as organisation/trilux"));
        Map<String, List<Map<String, Object>>> values = extension.values(iri);
        if (values.isEmpty()) throw new ProblemException(Problem.of(404, "not-found", "Not found", "The graph says nothing about " + iri + "."));
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
                .append(escape(first(values, "name", id))).append("</title></head><body style=\"font-family:sans-serif;font-size:13px;margin:6px\">")
                .append("<a target=\"_blank\" href=\"").append(escape(serverUrl(ctx) + "/id/" + iri.substring(org.regiokg.vocab.Vocabulary.ID.length())))
                .append("\"><strong>").append(escape(first(values, "name", id))).append("</strong></a>");
        for (ReconciliationExtension.Column c : ReconciliationExtension.COLUMNS) {
            if (c.id().equals("name") || !values.containsKey(c.id())) continue;
            html.append("<br>").append(escape(c.name())).append(": ").append(escape(values.get(c.id()).stream()
                    .map(v -> String.valueOf(v.containsKey("name") ? v.get("name") : v.containsKey("str") ? v.get("str") : Boolean.TRUE.equals(v.get("bool")) ? "yes" : "no"))
                    .collect(java.util.stream.Collectors.joining(", "))));
        }
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html.append("</body></html>").toString());
    }

    private static String first(Map<String, List<Map<String, Object>>> values, String column, String otherwise) {
        return values.getOrDefault(column, List.of()).stream().map(v -> String.valueOf(v.get("str"))).findFirst().orElse(otherwise);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Bodies above {@link #MAX_BODY_BYTES} are 413; a POST body that is not a form (JSON, say) is 400. */
    private static void refuseLargeOrForeignBody(Context ctx) {
        if (!"POST".equalsIgnoreCase(ctx.method().name())) return;
        long length = ctx.contentLength();
        if (length > MAX_BODY_BYTES) {
            // Read and dropped first (up to a bound), or the client may see a reset instead of the 413.
            try {
                SparqlRequestLimits.discardBody(ctx.req());
            } catch (java.io.IOException e) {
                // the client went away: the answer below goes nowhere either
            }
            throw new ProblemException(Problem.of(413, "request-too-large", "Request too large",
                    "The request body has " + length + " bytes; the reconciliation service takes at most " + MAX_BODY_BYTES
                            + " bytes (" + MAX_BATCH + " queries of at most " + MAX_QUERY_CHARS + " characters)."));
        }
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
        Map<String, Object> answer = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = batch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // A blank cell has no candidates; it must not cost the other rows theirs.
            if (isBlank(e.getValue())) answer.put(e.getKey(), Map.of("result", List.of()));
            else if (isPropertiesOnly(e.getValue())) answer.put(e.getKey(), Map.of("result", places.candidates(parsePropertiesOnly(e.getKey(), e.getValue()))));
            else parsed.put(e.getKey(), parseQuery(e.getKey(), e.getValue()));
        }
        service.reconcile(parsed).forEach((key, candidates) -> answer.put(key, Map.of("result", candidates)));
        // In the order the batch asked.
        Map<String, Object> ordered = new LinkedHashMap<>();
        batch.fieldNames().forEachRemaining(key -> ordered.put(key, answer.get(key)));
        return ordered;
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

    /** A query whose name is given but empty or white space, without property conditions. */
    private static boolean isBlank(JsonNode query) {
        if (query.isTextual()) return query.asText().isBlank();
        JsonNode q = query.path("query");
        boolean noConditions = !query.path("properties").isArray() || query.path("properties").isEmpty();
        return q.isTextual() && q.asText().isBlank() && noConditions;
    }

    /** Property conditions without a name: {@code {"properties": [{"pid": "town", "v": "Arnsberg"}]}}. */
    private static boolean isPropertiesOnly(JsonNode query) {
        JsonNode q = query.path("query");
        boolean noName = q.isMissingNode() || q.isNull() || q.isTextual() && q.asText().isBlank();
        return query.isObject() && noName && query.path("properties").isArray() && !query.path("properties").isEmpty();
    }

    /** Reads a query without a name as the name search reads queries (types, limit, conditions). */
    private static ReconciliationQuery parsePropertiesOnly(String key, JsonNode query) {
        com.fasterxml.jackson.databind.node.ObjectNode named = query.deepCopy();
        named.put("query", "-");
        return parseQuery(key, named);
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

    /** The server's public address, or the server as the client reached it: scheme, host and port. */
    private String serverUrl(Context ctx) {
        return publicUrl.orElseGet(() -> ctx.scheme() + "://" + ctx.host());
    }
}
