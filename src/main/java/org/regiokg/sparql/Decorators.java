package org.regiokg.sparql;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The header of a SPARQL file: lines starting with {@code #+}, read together as YAML, in the
 * decorator syntax of grlc and BASIL ({@code #+ summary: ...}, {@code #+ tags:} with list items).
 */
public final class Decorators {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Decorators() {}

    /** The header as a YAML tree (an empty object when there is none). */
    public static JsonNode read(String text) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (line.startsWith("#+")) yaml.append(line.substring(2)).append('\n');
        }
        if (yaml.isEmpty()) return YAML.createObjectNode();
        JsonNode node = YAML.readTree(yaml.toString());
        return node == null || node.isMissingNode() ? YAML.createObjectNode() : node;
    }

    /**
     * A list of one-entry maps ({@code - name: value}, as grlc writes defaults) or one plain map, as
     * ordered name-to-node pairs. Returns null when an entry is not a map.
     */
    public static Map<String, JsonNode> pairs(JsonNode node) {
        Map<String, JsonNode> pairs = new LinkedHashMap<>();
        if (node == null || node.isMissingNode() || node.isNull()) return pairs;
        List<JsonNode> entries = new ArrayList<>();
        if (node.isArray()) node.forEach(entries::add);
        else entries.add(node);
        for (JsonNode entry : entries) {
            if (!entry.isObject()) return null;
            entry.fields().forEachRemaining(e -> pairs.put(e.getKey(), e.getValue()));
        }
        return pairs;
    }
}
