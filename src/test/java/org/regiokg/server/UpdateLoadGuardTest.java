package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.testing.TestServer;

/** SPARQL Update's LOAD reads nothing that is not allowed: no server files, no other hosts. */
@Tag("integration")
class UpdateLoadGuardTest {
    static final String GRAPH = "https://w3id.org/regiokg/graph/test/load";
    static TestServer server;
    static HttpServer listener;
    static final AtomicInteger contacts = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/", exchange -> {
            contacts.incrementAndGet();
            byte[] body = switch (exchange.getRequestURI().getPath()) {
                case "/allowed.ttl" -> "<https://example.org/s> <https://example.org/p> \"loaded\" .".getBytes(StandardCharsets.UTF_8);
                default -> "<https://example.org/s> <https://example.org/p> \"leaked\" .".getBytes(StandardCharsets.UTF_8);
            };
            if (exchange.getRequestURI().getPath().equals("/redirect.ttl")) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + listener.getAddress().getPort() + "/secret.ttl");
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "text/turtle");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        listener.start();
        server = TestServer.withCuratedGraph();
        server.store().loadSources(Set.of(local("/allowed.ttl"), local("/redirect.ttl")));
    }

    @AfterAll
    static void stop() {
        server.close();
        listener.stop(0);
    }

    static String local(String path) {
        return "http://127.0.0.1:" + listener.getAddress().getPort() + path;
    }

    HttpResponse<String> load(String source, boolean silent) {
        return server.update("LOAD " + (silent ? "SILENT " : "") + "<" + source + "> INTO GRAPH <" + GRAPH + ">", TestServer.ADMIN_PASSWORD);
    }

    long graphSize() {
        HttpResponse<String> r = server.sparqlGet("SELECT (COUNT(*) AS ?n) { GRAPH <" + GRAPH + "> { ?s ?p ?o } }", "text/csv");
        return Long.parseLong(r.body().lines().skip(1).findFirst().orElseThrow().trim());
    }

    @Test
    void aFileOfTheServerIsRefusedAlikeWhetherItExistsOrNot(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.ttl"), "<https://example.org/s> <https://example.org/p> \"secret\" .");
        HttpResponse<String> existing = load(secret.toUri().toString(), false);
        HttpResponse<String> missing = load(dir.resolve("missing.ttl").toUri().toString(), false);
        HttpResponse<String> passwd = load("file:///etc/passwd", false);
        assertThat(existing.statusCode()).isEqualTo(400);
        assertThat(existing.body()).contains("is refused").contains("--load-allow");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body().replace(dir.resolve("missing.ttl").toUri().toString(), "X"))
                .isEqualTo(existing.body().replace(secret.toUri().toString(), "X"));
        assertThat(passwd.statusCode()).isEqualTo(400);
        assertThat(graphSize()).isZero();
    }

    @Test
    void anotherHostOrPortIsNeverContacted() {
        int before = contacts.get();
        assertThat(load(local("/secret.ttl"), false).statusCode()).isEqualTo(400);
        assertThat(load("http://169.254.169.254/latest/meta-data/", false).statusCode()).isEqualTo(400);
        assertThat(contacts.get()).isEqualTo(before);
        assertThat(graphSize()).isZero();
    }

    @Test
    void loadSilentOfARefusedSourceChangesNothingAndSaysNothing() {
        int before = contacts.get();
        HttpResponse<String> r = load("file:///etc/passwd", true);
        assertThat(r.statusCode()).isBetween(200, 204);
        assertThat(r.body()).doesNotContain("passwd").doesNotContain("root:");
        assertThat(load(local("/secret.ttl"), true).statusCode()).isBetween(200, 204);
        assertThat(contacts.get()).isEqualTo(before);
        assertThat(graphSize()).isZero();
    }

    @Test
    void anAllowedSourceLoadsButItsRedirectIsNotFollowed() {
        HttpResponse<String> redirected = load(local("/redirect.ttl"), false);
        assertThat(redirected.statusCode()).isEqualTo(400);
        assertThat(graphSize()).isZero();
        assertThat(load(local("/allowed.ttl"), false).statusCode()).isBetween(200, 204);
        assertThat(graphSize()).isEqualTo(1);
        server.update("DROP SILENT GRAPH <" + GRAPH + ">", TestServer.ADMIN_PASSWORD);
    }
}
