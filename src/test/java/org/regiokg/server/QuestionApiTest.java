package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.apache.jena.riot.RDFParser;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** The question API over fixture questions and data: catalogue, typed binding, formats, paging, errors. */
@Tag("integration")
class QuestionApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FIXTURE = Path.of("src/test/resources/questions-fixture");
    static final String ID = "https://w3id.org/regiokg/id/";

    @TempDir
    static Path queries;
    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        try (var files = Files.list(FIXTURE.resolve("queries"))) {
            for (Path f : files.toList()) Files.copy(f, queries.resolve(f.getFileName()));
        }
        store = Store.inMemory();
        Txn.executeWrite(store.dataset(), () -> RDFParser.source(FIXTURE.resolve("data/fixture.trig")).parse(store.dataset()));
        server = TestServer.over(store, RegioServer.builder(store).queries(queries).queryTimeout(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static List<String> names(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.path("name").asText()));
        return names;
    }

    @Test
    void catalogueDescribesEachQuestionAndItsParameters() throws Exception {
        JsonNode catalogue = json(server.get("/api/questions"));
        List<String> all = new ArrayList<>();
        catalogue.path("questions").forEach(q -> all.add(q.path("name").asText()));
        assertThat(all).contains("organisations-in-town", "organisation-by-name", "active-on", "describe-organisation", "has-organisations");
        JsonNode q = find(catalogue, "organisations-in-town");
        assertThat(q.path("summary").asText()).isEqualTo("Organisations seated in a town");
        assertThat(q.path("tags").get(0).asText()).isEqualTo("test");
        JsonNode town = q.path("parameters").get(0);
        assertThat(town.path("name").asText()).isEqualTo("town");
        assertThat(town.path("type").asText()).isEqualTo("iri");
        assertThat(town.path("required").asBoolean()).isFalse();
        assertThat(town.path("default").asText()).isEqualTo(ID + "place/arnsberg");
        assertThat(town.path("description").asText()).isEqualTo("the place of the seat");
        JsonNode after = q.path("parameters").get(1);
        assertThat(after.path("name").asText()).isEqualTo("foundedAfter");
        assertThat(after.path("type").asText()).isEqualTo("xsd:integer");
        assertThat(after.path("required").asBoolean()).isFalse();
        JsonNode name = find(catalogue, "organisation-by-name").path("parameters").get(0);
        assertThat(name.path("type").asText()).isEqualTo("string@de");
        assertThat(name.path("required").asBoolean()).isTrue();
    }

    static JsonNode find(JsonNode catalogue, String name) {
        for (JsonNode q : catalogue.path("questions")) if (q.path("name").asText().equals(name)) return q;
        throw new AssertionError("no question " + name);
    }

    @Test
    void runsWithDefaultsAndAnswersAPlainJsonArray() throws Exception {
        HttpResponse<String> r = server.get("/api/questions/organisations-in-town");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode rows = json(r);
        assertThat(names(rows)).containsExactly("Alpha GmbH", "Beta AG", "Delta e.V.");
        assertThat(rows.get(0).path("org").asText()).isEqualTo(ID + "organisation/alpha");
        assertThat(rows.get(0).path("founded").isNumber()).isTrue();
        assertThat(rows.get(0).path("founded").asInt()).isEqualTo(1912);
    }

    @Test
    void typedParametersAreBoundAsTerms() throws Exception {
        assertThat(names(json(server.get("/api/questions/organisations-in-town?town=" + TestServer.encode(ID + "place/olpe")))))
                .containsExactly("Gamma KG");
        assertThat(names(json(server.get("/api/questions/organisations-in-town?foundedAfter=1995")))).containsExactly("Delta e.V.");
        JsonNode byName = json(server.get("/api/questions/organisation-by-name?name=" + TestServer.encode("Beta AG")));
        assertThat(byName).hasSize(1);
        assertThat(byName.get(0).path("since").asText()).isEqualTo("2020-11-01");
        // An IRI with a fragment, as the ontology's terms have, is a valid IRI.
        assertThat(server.get("/api/questions/describe-organisation?org=" + TestServer.encode("https://w3id.org/regiokg/def#Company")).statusCode())
                .isEqualTo(200);
        JsonNode asOf = json(server.get("/api/questions/active-on?asOf=2019-01-01"));
        List<String> orgs = new ArrayList<>();
        asOf.forEach(r -> orgs.add(r.path("org").asText()));
        assertThat(orgs).containsExactly(ID + "organisation/alpha", ID + "organisation/gamma");
    }

    @Test
    void resultFormatsByAcceptAndByFormat() {
        String path = "/api/questions/organisations-in-town?foundedAfter=1995";
        HttpResponse<String> csv = server.get(path, "text/csv");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().lines()).containsExactly("org,name,founded", ID + "organisation/delta,Delta e.V.,2015");
        HttpResponse<String> tsv = server.get(path, "text/tab-separated-values");
        assertThat(tsv.body().lines()).containsExactly("?org\t?name\t?founded", "<" + ID + "organisation/delta>\t\"Delta e.V.\"@de\t2015");
        assertThat(server.get(path, "application/sparql-results+json").body()).contains("\"bindings\"", "\"xml:lang\": \"de\"");
        assertThat(server.get(path, "application/sparql-results+xml").body()).contains("<literal xml:lang=\"de\">Delta e.V.</literal>");
        assertThat(server.get(path + "&format=csv", "application/json").body()).startsWith("org,name,founded");
        assertThat(server.get(path, "text/html;q=0.9, text/csv").headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(server.get(path, "image/png").statusCode()).isEqualTo(406);
    }

    @Test
    void constructAnswersTurtleAndJsonLd() {
        String path = "/api/questions/describe-organisation?org=" + TestServer.encode(ID + "organisation/gamma");
        HttpResponse<String> ttl = server.get(path, "text/turtle");
        assertThat(ttl.headers().firstValue("Content-Type").orElse("")).startsWith("text/turtle");
        assertThat(ttl.body()).contains("Gamma KG", "2001");
        HttpResponse<String> jsonld = server.get(path, "application/ld+json");
        assertThat(jsonld.headers().firstValue("Content-Type").orElse("")).startsWith("application/ld+json");
        assertThat(jsonld.body()).contains("Gamma KG");
        assertThat(server.get(path).headers().firstValue("Content-Type").orElse("")).startsWith("text/turtle");
    }

    @Test
    void askAnswersTrueOrFalse() {
        assertThat(server.get("/api/questions/has-organisations?town=" + TestServer.encode(ID + "place/olpe")).body()).isEqualTo("true");
        assertThat(server.get("/api/questions/has-organisations?town=" + TestServer.encode(ID + "place/siegen")).body()).isEqualTo("false");
    }

    @Test
    void pagesWithLinkHeaders() throws Exception {
        HttpResponse<String> first = server.get("/api/questions/organisations-in-town?limit=2");
        assertThat(names(json(first))).containsExactly("Alpha GmbH", "Beta AG");
        String links = first.headers().firstValue("Link").orElse("");
        assertThat(links).contains("</api/questions/organisations-in-town?limit=2&offset=2>; rel=\"next\"")
                         .contains("rel=\"first\"").doesNotContain("rel=\"prev\"");
        HttpResponse<String> second = server.get("/api/questions/organisations-in-town?limit=2&offset=2");
        assertThat(names(json(second))).containsExactly("Delta e.V.");
        assertThat(second.headers().firstValue("Link").orElse("")).contains("offset=0>; rel=\"prev\"").doesNotContain("rel=\"next\"");
        // Exactly a full last page: no next link (one row more was fetched and not found).
        HttpResponse<String> exact = server.get("/api/questions/organisations-in-town?limit=3");
        assertThat(exact.headers().firstValue("Link").orElse("")).doesNotContain("rel=\"next\"");
        // Other arguments are kept in the links.
        HttpResponse<String> kept = server.get("/api/questions/organisations-in-town?foundedAfter=1000&limit=1");
        assertThat(kept.headers().firstValue("Link").orElse("")).contains("foundedAfter=1000&limit=1&offset=1>; rel=\"next\"");
    }

    @Test
    void answersAreTaggedAndCachedUntilTheDataChanges() throws Exception {
        String path = "/api/questions/organisations-in-town?foundedAfter=2010";
        HttpResponse<String> first = server.get(path);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(server.get(path).headers().firstValue("ETag")).contains(etag);
        // The same arguments in another order are the same answer.
        assertThat(server.get(path + "&limit=100").headers().firstValue("ETag"))
                .isEqualTo(server.get("/api/questions/organisations-in-town?limit=100&foundedAfter=2010").headers().firstValue("ETag"));
        var conditional = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(path))).header("If-None-Match", etag).build();
        HttpResponse<String> notModified = server.send(conditional);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(names(json(first))).containsExactly("Delta e.V.");

        // A write changes the version: a new tag and the new answer, not the cached one.
        Txn.executeWrite(store.dataset(), () -> RDFParser.fromString("""
                PREFIX t: <https://example.org/test#>
                GRAPH <https://w3id.org/regiokg/graph/test/cache> {
                  <https://w3id.org/regiokg/id/organisation/epsilon> <http://www.w3.org/2000/01/rdf-schema#label> "Epsilon GmbH"@de ;
                      t:seat <https://w3id.org/regiokg/id/place/arnsberg> ; t:founded 2020 . }""", org.apache.jena.riot.Lang.TRIG)
                .parse(store.dataset()));
        try {
            HttpResponse<String> after = server.send(conditional);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
            assertThat(names(json(after))).containsExactly("Delta e.V.", "Epsilon GmbH");
        } finally {
            Txn.executeWrite(store.dataset(), () -> store.dataset().removeGraph(
                    org.apache.jena.graph.NodeFactory.createURI("https://w3id.org/regiokg/graph/test/cache")));
        }
        assertThat(names(json(server.get(path)))).containsExactly("Delta e.V.");
    }

    @Test
    void unknownQuestionIsA404Problem() throws Exception {
        HttpResponse<String> r = server.get("/api/questions/no-such-question");
        assertProblem(r, 404, null).path("detail").asText().contains("no-such-question");
    }

    @Test
    void missingUnknownAndMistypedParametersAreNamed() throws Exception {
        assertProblem(server.get("/api/questions/organisation-by-name"), 400, "name");
        assertProblem(server.get("/api/questions/organisations-in-town?colour=red"), 400, "colour");
        assertProblem(server.get("/api/questions/organisations-in-town?foundedAfter=nineteen"), 400, "foundedAfter");
        assertProblem(server.get("/api/questions/active-on?asOf=2020-13-45"), 400, "asOf");
        assertProblem(server.get("/api/questions/active-on?asOf=1.11.2020"), 400, "asOf");
        assertProblem(server.get("/api/questions/organisations-in-town?town=arnsberg"), 400, "town");
        assertProblem(server.get("/api/questions/organisations-in-town?limit=0"), 400, "limit");
        assertProblem(server.get("/api/questions/organisations-in-town?offset=-1"), 400, "offset");
        assertProblem(server.get("/api/questions/organisations-in-town?format=pdf"), 400, "format");
        assertProblem(server.get("/api/questions/organisations-in-town?town=a&town=b"), 400, "town");
        // Several problems at once are all listed.
        JsonNode both = assertProblem(server.get("/api/questions/organisations-in-town?foundedAfter=x&colour=red"), 400, "foundedAfter");
        assertThat(both.path("problems")).hasSize(2);
    }

    @Test
    void injectionAttemptsAreRejectedOrTreatedAsPlainData() throws Exception {
        long before = store.quadCount();
        String[] iriAttacks = {
                ID + "place/arnsberg> } ; DROP ALL ; SELECT * { <x",
                ID + "place/a>b",
                ID + "place/arnsberg\n} DROP ALL",
                ID + "place/\"quoted\"",
                ID + "place/{brace}",
                "javascript:alert(1)",
                "file:///etc/passwd",
        };
        for (String attack : iriAttacks)
            assertProblem(server.get("/api/questions/organisations-in-town?town=" + TestServer.encode(attack)), 400, "town");
        String[] stringAttacks = {"\" } ; DROP ALL ; #", "Beta AG\"@de } UNION { ?org ?p ?o", "x'); DROP ALL; --", "a\nb", "} ; DROP ALL"};
        for (String attack : stringAttacks) {
            HttpResponse<String> r = server.get("/api/questions/organisation-by-name?name=" + TestServer.encode(attack));
            assertThat(r.statusCode()).as(attack).isEqualTo(200);
            JsonNode rows = json(r);
            if (attack.equals("} ; DROP ALL"))
                // Stored as data in the fixture: found as data, not run as an update.
                assertThat(rows.get(0).path("org").asText()).isEqualTo(ID + "organisation/quote");
            else
                assertThat(rows).as(attack).isEmpty();
        }
        assertProblem(server.get("/api/questions/organisations-in-town?foundedAfter=" + TestServer.encode("1 || true")), 400, "foundedAfter");
        assertProblem(server.get("/api/questions/active-on?asOf=" + TestServer.encode("2020-01-01\"^^<x> ) || (true")), 400, "asOf");
        assertThat(store.quadCount()).isEqualTo(before);
    }

    @Test
    void aNewQueryFileIsANewOperationWithoutRestart() throws Exception {
        Files.writeString(queries.resolve("count-organisations.rq"), """
                #+ summary: How many organisations have a seat
                PREFIX t: <https://example.org/test#>
                SELECT (COUNT(?org) AS ?n) WHERE { ?org t:seat ?place }
                """);
        try {
            JsonNode rows = json(server.get("/api/questions/count-organisations"));
            assertThat(rows.get(0).path("n").asInt()).isEqualTo(5);
            assertThat(json(server.get("/api/questions")).toString()).contains("count-organisations");
        } finally {
            Files.delete(queries.resolve("count-organisations.rq"));
        }
        assertThat(server.get("/api/questions/count-organisations").statusCode()).isEqualTo(404);
    }

    @Test
    void aSlowQuestionEndsWithA503Problem() throws Exception {
        HttpResponse<String> r = server.get("/api/questions/slow");
        assertProblem(r, 503, null);
        assertThat(server.get("/api/health").statusCode()).isEqualTo(200);
    }

    @Test
    void openApiDocumentIsValidOpenApi31() throws Exception {
        HttpResponse<String> r = server.get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        var op = parsed.getOpenAPI().getPaths().get("/api/questions/organisations-in-town").getGet();
        assertThat(op.getOperationId()).isEqualTo("organisationsInTown");
        assertThat(op.getParameters()).extracting(p -> p.getName()).contains("town", "foundedAfter", "limit", "offset", "format");
        assertThat(op.getResponses()).containsKeys("200", "400", "404");
    }

    @Test
    void documentationPageLoadsSwaggerUi() {
        HttpResponse<String> page = server.get("/api/docs", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        var m = java.util.regex.Pattern.compile("src=\"([^\"]+swagger-ui-bundle\\.js)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        HttpResponse<String> bundle = server.get(m.group(1));
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        assertThat(page.body()).contains("/api/openapi.json");
    }

    static JsonNode assertProblem(HttpResponse<String> r, int status, String parameter) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("type").asText()).startsWith("https://");
        if (parameter != null) {
            List<String> params = new ArrayList<>();
            p.path("problems").forEach(f -> params.add(f.path("parameter").asText()));
            assertThat(params).contains(parameter);
        }
        return p;
    }
}
