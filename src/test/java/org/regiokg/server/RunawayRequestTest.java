package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * A runaway request never outlives its time limit: the question, reconciliation or SPARQL query is
 * cancelled at the limit and when its client hangs up, and no thread keeps computing afterwards.
 * The slow question groups a cross product below a join, the shape that used to keep computing
 * for minutes after its 503 (Jena builds such a plan, and evaluates the group, under the lock its
 * own timeout needs).
 */
@Tag("integration")
class RunawayRequestTest {
    static final Duration SHORT = Duration.ofMillis(1500);
    static final Duration LONG = Duration.ofSeconds(60);
    static final String SLOW_QUESTION = """
            #+ summary: A question that would run for days (a cross product, grouped, then joined)
            SELECT ?a ?n WHERE {
              { SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a }
              ?a ?p ?o .
            }
            """;
    static final String SLOW_SPARQL = "SELECT ?a ?n WHERE { { SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a } ?a ?p ?o }";

    @TempDir
    static Path queries;
    static Store store;
    static TestServer shortLimit, longLimit;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(queries.resolve("slow.rq"), SLOW_QUESTION);
        store = Store.inMemory();
        new CuratedContent(TestServer.PROJECT).loadInto(store);
        shortLimit = TestServer.over(store, RegioServer.builder(store).queries(queries).queryTimeout(SHORT));
    }

    @AfterAll
    static void stop() {
        shortLimit.close();
        store.close();
    }

    @Test
    void aSlowQuestionEndsAtItsLimitAndTheServerGoesIdle() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = shortLimit.get("/api/questions/slow");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(took).isLessThan(SHORT.plusSeconds(2));
        assertIdleWithin(Duration.ofSeconds(2));
    }

    @Test
    void aSlowSparqlQueryEndsAtItsLimitAndTheServerGoesIdle() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = shortLimit.sparqlGet(SLOW_SPARQL, "application/sparql-results+json");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(took).isLessThan(SHORT.plusSeconds(2));
        assertIdleWithin(Duration.ofSeconds(2));
    }

    @Test
    void aClientThatHangsUpCancelsItsQuestionAndItsSparqlQuery() throws Exception {
        // The limit is a minute here: only the hang-up can stop these queries in time.
        Store own = Store.inMemory();
        new CuratedContent(TestServer.PROJECT).loadInto(own);
        try (TestServer server = TestServer.over(own, RegioServer.builder(own).queries(queries).queryTimeout(LONG))) {
            for (String path : List.of("/api/questions/slow", "/kg/sparql?query=" + TestServer.encode(SLOW_SPARQL))) {
                int port = Integer.parseInt(server.url("").replaceAll(".*:(\\d+).*", "$1"));
                try (Socket socket = new Socket("localhost", port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (queryThreads().isEmpty() && System.nanoTime() < until) Thread.sleep(50);
                    Thread.sleep(500);
                    int available = socket.getInputStream().available();
                    String early = available > 0 ? new String(socket.getInputStream().readNBytes(available), StandardCharsets.UTF_8) : "";
                    assertThat(queryThreads()).as("the query is running; answered so far: " + early + dump()).isNotEmpty();
                }
                long hungUp = System.nanoTime();
                assertIdleWithin(Duration.ofSeconds(2));
                assertThat(Duration.ofNanos(System.nanoTime() - hungUp)).isLessThan(LONG);
            }
        } finally {
            own.close();
        }
    }

    @Test
    void reconciliationEndsAtTheLimitToo() throws Exception {
        // Not slow on the curated graph: checks only that it answers within the limit and leaves nothing running.
        HttpResponse<String> r = shortLimit.get("/api/reconcile?queries=" + TestServer.encode("{\"q0\":{\"query\":\"Trilux\"}}"));
        assertThat(r.statusCode()).isIn(200, 503);
        assertIdleWithin(Duration.ofSeconds(2));
    }

    /**
     * Within {@code limit}, no thread is inside a query's code any more, and the Java threads use
     * less than a quarter of one core over the next half second (a running query uses a whole one).
     */
    static void assertIdleWithin(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!queryThreads().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(queryThreads()).as("threads still evaluating a query").isEmpty();
        // The CPU of the JVM's Java threads (not the JIT compiler's or the collector's) over half a second.
        long cpu0 = javaThreadsCpu(), t0 = System.nanoTime();
        Thread.sleep(500);
        double share = (double) (javaThreadsCpu() - cpu0) / (System.nanoTime() - t0);
        assertThat(share).as("share of a core the Java threads used after the query ended").isLessThan(0.25);
    }

    static long javaThreadsCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) sum += Math.max(0, threads.getThreadCpuTime(id));
        return sum;
    }

    static String dump() {
        StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, st) -> { if (t.getName().startsWith("qtp")) sb.append("\n").append(t.getName()).append(": ").append(Arrays.stream(st).limit(12).map(Object::toString).toList()); });
        return sb.toString();
    }

    /** Threads whose stack is in ARQ's or TDB2's query code. */
    static List<String> queryThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("org.apache.jena.sparql.")
                        || f.getClassName().startsWith("org.apache.jena.tdb2.")))
                .map(e -> e.getKey().getName())
                .toList();
    }
}
