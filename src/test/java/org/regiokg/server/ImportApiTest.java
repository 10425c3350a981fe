package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** POST /api/imports: the same import over HTTP, for the admin only, with problems by row and column. */
@Tag("integration")
class ImportApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PW = "import-secret";
    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() {
        store = TestServer.curatedStore(false);
        server = TestServer.over(store, RegioServer.builder(store).adminPassword(PW).importer(TestServer.importer(store)));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    HttpResponse<String> post(String query, byte[] csv, String password) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url("/api/imports?" + query)))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(csv));
        if (password != null)
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        return server.send(r.build());
    }

    @Test
    void anonymousAndWrongPasswordAreRefused() {
        long quads = store.quadCount();
        byte[] csv = "name,town,district,niche,source_url,confidence\nA,Olpe,Kreis Olpe,W,https://example.org/s,high\n".getBytes(StandardCharsets.UTF_8);
        assertThat(post("mapping=world-market-leaders&file=a.csv", csv, null).statusCode()).isEqualTo(401);
        assertThat(post("mapping=world-market-leaders&file=a.csv", csv, "wrong").statusCode()).isEqualTo(401);
        assertThat(store.quadCount()).isEqualTo(quads);
    }

    @Test
    void theAdminImportsAndTheApiSeesItAtOnce() throws Exception {
        byte[] csv = Files.readAllBytes(Path.of("data/examples/partnerships-example.csv"));
        HttpResponse<String> r = post("mapping=partnerships&file=partnerships-example.csv", csv, PW);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.path("rows").asInt()).isEqualTo(2);
        assertThat(report.path("graph").asText()).isEqualTo("https://w3id.org/regiokg/graph/import/partnerships-example");
        assertThat(report.path("organisationsCreated").asInt()).isEqualTo(2);
        HttpResponse<String> ask = server.sparqlGet("ASK { GRAPH <https://w3id.org/regiokg/graph/import/partnerships-example> "
                + "{ ?a <https://w3id.org/regiokg/def#partnerOf> <https://w3id.org/regiokg/id/organisation/gonicus> } }", "application/sparql-results+json");
        assertThat(ask.body()).contains("true");
        HttpResponse<String> again = post("mapping=partnerships&file=partnerships-example.csv", csv, PW);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("unchanged").asBoolean()).isTrue();
    }

    @Test
    void badRowsAreA422ProblemListingRowAndColumn() throws Exception {
        long quads = store.quadCount();
        byte[] csv = ("name,town,district,niche,source_url,confidence\n"
                + "A,Olpe,Kreis Olpe,W,not-a-url,high\n"
                + "B,Olpe,Kreis Atlantis,W,https://example.org/s,high\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("mapping=world-market-leaders&file=bad.csv", csv, PW);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problems = JSON.readTree(r.body()).path("problems");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).path("row").asInt()).isEqualTo(1);
        assertThat(problems.get(0).path("column").asText()).isEqualTo("source_url");
        assertThat(problems.get(1).path("row").asInt()).isEqualTo(2);
        assertThat(problems.get(1).path("column").asText()).isEqualTo("district");
        assertThat(store.quadCount()).isEqualTo(quads);
    }

    @Test
    void missingMappingIsA400() throws Exception {
        HttpResponse<String> r = post("file=a.csv", "x\n1\n".getBytes(StandardCharsets.UTF_8), PW);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("problems").get(0).path("parameter").asText()).isEqualTo("mapping");
    }

    @Test
    void withoutAnAdminPasswordImportsAreDisabled() {
        try (TestServer open = TestServer.over(store, RegioServer.builder(store))) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(open.url("/api/imports?mapping=partnerships&file=a.csv")))
                    .POST(HttpRequest.BodyPublishers.ofString("a\n1\n")).build();
            assertThat(open.send(r).statusCode()).isEqualTo(403);
        }
    }
}
