package org.regiokg.questions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The expected answers of one stored question, read from {@code queries/tests/NAME.yaml} (the format
 * is in {@code queries/tests/README.md}), and the check of an answer (the JSON of
 * {@code /api/questions/NAME}) against them. Pure: no server, no store.
 */
record ExpectedAnswers(String question, List<Case> cases, String coveredBy) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CURIE = Pattern.compile("([A-Za-z][\\w-]*):(?!//)(.*)", Pattern.DOTALL);
    private static final double TOLERANCE = 1e-9;
    private static final Set<String> FILE_KEYS = Set.of("prefixes", "cases", "covered-by");
    private static final Set<String> CASE_KEYS = Set.of("name", "args", "count", "answer", "expect");
    private static final Set<String> CHECK_KEYS = Set.of("where", "columns", "distinct", "count", "rows", "match", "absent");

    /** One call of the question: its arguments and what the answer must be. */
    record Case(String name, Map<String, String> args, JsonNode spec) {
        /** The query string of the call, {@code ?a=1&b=2} or empty. */
        String query() {
            StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
            args.forEach((k, v) -> q.add(k + "=" + java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
            return q.toString();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static ExpectedAnswers read(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        try {
            return parse(name, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExpectedAnswers parse(String question, String yaml) throws IOException {
        JsonNode root = YAML.readTree(yaml);
        if (root == null || !root.isObject()) throw new IllegalArgumentException(question + ": the file must be a YAML map");
        unknownKeys(question, root, FILE_KEYS);
        Map<String, String> prefixes = new LinkedHashMap<>();
        root.path("prefixes").fields().forEachRemaining(e -> prefixes.put(e.getKey(), e.getValue().asText()));
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.path("cases")) {
            String caseName = c.path("name").asText(null);
            if (caseName == null) throw new IllegalArgumentException(question + ": a case without a name");
            unknownKeys(question + " / " + caseName, c, CASE_KEYS);
            for (JsonNode check : c.path("expect")) unknownKeys(question + " / " + caseName, check, CHECK_KEYS);
            Map<String, String> args = new LinkedHashMap<>();
            c.path("args").fields().forEachRemaining(e -> args.put(e.getKey(), expand(e.getValue().asText(), prefixes)));
            cases.add(new Case(caseName, args, expandAll(c, prefixes)));
        }
        String coveredBy = root.path("covered-by").asText(null);
        if (cases.isEmpty() && coveredBy == null)
            throw new IllegalArgumentException(question + ": no cases, and no covered-by naming the test that checks the question");
        return new ExpectedAnswers(question, List.copyOf(cases), coveredBy);
    }

    private static void unknownKeys(String where, JsonNode node, Set<String> known) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) throw new IllegalArgumentException(where + ": unknown key '" + k + "' (known: " + known + ")");
        });
    }

    // ------------------------------------------------------------------ checking an answer

    /** Checks the body of a 200 answer to the case; throws an AssertionError that says what differs. */
    static void verify(String question, Case c, String body) {
        String where = question + " / " + c.name();
        JsonNode spec = c.spec();
        if (spec.has("answer")) {
            // An ASK question: the body is exactly true or false.
            String expected = spec.get("answer").asText();
            if (!body.equals(expected)) throw new AssertionError(where + ": expected the answer " + expected + ", got " + body);
            return;
        }
        JsonNode rows;
        try {
            rows = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(where + ": the answer is not JSON: " + body, e);
        }
        if (!rows.isArray()) throw new AssertionError(where + ": expected an array of rows, got " + body);
        List<JsonNode> all = new ArrayList<>();
        rows.forEach(all::add);
        if (spec.has("count") && all.size() != spec.get("count").asInt())
            throw new AssertionError(where + ": expected " + spec.get("count").asInt() + " rows, got " + all.size() + ":\n" + render(all));
        int i = 0;
        for (JsonNode check : spec.path("expect")) verifyCheck(where + ", check " + ++i, check, all);
    }

    private static void verifyCheck(String where, JsonNode check, List<JsonNode> all) {
        List<JsonNode> selected = new ArrayList<>();
        for (JsonNode row : all) if (matchesWhere(check.path("where"), row)) selected.add(row);
        List<String> columns = new ArrayList<>();
        check.path("columns").forEach(n -> columns.add(n.asText()));
        List<List<JsonNode>> projected = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode row : selected) {
            List<JsonNode> cells = new ArrayList<>();
            for (String col : columns) cells.add(row.get(col));
            if (check.path("distinct").asBoolean() && !seen.add(renderRow(cells))) continue;
            projected.add(cells);
        }
        String actual = projected.stream().map(ExpectedAnswers::renderRow).reduce("", (a, b) -> a + "\n  " + b);
        if (check.has("count") && projected.size() != check.get("count").asInt())
            throw new AssertionError(where + ": expected " + check.get("count").asInt() + " rows, got " + projected.size() + ":" + actual);
        if (check.has("rows")) {
            List<JsonNode> expected = new ArrayList<>();
            check.get("rows").forEach(expected::add);
            for (JsonNode e : expected)
                if (!e.isArray() || e.size() != columns.size())
                    throw new IllegalArgumentException(where + ": the expected row " + e + " must be a list of " + columns.size() + " cells " + columns);
            String match = check.path("match").asText("ordered");
            boolean ok = switch (match) {
                case "ordered" -> ordered(expected, projected);
                case "exactly" -> expected.size() == projected.size() && containsAll(expected, projected);
                case "contains" -> containsAll(expected, projected);
                default -> throw new IllegalArgumentException(where + ": match must be ordered, exactly or contains, not " + match);
            };
            if (!ok) throw new AssertionError(where + ": the rows " + columns + " (match: " + match + ") differ.\nexpected:"
                    + expected.stream().map(JsonNode::toString).reduce("", (a, b) -> a + "\n  " + b) + "\nactual:" + actual);
        }
        for (JsonNode absent : check.path("absent")) {
            for (List<JsonNode> row : projected)
                if (rowMatches(absent, row))
                    throw new AssertionError(where + ": the row " + renderRow(row) + " must be absent, but is in the answer");
        }
    }

    private static boolean ordered(List<JsonNode> expected, List<List<JsonNode>> actual) {
        if (expected.size() != actual.size()) return false;
        for (int i = 0; i < expected.size(); i++) if (!rowMatches(expected.get(i), actual.get(i))) return false;
        return true;
    }

    /** Every expected row matches a different actual row (first fit). */
    private static boolean containsAll(List<JsonNode> expected, List<List<JsonNode>> actual) {
        boolean[] used = new boolean[actual.size()];
        outer:
        for (JsonNode e : expected) {
            for (int j = 0; j < actual.size(); j++) {
                if (!used[j] && rowMatches(e, actual.get(j))) {
                    used[j] = true;
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    private static boolean rowMatches(JsonNode expected, List<JsonNode> actual) {
        if (expected.size() != actual.size()) return false;
        for (int i = 0; i < actual.size(); i++) if (!cellMatches(expected.get(i), actual.get(i))) return false;
        return true;
    }

    private static boolean matchesWhere(JsonNode where, JsonNode row) {
        for (Iterator<Map.Entry<String, JsonNode>> it = where.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!cellMatches(e.getValue(), row.get(e.getKey()))) return false;
        }
        return true;
    }

    /**
     * One expected cell against one actual value (null when unbound): null is unbound; a string is the
     * value's text; a number is a JSON number (within 1e-9); a boolean a JSON boolean; {contains: s or [s…]},
     * {endsWith: s} and {words: [w…]} (space-separated words, any order) look into the text.
     */
    static boolean cellMatches(JsonNode expected, JsonNode actual) {
        boolean unbound = actual == null || actual.isNull() || actual.isMissingNode();
        if (expected == null || expected.isNull()) return unbound;
        if (unbound) return false;
        if (expected.isTextual()) return expected.asText().equals(actual.asText());
        if (expected.isNumber()) return actual.isNumber() && Math.abs(expected.asDouble() - actual.asDouble()) <= TOLERANCE;
        if (expected.isBoolean()) return actual.isBoolean() && expected.asBoolean() == actual.asBoolean();
        if (expected.isObject() && expected.size() == 1) {
            String text = actual.asText();
            if (expected.has("contains")) {
                JsonNode parts = expected.get("contains");
                for (JsonNode p : parts.isArray() ? parts : JsonNodeFactory.instance.arrayNode().add(parts))
                    if (!text.contains(p.asText())) return false;
                return true;
            }
            if (expected.has("endsWith")) return text.endsWith(expected.get("endsWith").asText());
            if (expected.has("words")) {
                List<String> want = new ArrayList<>();
                expected.get("words").forEach(w -> want.add(w.asText()));
                List<String> got = new ArrayList<>(List.of(text.strip().split("\\s+")));
                want.sort(null);
                got.sort(null);
                return want.equals(got);
            }
        }
        throw new IllegalArgumentException("not an expected cell: " + expected
                + " (a string, number, boolean, null, {contains: …}, {endsWith: …} or {words: […]})");
    }

    private static String render(List<JsonNode> rows) {
        return rows.stream().map(JsonNode::toString).reduce("", (a, b) -> a + "  " + b + "\n");
    }

    private static String renderRow(List<JsonNode> cells) {
        StringJoiner j = new StringJoiner(" | ");
        for (JsonNode c : cells) j.add(c == null || c.isNull() ? "-" : c.isTextual() ? c.asText() : c.toString());
        return j.toString();
    }

    // ------------------------------------------------------------------ prefixes

    static String expand(String value, Map<String, String> prefixes) {
        Matcher m = CURIE.matcher(value);
        if (m.matches() && prefixes.containsKey(m.group(1))) return prefixes.get(m.group(1)) + m.group(2);
        return value;
    }

    /** A copy of the case with every string (arguments, cells, filters) expanded. */
    private static JsonNode expandAll(JsonNode node, Map<String, String> prefixes) {
        if (node.isTextual()) return JsonNodeFactory.instance.textNode(expand(node.asText(), prefixes));
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(expandAll(n, prefixes)));
            return out;
        }
        if (node.isObject()) {
            var out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), expandAll(e.getValue(), prefixes)));
            return out;
        }
        return node;
    }
}
