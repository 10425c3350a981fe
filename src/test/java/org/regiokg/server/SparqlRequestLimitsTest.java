package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** The SPARQL endpoints refuse oversized and stack-deep texts, and a query that times out mid-answer is a 503. */
@Tag("integration")
class SparqlRequestLimitsTest {
    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() {
        store = Store.inMemory();
        new CuratedContent(TestServer.PROJECT).loadInto(store);
        server = TestServer.over(store, RegioServer.builder(store).queryTimeout(Duration.ofMillis(1500))
                .adminPassword(TestServer.ADMIN_PASSWORD).maxQueryBytes(20_000)
                // Small, so that these answers pass through the temporary file as large ones do.
                .answerMemory(4_000));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static String bigQuery(int bytes) {
        return "SELECT * { ?s ?p ?o } # " + "x".repeat(bytes);
    }

    @Test
    void aQueryLargerThanTheLimitIs413ByEveryWayOfSendingIt() {
        HttpResponse<String> form = server.sparqlPost(bigQuery(30_000), "application/sparql-results+json");
        assertThat(form.statusCode()).isEqualTo(413);
        assertThat(form.body()).contains("at most 20000 bytes").contains("--max-query-bytes");
        HttpResponse<String> body = server.send(HttpRequest.newBuilder(URI.create(server.url("/kg/sparql")))
                .header("Content-Type", "application/sparql-query")
                .POST(HttpRequest.BodyPublishers.ofString(bigQuery(30_000))).build());
        assertThat(body.statusCode()).isEqualTo(413);
        HttpResponse<String> update = server.update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> <https://example.org/p> \""
                + "x".repeat(30_000) + "\" } }", TestServer.ADMIN_PASSWORD);
        assertThat(update.statusCode()).isEqualTo(413);
        assertThat(server.sparqlPost(bigQuery(1000), "text/csv").statusCode()).isEqualTo(200);
    }

    @Test
    void aDeeplyNestedQueryIsRefusedWithAClearMessage() {
        String nested = "SELECT * { " + "{ ".repeat(1000) + "?s ?p ?o" + " }".repeat(1000) + " }";
        HttpResponse<String> r = server.sparqlPost(nested, "application/sparql-results+json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("nests braces or brackets").doesNotContain("StackOverflowError");
        String bySparqlBody = "SELECT * { " + "{ ".repeat(100) + "?s ?p ?o" + " }".repeat(100) + " }";
        HttpResponse<String> b = server.send(HttpRequest.newBuilder(URI.create(server.url("/kg/sparql")))
                .header("Content-Type", "application/sparql-query")
                .POST(HttpRequest.BodyPublishers.ofString(bySparqlBody)).build());
        assertThat(b.statusCode()).isEqualTo(400);
    }

    @Test
    void anAnswerLargerThanTheMemoryHeldIsSentWholeWithItsLength() throws Exception {
        HttpResponse<String> r = server.sparqlPost("SELECT ?s ?p ?o { ?s ?p ?o }", "application/sparql-results+json");
        assertThat(r.statusCode()).isEqualTo(200);
        int bytes = r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(bytes).isGreaterThan(100_000);
        assertThat(r.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(bytes);
        assertThat(new ObjectMapper().readTree(r.body()).path("results").path("bindings").size()).isGreaterThan(3000);
    }

    @Test
    void nestingIsCountedOutsideStringsAndComments() {
        assertThat(SparqlRequestLimits.nesting("SELECT * { ?s ?p \"{{{{\" # {{{{\n FILTER((1)) }")).isEqualTo(3);
    }

    @Test
    void aSelectThatTimesOutWhileItsRowsAreWrittenIs503NotACutOffBody() throws Exception {
        // Rows come slowly (a rare match in a cross product the optimiser cannot turn into a join), so some are
        // written before the limit ends it.
        String slow = "SELECT ?a ?d { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?a) = STR(?d) && STR(?c) < STR(?f)) }";
        for (String accept : new String[] {"application/sparql-results+json", "text/csv"}) {
            HttpResponse<String> r = server.sparqlPost(slow, accept);
            assertThat(r.statusCode()).as(accept + ": " + r.body()).isEqualTo(503);
            assertThat(r.body()).contains("time limit").doesNotContain("\"bindings\"");
        }
        HttpResponse<String> quick = server.sparqlPost("SELECT ?s { ?s a ?t } LIMIT 5", "application/sparql-results+json");
        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(quick.body()).path("results").path("bindings")).hasSize(5);
        assertThat(quick.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(quick.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
