package org.regiokg.questions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.Syntax;
import org.regiokg.sparql.Decorators;

/**
 * Reads a question file: the {@code #+} header lines are YAML in grlc's decorator syntax
 * ({@code summary}, {@code description}, {@code tags}, {@code defaults}, {@code pagination}, and
 * RegioKG's {@code parameters} for descriptions); the rest is a SPARQL query whose variables named
 * {@code ?_name_type} and {@code ?__name_type} are its parameters.
 */
public final class QuestionParser {
    private static final Pattern VARIABLE = Pattern.compile("[?$](__?[A-Za-z0-9][A-Za-z0-9_]*)");

    private QuestionParser() {}

    public static Question parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QuestionFileException(file, "cannot be read: " + e.getMessage());
        }
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".rq".length());
        return parse(name, text, file);
    }

    static Question parse(String name, String text, Path source) {
        JsonNode header = header(text, source);
        Query query;
        try {
            query = QueryFactory.create(text, Syntax.syntaxARQ);
        } catch (QueryParseException e) {
            throw new QuestionFileException(source, "is not valid SPARQL: " + e.getMessage());
        }
        Map<String, String> defaults = pairs(header.path("defaults"), source, "defaults");
        Map<String, String> descriptions = pairs(header.path("parameters"), source, "parameters");
        List<Parameter> parameters = parameters(query, defaults, descriptions, source);
        for (String declared : defaults.keySet())
            if (parameters.stream().noneMatch(p -> p.name().equals(declared)))
                throw new QuestionFileException(source, "has a default for '" + declared + "', which is no parameter of the query");
        List<String> tags = new ArrayList<>();
        header.path("tags").forEach(t -> tags.add(t.asText()));
        Optional<Integer> pageSize = header.hasNonNull("pagination")
                ? Optional.of(header.get("pagination").asInt()) : Optional.empty();
        return new Question(name,
                header.path("summary").asText(name),
                header.path("description").asText(""),
                List.copyOf(tags), parameters, query, pageSize, source, Integer.toHexString(text.hashCode()));
    }

    private static JsonNode header(String text, Path source) {
        try {
            return Decorators.read(text);
        } catch (IOException e) {
            throw new QuestionFileException(source, "has a header that is not valid YAML: " + e.getMessage());
        }
    }

    private static Map<String, String> pairs(JsonNode node, Path source, String key) {
        Map<String, JsonNode> pairs = Decorators.pairs(node);
        if (pairs == null)
            throw new QuestionFileException(source, "has '" + key + "' entries that are not 'name: value'");
        Map<String, String> text = new LinkedHashMap<>();
        pairs.forEach((k, v) -> text.put(k, v.asText()));
        return text;
    }

    private static List<Parameter> parameters(Query query, Map<String, String> defaults,
                                              Map<String, String> descriptions, Path source) {
        // Every variable of the serialised query, in order of appearance: patterns, expressions,
        // projections and sub-queries alike.
        Set<String> vars = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(query.serialize());
        while (m.find()) vars.add(m.group(1));
        List<Parameter> parameters = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String v : vars) {
            boolean optional = v.startsWith("__");
            ParameterType.Named named;
            try {
                named = ParameterType.parse(v.substring(optional ? 2 : 1));
            } catch (IllegalArgumentException e) {
                throw new QuestionFileException(source, "declares ?" + v + " with an " + e.getMessage());
            }
            if (named.name().isEmpty() || !names.add(named.name()))
                throw new QuestionFileException(source, "declares the parameter '" + named.name() + "' twice or without a name");
            parameters.add(new Parameter(named.name(), v, named.type(), !optional,
                    Optional.ofNullable(defaults.get(named.name())),
                    Optional.ofNullable(descriptions.get(named.name()))));
        }
        return List.copyOf(parameters);
    }
}
