package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** TDB2 keeps what was written through /kg/update across restarts, and SIGTERM leaves no lock. */
@Tag("integration")
class PersistenceTest {
    static final String INSERT = "INSERT DATA { GRAPH <https://w3id.org/regiokg/graph/test/persist> "
            + "{ <https://w3id.org/regiokg/id/organisation/persisted> <http://www.w3.org/2000/01/rdf-schema#label> \"kept\" } }";
    static final String ASK = "ASK { <https://w3id.org/regiokg/id/organisation/persisted> ?p \"kept\" }";

    @Test
    void restartOnAnExistingStoreKeepsUpdates(@TempDir Path dir) {
        Path storeDir = dir.resolve("store");
        long loaded;
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(store.isFresh()).isTrue();
            new org.regiokg.ingest.CuratedContent(TestServer.PROJECT).loadInto(store);
            loaded = store.quadCount();
            try (TestServer server = TestServer.over(store, RegioServer.builder(store).adminPassword("pw"))) {
                assertThat(server.update(INSERT, "pw").statusCode()).isEqualTo(200);
            }
        }
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(store.isFresh()).isFalse();
            assertThat(store.quadCount()).isEqualTo(loaded + 1);
            try (TestServer server = TestServer.over(store, RegioServer.builder(store))) {
                assertThat(server.sparqlGet(ASK, "application/sparql-results+json").body()).contains("true");
            }
        }
    }

    @Test
    void serveProcessStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        int port = freePort();
        Path log = dir.resolve("serve.log");
        Process serve = startServe(storeDir, port, log);
        try {
            HttpClient http = HttpClient.newHttpClient();
            waitForHealth(http, port, serve, log);
            // A new store holds the curated graph and the default import of the world market leaders.
            String count = "SELECT (COUNT(?d) AS ?n) { ?d a <https://w3id.org/regiokg/def#WorldMarketLeaderDesignation> ; "
                    + "<http://purl.org/dc/terms/source> ?s }";
            HttpRequest wml = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/kg/sparql?query=" + TestServer.encode(count)))
                    .header("Accept", "text/csv").build();
            assertThat(http.send(wml, HttpResponse.BodyHandlers.ofString()).body().lines()).containsExactly("n", "24");
            String body = "update=" + TestServer.encode(INSERT);
            HttpRequest update = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/kg/update"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:pw".getBytes()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertThat(http.send(update, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve exits on SIGTERM").isTrue();
        }
        // The shutdown hook ran to its end: server stopped, store expelled (TDB2 lock released).
        assertThat(Files.readString(log)).contains("Shutting down", "Stopped; store closed");
        try (Store store = Store.tdb2(storeDir);
             TestServer server = TestServer.over(store, RegioServer.builder(store))) {
            assertThat(server.sparqlGet(ASK, "application/sparql-results+json").body()).contains("true");
        }
    }

    private static Process startServe(Path storeDir, int port, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), "org.regiokg.cli.Main",
                "serve", "--store", storeDir.toString(), "--port", Integer.toString(port),
                "--base-dir", TestServer.PROJECT.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("REGIOKG_ADMIN_PASSWORD", "pw");
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    private static void waitForHealth(HttpClient http, int port, Process serve, Path log) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!serve.isAlive())
                throw new AssertionError("serve exited: " + Files.readString(log));
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serve did not answer /api/health within 60 s");
    }

    private static int freePort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
