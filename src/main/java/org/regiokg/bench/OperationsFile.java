package org.regiokg.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code bench/operations.yaml}: the operations the bench times and the values it picks from the
 * generated data for their arguments. Data, not code, so that a new question gets its arguments
 * without touching Java.
 */
record OperationsFile(Map<String, Pick> picks, List<Operation> operations) {
    /** A value taken from the data: {@code column} of the first row {@code question} answers for {@code args}. */
    record Pick(String question, Map<String, String> args, String column) {}

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)(?::([0-9.]+))?}");

    static OperationsFile read(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, Pick> picks = new LinkedHashMap<>();
        root.path("picks").properties().forEach(e -> picks.put(e.getKey(), new Pick(
                required(file, e.getValue(), "question"), strings(e.getValue().path("args")), required(file, e.getValue(), "column"))));
        List<Operation> operations = new ArrayList<>();
        String group = "operations";
        for (JsonNode op : root.path("operations")) {
            group = op.path("group").asText(group);
            String question = op.hasNonNull("question") ? op.get("question").asText() : null;
            if (question == null && !op.hasNonNull("path"))
                throw new IllegalArgumentException(file + ": operation " + op + " has neither question nor path");
            String name = op.path("name").asText(question != null ? question : op.path("path").asText());
            if (operations.stream().anyMatch(o -> o.name().equals(name)))
                throw new IllegalArgumentException(file + ": two operations are called " + name + "; give one a name:");
            operations.add(new Operation(name, group, question, strings(op.path("args")), op.path("method").asText("GET"),
                    op.hasNonNull("path") ? op.get("path").asText() : null, strings(op.path("params")),
                    op.path("accept").asText("application/json"), op.path("peers").asBoolean(true), op.path("optional").asBoolean(false)));
        }
        return new OperationsFile(Map.copyOf(picks), List.copyOf(operations));
    }

    /**
     * {@code text} with its placeholders replaced: {@code {index:F}} by floor(F × organisations)
     * (at most organisations - 1), {@code {NAME}} by the picked value; an unknown one fails, naming it.
     */
    static String fill(String text, long organisations, Map<String, String> picked) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1).equals("index") && m.group(2) != null)
                value = Long.toString(Math.min(organisations - 1, (long) Math.floor(Double.parseDouble(m.group(2)) * organisations)));
            else if (picked.containsKey(m.group(1)))
                value = picked.get(m.group(1));
            else
                throw new IllegalArgumentException("unknown placeholder " + m.group() + " in \"" + text + "\"; known: {index:F}, " + picked.keySet());
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static String required(Path file, JsonNode node, String field) {
        if (!node.hasNonNull(field)) throw new IllegalArgumentException(file + ": " + node + " lacks " + field);
        return node.get(field).asText();
    }
}
