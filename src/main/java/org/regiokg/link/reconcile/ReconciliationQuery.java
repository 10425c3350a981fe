package org.regiokg.link.reconcile;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One query of a reconciliation batch, as OpenRefine sends it (protocol 0.2):
 * {@code {"query": "Trilux", "type": "…#Company", "limit": 3, "properties": [{"pid": "town", "v": "Arnsberg"}]}}.
 * {@code type} may also be a list; {@code v} a string, a number, an object {@code {"id": …, "name": …}}
 * (a cell reconciled before) or a list of these.
 */
public record ReconciliationQuery(String query, List<String> types, int limit, List<PropertyCondition> properties) {
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    /** A condition on a property of the candidate: its id ({@code town}, an IRI, …) and the values asked for. */
    public record PropertyCondition(String pid, List<Value> values) {}

    /** A value of a condition: text to compare with labels, or an identifier (IRI or short id), or both. */
    public record Value(String text, String id) {}

    public static ReconciliationQuery of(String query) {
        return new ReconciliationQuery(query, List.of(), DEFAULT_LIMIT, List.of());
    }

    /** Reads one query object; a plain string is a query without type. Throws IllegalArgumentException when malformed. */
    public static ReconciliationQuery fromJson(JsonNode node) {
        if (node == null || node.isNull()) throw new IllegalArgumentException("the query is missing");
        if (node.isTextual()) return of(node.asText());
        if (!node.isObject()) throw new IllegalArgumentException("a query must be an object with a \"query\" field");
        JsonNode q = node.get("query");
        if (q == null || !q.isValueNode() || q.asText().isBlank())
            throw new IllegalArgumentException("\"query\" must be a non-empty string");
        List<String> types = new ArrayList<>();
        JsonNode type = node.get("type");
        if (type != null && !type.isNull()) {
            if (type.isArray()) type.forEach(t -> { if (t.isTextual() && !t.asText().isBlank()) types.add(t.asText()); });
            else if (type.isTextual()) { if (!type.asText().isBlank()) types.add(type.asText()); }
            else throw new IllegalArgumentException("\"type\" must be a string or a list of strings");
        }
        int limit = DEFAULT_LIMIT;
        JsonNode l = node.get("limit");
        if (l != null && !l.isNull()) {
            if (!l.canConvertToInt() && !l.isTextual()) throw new IllegalArgumentException("\"limit\" must be a number");
            try {
                limit = l.isTextual() ? Integer.parseInt(l.asText().trim()) : l.asInt();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"limit\" must be a number");
            }
            if (limit < 1) limit = DEFAULT_LIMIT;
            limit = Math.min(limit, MAX_LIMIT);
        }
        List<PropertyCondition> properties = new ArrayList<>();
        JsonNode ps = node.get("properties");
        if (ps != null && !ps.isNull()) {
            if (!ps.isArray()) throw new IllegalArgumentException("\"properties\" must be a list of {\"pid\", \"v\"}");
            for (JsonNode p : ps) {
                String pid = p.path("pid").asText(p.path("p").asText(""));
                if (pid.isBlank()) throw new IllegalArgumentException("each property needs a \"pid\"");
                List<Value> values = new ArrayList<>();
                JsonNode v = p.get("v");
                if (v != null && v.isArray()) v.forEach(x -> addValue(values, x));
                else addValue(values, v);
                if (!values.isEmpty()) properties.add(new PropertyCondition(pid, values));
            }
        }
        return new ReconciliationQuery(q.asText().strip(), List.copyOf(types), limit, List.copyOf(properties));
    }

    private static void addValue(List<Value> values, JsonNode v) {
        if (v == null || v.isNull()) return;
        if (v.isObject()) {
            String id = v.hasNonNull("id") ? v.get("id").asText() : null;
            String name = v.hasNonNull("name") ? v.get("name").asText() : null;
            if (id != null || name != null) values.add(new Value(name, id));
        } else if (v.isValueNode() && !v.asText().isBlank()) {
            values.add(new Value(v.asText().strip(), null));
        }
    }
}
