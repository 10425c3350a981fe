package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.questions.QuestionRunner;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The OpenAPI document describes every route of the table, validates, declares SPARQL results JSON
 * as a schema, and its examples answer: what Swagger UI's "Try it out" sends first returns rows.
 */
@Tag("integration")
class OpenApiDocumentTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Questions whose answer needs Wikidata (SERVICE), not reachable here. */
    static final Set<String> NEEDS_WIKIDATA = Set.of("municipality-population-wikidata");
    static Store store;
    static TestServer server;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store).queries(TestServer.PROJECT.resolve("queries")));
        doc = JSON.readTree(server.get("/api/openapi.json").body());
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void validatesWithoutMessages() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(server.get("/api/openapi.json").body());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getComponents().getSchemas()).containsKeys("SparqlResults", "Problem", "JsonLd");
    }

    @Test
    void describesEveryRouteOfTheTable() {
        Routes routes = RouteTable.of(store, new QuestionCatalogue(TestServer.PROJECT.resolve("queries")), new QuestionRunner(store.dataset()),
                null, RegioServer.DATASET, RegioServer.ADMIN_USER, true, Optional.empty());
        List<String> missing = new ArrayList<>();
        for (Routes.Route r : routes.all()) {
            if (r.servedBy() == Routes.ServedBy.FILES || r.access() == Routes.Access.PAGE) continue;
            String path = r.path().replace("<path>", "{kind}/{slug}");
            if (path.equals("/api/questions/{name}")) {
                assertThat(doc.path("paths").path("/api/questions/organisations-in-region").isObject()).isTrue();
                continue;
            }
            if (!doc.path("paths").path(path).has(r.method().toLowerCase())) missing.add(r.method() + " " + path);
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void sparqlResultsAreASchemaNotAString() {
        JsonNode content = doc.at("/paths/~1kg~1sparql/get/responses/200/content");
        assertThat(content.at("/application~1sparql-results+json/schema/$ref").asText()).isEqualTo("#/components/schemas/SparqlResults");
        JsonNode question = doc.at("/paths/~1api~1questions~1organisations-in-region/get/responses/200/content");
        assertThat(question.at("/application~1sparql-results+json/schema/$ref").asText()).isEqualTo("#/components/schemas/SparqlResults");
        assertThat(question.at("/application~1json/schema/type").asText()).isEqualTo("array");
    }

    /** What "Try it out" sends: every parameter with an example, and nothing else. */
    @Test
    void everyQuestionsExampleAnswersSomething() throws Exception {
        List<String> empty = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("/api/questions/")) return;
            String name = e.getKey().substring("/api/questions/".length());
            if (NEEDS_WIKIDATA.contains(name)) return;
            StringJoiner query = new StringJoiner("&", "?", "");
            for (JsonNode p : e.getValue().path("get").path("parameters"))
                if (p.has("example")) query.add(p.path("name").asText() + "=" + TestServer.encode(p.path("example").asText()));
            HttpResponse<String> r = server.get(e.getKey() + query, "application/json");
            try {
                JsonNode body = JSON.readTree(r.body());
                boolean answers = r.statusCode() == 200 && (body.isArray() ? !body.isEmpty() : body.isBoolean() || body.isObject());
                if (!answers) empty.add(name + query + " -> " + r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
            } catch (Exception ex) {
                empty.add(name + query + " -> " + ex.getMessage());
            }
        });
        assertThat(empty).isEmpty();
    }

    @Test
    void staticExamplesAnswerToo() throws Exception {
        // The SPARQL example and the Linked Data example: real IRIs of the curated graph.
        String q = doc.at("/paths/~1kg~1sparql/get/parameters/0/example").asText();
        JsonNode rows = JSON.readTree(server.sparqlGet(q, "application/sparql-results+json").body()).at("/results/bindings");
        assertThat(rows).isNotEmpty();
        Map<String, String> thing = Map.of("kind", doc.at("/paths/~1id~1{kind}~1{slug}/get/parameters/0/example").asText(),
                "slug", doc.at("/paths/~1id~1{kind}~1{slug}/get/parameters/1/example").asText());
        assertThat(server.get("/id/" + thing.get("kind") + "/" + thing.get("slug"), "text/turtle").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/reconcile/preview?id=" + doc.at("/paths/~1api~1reconcile~1preview/get/parameters/0/example").asText()).statusCode())
                .isEqualTo(200);
    }
}
