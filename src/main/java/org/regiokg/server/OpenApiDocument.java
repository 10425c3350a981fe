package org.regiokg.server;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.jena.sparql.core.Var;
import org.regiokg.questions.AnswerFormat;
import org.regiokg.questions.Parameter;
import org.regiokg.questions.ParameterType;
import org.regiokg.questions.Question;
import org.regiokg.questions.QuestionRunner;

/** The OpenAPI 3.1 description of the API, generated from the question catalogue on every request. */
final class OpenApiDocument {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private OpenApiDocument() {}

    /** The routes that are not questions, and the schemas they share ({@code openapi-routes.yaml}). */
    private static final ObjectNode ROUTES = readRoutes();

    private static ObjectNode readRoutes() {
        try (var in = OpenApiDocument.class.getResourceAsStream("openapi-routes.yaml")) {
            return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The document without examples. */
    static ObjectNode of(List<Question> questions, String apiPath) {
        return of(questions, apiPath, name -> Map.of());
    }

    /**
     * The document for these questions and every other route, with the API mounted at {@code apiPath};
     * {@code examples} gives a question's example arguments (ones that answer something).
     */
    static ObjectNode of(List<Question> questions, String apiPath, Function<String, Map<String, String>> examples) {
        String questionsPath = apiPath + "/questions";
        ObjectNode doc = F.objectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "RegioKG API");
        info.put("version", "1");
        info.put("description", "Predefined questions over the RegioKG knowledge graph of regional economic "
                + "competences. Each operation is one SPARQL file in queries/; researchers can also query "
                + "the graph directly at /kg/sparql.");
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = doc.putObject("paths");
        paths.set(apiPath + "/health", operation("health", "Health and size of the graph", "Status and number of quads.",
                List.of("service"), F.arrayNode(), jsonResponse(healthSchema())));
        paths.set(questionsPath, operation("listQuestions", "The catalogue of questions",
                "Every question with its parameters, types and defaults.", List.of("service"), F.arrayNode(),
                jsonResponse(F.objectNode().put("type", "object"))));
        for (Question q : questions) paths.set(questionsPath + "/" + q.name(), questionPath(q, examples.apply(q.name())));
        ROUTES.path("paths").fields().forEachRemaining(e -> paths.set(e.getKey(), e.getValue().deepCopy()));
        ObjectNode components = ROUTES.path("components").deepCopy();
        doc.set("components", components);
        components.with("schemas").set("Problem", problemSchema());
        ArrayNode tags = doc.putArray("tags");
        questions.stream().flatMap(q -> q.tags().stream()).distinct().sorted().forEach(t -> tags.addObject().put("name", t));
        return doc;
    }

    private static ObjectNode questionPath(Question q, Map<String, String> example) {
        ArrayNode params = F.arrayNode();
        for (Parameter p : q.parameters()) {
            ObjectNode param = params.addObject();
            param.put("name", p.name());
            param.put("in", "query");
            param.put("required", p.requiredOfCaller());
            param.put("description", p.description().orElse("") + (p.description().isPresent() ? " " : "") + "(" + p.type().label() + ")");
            ObjectNode schema = schemaOf(p.type());
            p.defaultValue().ifPresent(v -> schema.put("default", v));
            param.set("schema", schema);
            // An example that answers (from the question's expected answers), else the default; an optional
            // parameter without either stays empty, so "Try it out" does not narrow the answer to nothing.
            String value = example.getOrDefault(p.name(), p.defaultValue().orElse(p.requiredOfCaller() ? p.type().example() : null));
            if (value != null) param.put("example", value);
        }
        if (!q.query().isAskType()) {
            params.add(pagingParam(QuestionRunner.LIMIT, "Rows per page (1 to " + QuestionRunner.MAX_PAGE_SIZE + ")", 1, QuestionRunner.MAX_PAGE_SIZE,
                    q.pageSize().map(Long::valueOf).orElse(QuestionRunner.DEFAULT_PAGE_SIZE)));
            params.add(pagingParam(QuestionRunner.OFFSET, "Rows to skip", 0, null, 0L));
            // A grouping question paged inside cuts its page before its costly part, in its own order: nothing to offer.
            if (q.pagesInIndexOrder()) {
                ObjectNode order = params.addObject();
                order.put("name", QuestionRunner.ORDER).put("in", "query").put("required", false)
                     .put("description", "'sorted' (default): the question's order. 'index': the order the store's indexes give, "
                             + "so the first page of a long listing comes without sorting every match; pages are stable while the data does not change.");
                ObjectNode schema = order.putObject("schema").put("type", "string").put("default", QuestionRunner.ORDER_SORTED);
                schema.putArray("enum").add(QuestionRunner.ORDER_SORTED).add(QuestionRunner.ORDER_INDEX);
            }
        }
        ObjectNode format = params.addObject();
        format.put("name", "format").put("in", "query").put("required", false)
              .put("description", "Result format; overrides Accept.");
        ArrayNode formats = format.putObject("schema").put("type", "string").putArray("enum");
        AnswerFormat.offeredFor(q).forEach(f -> formats.add(f.shortName()));

        ObjectNode ok = F.objectNode().put("description", "The answer; the Link header points to the first, previous and next pages.");
        ObjectNode content = ok.putObject("content");
        for (AnswerFormat f : AnswerFormat.offeredFor(q)) {
            ObjectNode media = content.putObject(f.mediaType());
            media.set("schema", switch (f.mediaType()) {
                case "application/json" -> rowsSchema(q);
                case "application/sparql-results+json" -> F.objectNode().put("$ref", "#/components/schemas/SparqlResults");
                case "application/ld+json" -> F.objectNode().put("$ref", "#/components/schemas/JsonLd");
                default -> F.objectNode().put("type", "string");
            });
        }
        ObjectNode op = operation(operationId(q.name()), q.summary(), q.description(), q.tags(), params, ok);
        ObjectNode responses = (ObjectNode) op.get("get").get("responses");
        responses.set("400", problemResponse("A parameter is missing, unknown or of the wrong type."));
        responses.set("404", problemResponse("No such question."));
        responses.set("406", problemResponse("None of the accepted formats is offered."));
        responses.set("503", problemResponse("The query ran longer than the query timeout."));
        return op;
    }

    private static ObjectNode operation(String id, String summary, String description, List<String> tags,
                                        ArrayNode params, ObjectNode okResponse) {
        ObjectNode path = F.objectNode();
        ObjectNode get = path.putObject("get");
        get.put("operationId", id);
        get.put("summary", summary);
        if (!description.isBlank()) get.put("description", description);
        ArrayNode t = get.putArray("tags");
        tags.forEach(t::add);
        if (!params.isEmpty()) get.set("parameters", params);
        get.putObject("responses").set("200", okResponse);
        return path;
    }

    private static ObjectNode pagingParam(String name, String description, long min, Long max, long dflt) {
        ObjectNode p = F.objectNode();
        p.put("name", name).put("in", "query").put("required", false).put("description", description);
        ObjectNode schema = p.putObject("schema").put("type", "integer").put("minimum", min).put("default", dflt);
        if (max != null) schema.put("maximum", max);
        return p;
    }

    private static ObjectNode schemaOf(ParameterType type) {
        ObjectNode s = F.objectNode().put("type", "string");
        switch (type.kind()) {
            case IRI -> s.put("format", "iri");
            case TYPED -> {
                String local = type.datatypeIri().substring(type.datatypeIri().indexOf('#') + 1);
                switch (local) {
                    case "integer", "int", "long", "nonNegativeInteger", "positiveInteger" -> s.put("type", "integer");
                    case "decimal", "double", "float" -> s.put("type", "number");
                    case "boolean" -> s.put("type", "boolean");
                    case "date" -> s.put("format", "date");
                    case "dateTime" -> s.put("format", "date-time");
                    default -> s.put("format", "xsd:" + local);
                }
            }
            case LANG_STRING, STRING -> { }
        }
        return s;
    }

    /** The default JSON answer: an array of objects with the query's projected variables. */
    private static ObjectNode rowsSchema(Question q) {
        if (q.query().isAskType()) return F.objectNode().put("type", "boolean");
        ObjectNode row = F.objectNode().put("type", "object");
        ObjectNode props = row.putObject("properties");
        if (q.query().isSelectType())
            for (Var v : q.query().getProjectVars()) props.putObject(v.getVarName());
        ObjectNode schema = F.objectNode().put("type", "array");
        schema.set("items", row);
        return schema;
    }

    private static ObjectNode jsonResponse(ObjectNode schema) {
        ObjectNode r = F.objectNode().put("description", "OK");
        r.putObject("content").putObject("application/json").set("schema", schema);
        return r;
    }

    private static ObjectNode problemResponse(String description) {
        ObjectNode r = F.objectNode().put("description", description);
        r.putObject("content").putObject(Problem.MEDIA_TYPE).putObject("schema").put("$ref", PROBLEM_REF);
        return r;
    }

    private static ObjectNode healthSchema() {
        ObjectNode s = F.objectNode().put("type", "object");
        ObjectNode props = s.putObject("properties");
        props.putObject("status").put("type", "string");
        props.putObject("quads").put("type", "integer");
        return s;
    }

    private static ObjectNode problemSchema() {
        ObjectNode s = F.objectNode().put("type", "object");
        s.put("description", "RFC 9457 problem details");
        ObjectNode props = s.putObject("properties");
        props.putObject("type").put("type", "string");
        props.putObject("title").put("type", "string");
        props.putObject("status").put("type", "integer");
        props.putObject("detail").put("type", "string");
        ObjectNode finding = F.objectNode().put("type", "object");
        ObjectNode fp = finding.putObject("properties");
        fp.putObject("parameter").put("type", "string");
        fp.putObject("row").put("type", "integer");
        fp.putObject("column").put("type", "string");
        fp.putObject("message").put("type", "string");
        props.putObject("problems").put("type", "array").set("items", finding);
        return s;
    }

    static String operationId(String name) {
        StringBuilder id = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '-' || c == '_') upper = true;
            else {
                id.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return id.toString();
    }
}
