package org.regiokg.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;

/**
 * The time limit and a client's hang-up reach the remote store: a query that standalone Fuseki would
 * work on for a minute ends at RegioKG's limit (a stored question, /kg/sparql, and in-process), and its
 * connection to Fuseki is closed then, or as soon as the HTTP client that asked has gone; a store that
 * sends its headers and then stalls in the middle of the rows is cut off at the limit too.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteTimeLimitTest {
    /** Three patterns over 1,500 quads: 3.4·10^9 combinations to count, far past any limit here. */
    private static final String SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    private static final Duration LIMIT = Duration.ofSeconds(2);
    /** What the limit may be overrun by: the guard's tick, the HTTP exchange, a busy machine (load 14 on 2 cores seen). */
    private static final long SLACK_MS = 5000;
    @TempDir
    static Path tmp;
    private PeerStores.Peer fuseki;
    private int fusekiPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void slowStore() throws Exception {
        assumeThat(PeerStores.fusekiJar()).as("the Fuseki server jar; fetch it with: mvn -q dependency:get "
                + "-Dartifact=org.apache.jena:jena-fuseki-server:5.6.0 -Dtransitive=false").isNotNull();
        StringBuilder nq = new StringBuilder();
        for (int i = 0; i < 1500; i++)
            nq.append("<https://example.org/s").append(i % 100).append("> <https://example.org/p> \"").append(i)
                    .append("\" <https://example.org/g> .\n");
        Path data = Files.writeString(tmp.resolve("data.nq"), nq);
        // Fuseki's own limit (20 s, far past RegioKG's plus slack) ends the abandoned queries, so they do not hold the machine's cores.
        fuseki = PeerStores.fuseki(tmp.resolve("fuseki"), data, "--timeout=20000");
        fusekiPort = URI.create(fuseki.queryUrl()).getPort();
        Path queries = Files.createDirectories(tmp.resolve("queries"));
        Files.writeString(queries.resolve("slow.rq"), "#+ summary: a count that takes minutes\n#+ returns: [n]\n" + SLOW + "\n");
    }

    @AfterAll
    void stop() throws Exception {
        if (fuseki != null) fuseki.close();
    }

    @Test
    void aQueryInProcessEndsAtTheLimitAndItsConnectionToTheStoreCloses() throws Exception {
        try (Store store = Store.remote(RemoteEndpoint.query(fuseki.queryUrl()).build()).queryTimeout(LIMIT)) {
            int before = connectionsToFuseki();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> QueryExec.dataset(store.dataset()).query(QueryFactory.create(SLOW)).select().materialize())
                    .isInstanceOf(QueryCancelledException.class);
            assertThat(millisSince(t0)).isLessThan(LIMIT.toMillis() + SLACK_MS);
            assertThat(connectionsAfterwards(before)).as("open connections to Fuseki after the cancelled query").isLessThanOrEqualTo(before);
        }
    }

    @Test
    void aStoredQuestionAndSparqlEndAtTheLimitOverHttp() throws Exception {
        try (Store store = Store.remote(RemoteEndpoint.query(fuseki.queryUrl()).build());
             RegioServer server = RegioServer.builder(store).port(0).queryTimeout(LIMIT).queries(tmp.resolve("queries")).build().start()) {
            String base = "http://localhost:" + server.port();
            for (String path : List.of("/api/questions/slow", "/kg/sparql?query=" + URLEncoder.encode(SLOW, StandardCharsets.UTF_8))) {
                int before = connectionsToFuseki();
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json")
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(millisSince(t0)).as(path).isLessThan(LIMIT.toMillis() + SLACK_MS);
                assertThat(connectionsAfterwards(before)).as(path + ": open connections to Fuseki afterwards").isLessThanOrEqualTo(before);
            }
        }
    }

    @Test
    void aClientThatHangsUpEndsTheCallToTheStore() throws Exception {
        try (Store store = Store.remote(RemoteEndpoint.query(fuseki.queryUrl()).build());
             RegioServer server = RegioServer.builder(store).port(0).queryTimeout(Duration.ofSeconds(60)).queries(tmp.resolve("queries")).build().start()) {
            int before = connectionsToFuseki();
            try (Socket client = new Socket("localhost", server.port())) {
                client.getOutputStream().write(("GET /api/questions/slow HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                long end = System.nanoTime() + 10_000_000_000L;
                while (connectionsToFuseki() <= before && System.nanoTime() < end) Thread.sleep(50);
                assertThat(connectionsToFuseki()).as("the question's call to Fuseki").isGreaterThan(before);
            }
            long t0 = System.nanoTime();
            assertThat(connectionsAfterwards(before)).as("open connections to Fuseki after the client hung up").isLessThanOrEqualTo(before);
            assertThat(millisSince(t0)).isLessThan(SLACK_MS);
        }
    }

    @Test
    void aStoreThatStallsInTheMiddleOfTheRowsIsCutOffAtTheLimit() throws Exception {
        HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stalling.createContext("/sparql", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/sparql-results+json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"head\":{\"vars\":[\"s\"]},\"results\":{\"bindings\":[{\"s\":{\"type\":\"uri\",\"value\":\"https://example.org/a\"}},"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        stalling.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        stalling.start();
        String url = "http://127.0.0.1:" + stalling.getAddress().getPort() + "/sparql";
        try (Store store = Store.remote(RemoteEndpoint.query(url).build()).queryTimeout(LIMIT)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> QueryExec.dataset(store.dataset()).query(QueryFactory.create("SELECT ?s WHERE { ?s ?p ?o }")).select().materialize())
                    .isInstanceOf(QueryCancelledException.class);
            assertThat(millisSince(t0)).isLessThan(LIMIT.toMillis() + SLACK_MS);
        } finally {
            stalling.stop(0);
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The open connections to Fuseki once those of a cancelled call have closed (waits up to 2 s for it). */
    private int connectionsAfterwards(int before) throws Exception {
        long end = System.nanoTime() + 2_000_000_000L;
        int n;
        while ((n = connectionsToFuseki()) > before && System.nanoTime() < end) Thread.sleep(50);
        return n;
    }

    /** ESTABLISHED TCP connections whose far end is Fuseki's port, from the kernel's table (Linux). */
    private int connectionsToFuseki() throws IOException {
        int n = 0;
        for (Path table : List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))) {
            if (!Files.isReadable(table)) continue;
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[2].contains(":")) continue;
                try {
                    if (Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1), 16) == fusekiPort && f[3].equals("01")) n++;
                } catch (NumberFormatException header) {
                    // the table's first line
                }
            }
        }
        return n;
    }
}
