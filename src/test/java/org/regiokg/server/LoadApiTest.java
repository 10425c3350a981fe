package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** POST /api/loads: RDF into the store over HTTP, for the admin only; health follows without a count per request. */
@Tag("integration")
class LoadApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PW = "load-secret";
    static final String TURTLE = "@prefix rkg: <https://w3id.org/regiokg/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            + "<https://w3id.org/regiokg/id/organisation/api-loaded> a rkg:Company ; rdfs:label \"API Loaded\"@de .\n";
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

    HttpResponse<String> post(String path, byte[] body, String contentType, String password, boolean gzip) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) r.header("Content-Encoding", "gzip");
        if (password != null)
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        return server.send(r.build());
    }

    @Test
    void theAdminLoadsTurtleIntoAGraphAndHealthFollows() throws Exception {
        long before = JSON.readTree(server.get("/api/health").body()).path("quads").asLong();
        HttpResponse<String> r = post("/api/loads?graph=https://example.org/graph/api", TURTLE.getBytes(StandardCharsets.UTF_8), "text/turtle", PW, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.path("graphs").path("https://example.org/graph/api").asLong()).isEqualTo(2);
        assertThat(report.path("shapesChecked").asText()).startsWith("all");
        long now = store.quadCount();
        assertThat(now).isGreaterThan(before + 2);
        long deadline = System.currentTimeMillis() + 20_000;
        long reported;
        do {
            reported = JSON.readTree(server.get("/api/health").body()).path("quads").asLong();
            if (reported != now) Thread.sleep(50);
        } while (reported != now && System.currentTimeMillis() < deadline);
        assertThat(reported).isEqualTo(now);
    }

    @Test
    void gzippedNQuadsByContentEncoding() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("<https://w3id.org/regiokg/id/organisation/api-loaded> <http://www.w3.org/2000/01/rdf-schema#comment> \"q\" <https://example.org/graph/q> .\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = post("/api/loads?file=extract.nq.gz", bytes.toByteArray(), "application/n-quads", PW, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(JSON.readTree(r.body()).path("graphs").path("https://example.org/graph/q").asLong()).isEqualTo(1);
    }

    @Test
    void refusedWithoutLoginOrSyntaxAndOnParseErrorsWithTheLine() throws Exception {
        byte[] body = TURTLE.getBytes(StandardCharsets.UTF_8);
        assertThat(post("/api/loads?graph=https://example.org/g", body, "text/turtle", null, false).statusCode()).isEqualTo(401);
        HttpResponse<String> noSyntax = post("/api/loads?graph=https://example.org/g", body, "text/csv", PW, false);
        assertThat(noSyntax.statusCode()).isEqualTo(415);
        assertThat(noSyntax.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        long before = store.quadCount();
        HttpResponse<String> bad = post("/api/loads?graph=https://example.org/g", (TURTLE + "<urn:a> <urn:b> .\n").getBytes(StandardCharsets.UTF_8), "text/turtle", PW, false);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("detail").asText()).startsWith("request body:3");
        assertThat(post("/api/loads", body, "text/turtle", PW, false).statusCode()).isEqualTo(400);
        assertThat(store.quadCount()).isEqualTo(before);
    }
}
