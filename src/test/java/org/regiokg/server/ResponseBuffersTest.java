package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.storage.Store;

/**
 * Responses go through Jetty's usual 32 KB buffer, not Fuseki's 5 MB one (which Jetty's pool does not
 * keep: each response allocated and zeroed 5 MB); answers larger than the buffer still arrive whole.
 */
@Tag("integration")
class ResponseBuffersTest {
    @Test
    void responsesAreWrittenThroughJettysUsualBufferAndArriveWhole() throws Exception {
        try (Store store = Store.inMemory(); RegioServer server = RegioServer.builder(store).port(0).warmUp(false).build().start()) {
            assertThat(server.outputBufferBytes()).isEqualTo(ResponseBuffers.BYTES);
            HttpClient http = HttpClient.newHttpClient();
            // The catalogue of questions, written by the route table, is larger than one buffer.
            HttpResponse<String> catalogue = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/api/questions"))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(catalogue.statusCode()).isEqualTo(200);
            assertThat(catalogue.body().length()).isGreaterThan(ResponseBuffers.BYTES);
            JsonNode questions = new ObjectMapper().readTree(catalogue.body()).get("questions");
            assertThat(questions.size()).isGreaterThan(10);
            // A SPARQL answer larger than one buffer, held back until complete by SparqlRequestLimits.
            String query = "SELECT ?i WHERE { VALUES ?x { 0 1 2 3 4 5 6 7 8 9 } VALUES ?y { 0 1 2 3 4 5 6 7 8 9 } "
                    + "VALUES ?z { 0 1 2 3 4 5 6 7 8 9 } BIND(?x * 100 + ?y * 10 + ?z AS ?i) }";
            HttpResponse<String> rows = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/kg/sparql?query="
                            + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)))
                    .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rows.statusCode()).isEqualTo(200);
            assertThat(rows.body().length()).isGreaterThan(ResponseBuffers.BYTES);
            assertThat(new ObjectMapper().readTree(rows.body()).path("results").path("bindings").size()).isEqualTo(1000);
        }
    }
}
