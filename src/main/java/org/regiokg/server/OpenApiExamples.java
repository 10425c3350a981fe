package org.regiokg.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Example arguments for Swagger UI's "Try it out" that answer something: those of a question's
 * expected answers ({@code queries/tests/NAME.yaml}), the first case with arguments whose answer is
 * not empty. So a first click returns rows, and the examples are checked by the build.
 */
final class OpenApiExamples {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path testsDir;

    OpenApiExamples(Path queriesDir) {
        this.testsDir = queriesDir.resolve("tests");
    }

    /** The example's arguments by parameter name, prefixes expanded; empty when the question has no such case. */
    Map<String, String> of(String question) {
        Path file = testsDir.resolve(question + ".yaml");
        if (!Files.isRegularFile(file)) return Map.of();
        JsonNode doc;
        try {
            doc = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (doc == null) return Map.of();
        for (JsonNode c : doc.path("cases")) {
            if (!c.path("args").isObject() || c.path("args").isEmpty()) continue;
            if (c.path("count").asInt(1) == 0 || c.path("answer").isBoolean() && !c.path("answer").asBoolean()) continue;
            Map<String, String> args = new LinkedHashMap<>();
            c.path("args").fields().forEachRemaining(e -> args.put(e.getKey(), expand(e.getValue().asText(), doc.path("prefixes"))));
            return args;
        }
        return Map.of();
    }

    private static String expand(String value, JsonNode prefixes) {
        int colon = value.indexOf(':');
        if (colon > 0 && prefixes.has(value.substring(0, colon)) && !value.startsWith("http"))
            return prefixes.path(value.substring(0, colon)).asText() + value.substring(colon + 1);
        return value;
    }
}
