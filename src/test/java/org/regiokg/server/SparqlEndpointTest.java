package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.testing.TestServer;

/** The SPARQL face: query in every result format, writes only for the admin, nothing else open. */
@Tag("integration")
class SparqlEndpointTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GRAPH = "https://w3id.org/regiokg/graph/test/endpoint";
    static final String THING = "https://w3id.org/regiokg/id/organisation/test-endpoint-gmbh";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withCuratedGraph();
        HttpResponse<String> r = server.update("""
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                INSERT DATA { GRAPH <%s> { <%s> rdfs:label "Test Endpoint GmbH"@de } }""".formatted(GRAPH, THING),
                TestServer.ADMIN_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String LABEL_QUERY = """
            SELECT ?label ?g WHERE { GRAPH ?g { <%s> <http://www.w3.org/2000/01/rdf-schema#label> ?label } }""".formatted(THING);

    @Test
    void queryByGetAnswersSparqlJson() throws Exception {
        HttpResponse<String> r = server.sparqlGet(LABEL_QUERY, "application/sparql-results+json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/sparql-results+json");
        JsonNode bindings = JSON.readTree(r.body()).path("results").path("bindings");
        assertThat(bindings).hasSize(1);
        assertThat(bindings.get(0).path("label").path("value").asText()).isEqualTo("Test Endpoint GmbH");
        assertThat(bindings.get(0).path("label").path("xml:lang").asText()).isEqualTo("de");
        assertThat(bindings.get(0).path("g").path("value").asText()).isEqualTo(GRAPH);
    }

    @Test
    void queryByPostAnswersCsv() {
        HttpResponse<String> r = server.sparqlPost(LABEL_QUERY, "text/csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.body().lines()).containsExactly("label,g", "Test Endpoint GmbH," + GRAPH);
    }

    @Test
    void queryAnswersTsvAndXml() {
        HttpResponse<String> tsv = server.sparqlGet(LABEL_QUERY, "text/tab-separated-values");
        assertThat(tsv.body().lines()).containsExactly("?label\t?g", "\"Test Endpoint GmbH\"@de\t<" + GRAPH + ">");
        HttpResponse<String> xml = server.sparqlGet(LABEL_QUERY, "application/sparql-results+xml");
        assertThat(xml.headers().firstValue("Content-Type").orElse("")).startsWith("application/sparql-results+xml");
        assertThat(xml.body()).contains("<literal xml:lang=\"de\">Test Endpoint GmbH</literal>");
    }

    @Test
    void defaultGraphIsTheUnionOfTheNamedGraphs() throws Exception {
        String q = "SELECT ?label { <" + THING + "> <http://www.w3.org/2000/01/rdf-schema#label> ?label }";
        JsonNode bindings = JSON.readTree(server.sparqlGet(q, "application/json").body()).path("results").path("bindings");
        assertThat(bindings).hasSize(1);
    }

    @Test
    void constructAnswersTurtle() {
        HttpResponse<String> r = server.sparqlGet("CONSTRUCT WHERE { <" + THING + "> ?p ?o }", "text/turtle");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/turtle");
        assertThat(r.body()).contains("Test Endpoint GmbH");
    }

    @Test
    void updateWithoutCredentialsIsRejectedAndChangesNothing() {
        long before = server.store().quadCount();
        HttpResponse<String> r = server.update("DROP ALL", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("Basic");
        HttpResponse<String> wrong = server.update("DROP ALL", "not-the-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(server.store().quadCount()).isEqualTo(before);
    }

    @Test
    void updateWithCredentialsIsVisibleAtOnceInTheApi() throws Exception {
        long before = JSON.readTree(server.get("/api/health").body()).path("quads").asLong();
        HttpResponse<String> r = server.update("INSERT DATA { GRAPH <" + GRAPH + "/more> { <" + THING + "> <http://example.org/p> 42 } }",
                TestServer.ADMIN_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(server.get("/api/health").body());
        assertThat(health.path("quads").asLong()).isEqualTo(before + 1);
    }

    @Test
    void graphStoreWritesNeedCredentialsButReadsDoNot() {
        var anonymousPut = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/kg/data?graph=" + TestServer.encode(GRAPH))))
                .header("Content-Type", "text/turtle").PUT(java.net.http.HttpRequest.BodyPublishers.ofString("<http://a> <http://b> <http://c> .")).build();
        assertThat(server.send(anonymousPut).statusCode()).isEqualTo(401);
        HttpResponse<String> read = server.get("/kg/get?graph=" + TestServer.encode(GRAPH), "text/turtle");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("Test Endpoint GmbH");
    }

    @Test
    void noAdminProtocolThatChangesTheServer() {
        assertThat(server.postForm("/$/datasets", "dbName=evil&dbType=mem", "*/*", null).statusCode()).isEqualTo(405);
        assertThat(server.postForm("/$/datasets", "dbName=evil&dbType=mem", "*/*", TestServer.ADMIN_PASSWORD).statusCode()).isEqualTo(405);
        // Not served at all (the landing page's file servlet refuses the POST).
        for (String admin : new String[] {"/$/compact/kg", "/$/backup/kg", "/$/reload", "/$/sleep", "/$/tasks"})
            assertThat(server.postForm(admin, "", "*/*", TestServer.ADMIN_PASSWORD).statusCode()).as(admin).isIn(404, 405);
        // The dataset itself takes no update: only the named endpoints exist.
        assertThat(server.postForm("/kg", "update=" + TestServer.encode("DROP ALL"), "*/*", null).statusCode()).isBetween(400, 499);
        assertThat(server.store().quadCount()).isPositive();
    }

    @Test
    void serviceCallsToOtherServersAreRefused() {
        String q = "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }";
        HttpResponse<String> r = server.sparqlGet(q, "application/sparql-results+json");
        assertThat(r.statusCode()).isBetween(400, 599).isNotEqualTo(200);
        assertThat(r.body()).containsIgnoringCase("SERVICE");
    }
}
