package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.testing.TestServer;

/** The landing page, the query editor and its server calls, the API's health and its errors. */
@Tag("integration")
class WebFacesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withCuratedGraph();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthCountsTheQuads() throws Exception {
        HttpResponse<String> r = server.get("/api/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode health = JSON.readTree(r.body());
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("quads").asLong()).isEqualTo(server.store().quadCount()).isPositive();
    }

    @Test
    void landingPageLinksEditorApiAndDocs() {
        HttpResponse<String> r = server.get("/", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("RegioKG", "href=\"ui/", "/kg/sparql", "href=\"api/questions\"", "href=\"api/docs\"");
    }

    @Test
    void queryEditorLoadsWithItsAssetsAndServerCalls() throws Exception {
        HttpResponse<String> page = server.get("/ui/", "text/html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Apache Jena Fuseki UI");
        // Every script and stylesheet the page names loads.
        Matcher assets = Pattern.compile("(?:src|href)=\"\\./(static/[^\"]+)\"").matcher(page.body());
        int count = 0;
        while (assets.find()) {
            HttpResponse<String> asset = server.get("/ui/" + assets.group(1));
            assertThat(asset.statusCode()).as(assets.group(1)).isEqualTo(200);
            assertThat(asset.body()).isNotEmpty();
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(2);
        // The UI asks relative to its own location; those calls reach Fuseki's answers.
        HttpResponse<String> redirected = server.get("/ui/$/server", "application/json");
        assertThat(redirected.statusCode()).isEqualTo(307);
        assertThat(redirected.headers().firstValue("Location")).contains("/$/server");
        JsonNode description = JSON.readTree(server.get("/$/server", "application/json").body());
        assertThat(description.path("datasets").toString()).contains("/kg", "sparql");
        assertThat(server.get("/$/datasets/kg", "application/json").statusCode()).isEqualTo(200);
        assertThat(server.get("/$/ping").statusCode()).isEqualTo(200);
        assertThat(server.get("/$/stats/kg", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownApiPathIsAProblemDocument() throws Exception {
        HttpResponse<String> r = server.get("/api/no-such-thing", "application/json");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asText()).contains("/api/no-such-thing");
    }
}
