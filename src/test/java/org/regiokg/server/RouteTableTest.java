package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.testing.TestServer;

/** What the route table writes once for every route: HEAD, 405, problems from Jetty, CORS for reads, same origin for writes. */
@Tag("integration")
class RouteTableTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OTHER = "http://other.example";
    static final String QUESTION = "/api/questions/world-market-leaders-without-digital-partner";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withCuratedGraph();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- HEAD ----

    @Test
    void headOfAnUnknownQuestionIs404WithoutBody() {
        String raw = raw("HEAD /api/questions/no-such-question HTTP/1.1");
        assertThat(statusLine(raw)).contains(" 404 ");
        assertThat(header(raw, "Content-Type")).startsWith("application/problem+json");
        assertThat(bodyOf(raw)).isEmpty();
        assertThat(server.get("/api/questions/no-such-question").statusCode()).isEqualTo(404);
    }

    @Test
    void headOfAKnownRouteIsGetWithoutBody() {
        for (String path : new String[] {QUESTION, QUESTION + "?format=csv", "/api/questions", "/api/void", "/def/Company", "/agency"}) {
            HttpResponse<String> get = server.get(path);
            assertThat(get.statusCode()).as(path).isEqualTo(200);
            assertThat(get.body()).as(path).isNotEmpty();
            String raw = raw("HEAD " + path + " HTTP/1.1");
            assertThat(statusLine(raw)).as(path).contains(" 200 ");
            assertThat(header(raw, "Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type").orElseThrow());
            assertThat(bodyOf(raw)).as(path).isEmpty();
        }
    }

    // ---- 405 ----

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> delete = send(request("/api/health").DELETE());
        assertProblem(delete, 405);
        assertThat(delete.headers().firstValue("Allow").orElse("")).contains("GET", "HEAD").doesNotContain("DELETE");
        HttpResponse<String> put = send(request(QUESTION).PUT(HttpRequest.BodyPublishers.ofString("x")));
        assertProblem(put, 405);
        assertThat(put.headers().firstValue("Allow").orElse("")).contains("GET");
        HttpResponse<String> getImports = send(admin(request("/api/imports")).GET());
        assertProblem(getImports, 405);
        assertThat(getImports.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> postThing = server.postForm("/id/place/suedwestfalen", "a=b", "*/*", null);
        assertThat(postThing.statusCode()).isEqualTo(405);
        assertThat(postThing.headers().firstValue("Allow").orElse("")).contains("GET");
        // An unknown path stays a 404.
        assertProblem(send(request("/api/no-such-thing").DELETE()), 404);
    }

    // ---- problems from Jetty and the security handler ----

    @Test
    void loginRequiredIsAProblemDocument() throws Exception {
        HttpResponse<String> r = send(request("/api/imports?mapping=partnerships&file=a.csv").POST(HttpRequest.BodyPublishers.ofString("a,b\n")));
        JsonNode p = assertProblem(r, 401);
        assertThat(p.path("title").asText()).isEqualTo("Unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("Basic");
    }

    @Test
    void malformedRequestsAreProblemDocuments() throws Exception {
        HttpResponse<String> badCredentials = send(request("/api/imports?mapping=partnerships&file=a.csv")
                .header("Authorization", "Basic !!!not-base64").POST(HttpRequest.BodyPublishers.ofString("a,b\n")));
        assertProblem(badCredentials, 400);
        String badUri = raw("GET /api/questions/%zz HTTP/1.1");
        assertThat(statusLine(badUri)).contains(" 400 ");
        assertThat(header(badUri, "Content-Type")).startsWith("application/problem+json");
        assertThat(JSON.readTree(bodyOf(badUri)).path("status").asInt()).isEqualTo(400);
        // Outside the API, Fuseki's own error page stays.
        String outside = raw("GET /no-such-page HTTP/1.1");
        assertThat(statusLine(outside)).contains(" 404 ");
        assertThat(header(outside, "Content-Type")).doesNotStartWith("application/problem+json");
    }

    @Test
    void unacceptableFormatIsA406Problem() throws Exception {
        assertProblem(server.get("/api/health", "image/png"), 406);
        assertProblem(server.get("/api/health?format=pdf"), 400);
    }

    // ---- CORS ----

    @Test
    void readsAreOpenToEveryOrigin() {
        for (String path : new String[] {"/kg/sparql?query=" + TestServer.encode("ASK {}"), QUESTION, "/api/questions/no-such-question",
                "/api/openapi.json", "/id/place/suedwestfalen", "/def/Company", "/kg/get?graph=" + TestServer.encode("https://w3id.org/regiokg/graph/ontology")}) {
            HttpResponse<String> r = send(request(path).header("Origin", OTHER).GET());
            assertThat(r.statusCode()).as(path).isIn(200, 404);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
        }
    }

    @Test
    void preflightOfReadsIsAnswered() {
        for (String path : new String[] {QUESTION, "/kg/sparql", "/id/place/suedwestfalen", "/api/void"}) {
            HttpResponse<String> r = send(request(path).header("Origin", OTHER).header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "accept").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(r.statusCode()).as(path).isEqualTo(204);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
            assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).as(path).contains("GET");
            assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("")).as(path).containsIgnoringCase("accept");
        }
    }

    @Test
    void crossOriginWritesAreRefusedEvenForTheAdmin() throws Exception {
        long quads = server.store().quadCount();
        String insert = "update=" + TestServer.encode("INSERT DATA { GRAPH <https://w3id.org/regiokg/graph/notes/cors> { <urn:a> <urn:b> <urn:c> } }");
        HttpResponse<String> update = send(admin(request("/kg/update")).header("Origin", OTHER)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(insert)));
        assertProblem(update, 403);
        assertThat(update.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(server.store().quadCount()).isEqualTo(quads);

        HttpResponse<String> imports = send(admin(request("/api/imports?mapping=partnerships&file=cors.csv")).header("Origin", OTHER)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("a,b\n")));
        assertProblem(imports, 403);
        assertThat(imports.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> preflight = send(request("/kg/update").header("Origin", OTHER).header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(server.store().quadCount()).isEqualTo(quads);
    }

    @Test
    void sameOriginWritesStillWork() {
        String insert = "update=" + TestServer.encode("INSERT DATA { GRAPH <https://w3id.org/regiokg/graph/notes/same-origin> { <urn:a> <urn:b> <urn:c> } }");
        HttpResponse<String> update = send(admin(request("/kg/update")).header("Origin", server.url(""))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(insert)));
        assertThat(update.statusCode()).as(update.body()).isBetween(200, 204);
        assertThat(update.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    // ---- helpers ----

    static JsonNode assertProblem(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(r.body());
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("type").asText()).startsWith("https://");
        return p;
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url(path)));
    }

    static HttpRequest.Builder admin(HttpRequest.Builder r) {
        return r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (RegioServer.ADMIN_USER + ":" + TestServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> send(HttpRequest.Builder r) {
        return server.send(r.build());
    }

    /** One request on a raw socket, so that what follows the headers (a body or none) is seen as sent. */
    static String raw(String requestLine, String... headers) {
        URI base = URI.create(server.url("/"));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: ").append(base.getHost()).append(':').append(base.getPort());
            for (String h : headers) head.append("\r\n").append(h);
            out.write((head + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String statusLine(String raw) {
        return raw.substring(0, raw.indexOf("\r\n"));
    }

    static String header(String raw, String name) {
        for (String line : raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n"))
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) return line.substring(name.length() + 1).strip();
        return "";
    }

    static String bodyOf(String raw) {
        return raw.substring(raw.indexOf("\r\n\r\n") + 4);
    }
}
