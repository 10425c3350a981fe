package org.regiokg.questions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.regiokg.sparql.Decorators;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.sparql.SparqlFileException;

/**
 * Makes a question of a SPARQL file (read by {@link SparqlFile}): the {@code #+} header lines are YAML
 * in grlc's decorator syntax ({@code summary}, {@code description}, {@code tags}, {@code defaults},
 * {@code pagination}, and RegioKG's {@code parameters} for descriptions, {@code returns} for the
 * columns, {@code paging} for where the page is cut and {@code warm} for a question run once at the server's
 * start); the rest is a SPARQL query whose variables named {@code ?_name_type} and
 * {@code ?__name_type} are its parameters. A file that cannot be a question throws
 * {@link SparqlFileException}, naming the file and, where known, the line.
 */
public final class QuestionParser {

    private QuestionParser() {}

    public static Question parse(Path file) {
        return of(SparqlFile.read(file));
    }

    /** A system question kept beside {@code owner} on the classpath. */
    public static Question resource(Class<?> owner, String fileName) {
        return of(SparqlFile.resource(owner, fileName));
    }

    static Question parse(String name, String text, Path source) {
        return of(SparqlFile.parse(name, source.toString(), text));
    }

    public static Question of(SparqlFile file) {
        JsonNode header = file.header();
        Map<String, String> defaults = pairs(file, "defaults");
        Map<String, String> descriptions = pairs(file, "parameters");
        List<Parameter> parameters = parameters(file, defaults, descriptions);
        for (String declared : defaults.keySet())
            if (parameters.stream().noneMatch(p -> p.name().equals(declared)))
                throw file.problem("defaults", "has a default for '" + declared + "', which is no parameter of the query");
        List<String> tags = new ArrayList<>();
        header.path("tags").forEach(t -> tags.add(t.asText()));
        Optional<Integer> pageSize = header.hasNonNull("pagination")
                ? Optional.of(header.get("pagination").asInt()) : Optional.empty();
        String paging = header.path("paging").asText("outer");
        if (!paging.equals("outer") && !paging.equals("inner") && !paging.equals("leading"))
            throw file.problem("paging", "must be 'outer' (the default: the page is cut from the whole answer), 'inner' or 'leading', not '" + paging + "'");
        Question.Paging cut = Question.Paging.valueOf(paging.toUpperCase(java.util.Locale.ROOT));
        if (cut != Question.Paging.OUTER && PagedInside.pageSubQuery(file.query()) == null)
            throw file.problem("paging", "is '" + paging + "', but the query has no sub-select with an ORDER BY at the top of its pattern (nor, without any ORDER BY, a sub-select there)");
        if (cut == Question.Paging.LEADING && PagedInside.unsorted(file.query()))
            throw file.problem("paging", "is 'leading', but the query's sub-select at the top of its pattern has no ORDER BY");
        JsonNode warm = header.path("warm");
        if (!warm.isMissingNode() && !warm.isBoolean())
            throw file.problem("warm", "has warm: '" + warm.asText() + "'; it must be true (run once with its defaults at the server's start) or false");
        if (warm.asBoolean(false) && parameters.stream().anyMatch(p -> p.required() && p.defaultValue().isEmpty()))
            throw file.problem("warm", "has warm: true, but a required parameter without a default (the start runs it with its defaults)");
        return new Question(file.name(),
                header.path("summary").asText(file.name()),
                header.path("description").asText(""),
                List.copyOf(tags), parameters, file.query(), pageSize, cut, warm.asBoolean(false), file.source(), file.fingerprint());
    }

    private static Map<String, String> pairs(SparqlFile file, String key) {
        Map<String, JsonNode> pairs = Decorators.pairs(file.header().path(key));
        if (pairs == null) throw file.problem(key, "has '" + key + "' entries that are not 'name: value'");
        Map<String, String> text = new LinkedHashMap<>();
        pairs.forEach((k, v) -> text.put(k, v.asText()));
        return text;
    }

    private static List<Parameter> parameters(SparqlFile file, Map<String, String> defaults, Map<String, String> descriptions) {
        List<Parameter> parameters = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String v : file.parameterVariables()) {
            boolean optional = v.startsWith("__");
            ParameterType.Named named;
            try {
                named = ParameterType.parse(v.substring(optional ? 2 : 1));
            } catch (IllegalArgumentException e) {
                throw file.problem(null, "declares ?" + v + " with an " + e.getMessage());
            }
            if (named.name().isEmpty() || !names.add(named.name()))
                throw file.problem(null, "declares the parameter '" + named.name() + "' twice or without a name");
            parameters.add(new Parameter(named.name(), v, named.type(), !optional,
                    Optional.ofNullable(defaults.get(named.name())),
                    Optional.ofNullable(descriptions.get(named.name()))));
        }
        return List.copyOf(parameters);
    }
}
