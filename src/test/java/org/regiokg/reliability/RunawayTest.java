package org.regiokg.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runaway queries: two queries that would run for hours (one by /kg/sparql, one as a stored
 * question) at the time limit, while probes keep asking. Every probe must be answered within 1 s,
 * both runaways must end in 503 at the limit, and the server's CPU must go idle within 2 s after it.
 */
@Tag("integration")
class RunawayTest {
    static final int LIMIT_SECONDS = 3;
    static final String RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }";
    static final String PROBE = "ASK { ?s ?p ?o }";

    @Test
    void runawaysEndAtTheLimitProbesStayFastAndTheCpuGoesIdle(@TempDir Path dir) throws Exception {
        Path base = baseDirWithTestQueries(dir);
        try (ServeProcess serve = ServeProcess.start(null, base, dir.resolve("serve.log"), "-Xmx1g",
                "--query-timeout", Integer.toString(LIMIT_SECONDS))) {
            // What the server uses when nobody asks (JIT, GC, the catalogue's watcher), after a warm-up.
            for (int i = 0; i < 5; i++) probe(serve, "/api/questions/quick-count");
            Thread.sleep(1000);
            long idleBefore = serve.cpuMillis();
            Thread.sleep(1000);
            long baseline = serve.cpuMillis() - idleBefore;
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> sparql = async(serve, HttpRequest.newBuilder(
                    serve.uri("/kg/sparql?query=" + URLEncoder.encode(RUNAWAY, StandardCharsets.UTF_8))).GET().build());
            CompletableFuture<HttpResponse<String>> question = async(serve, HttpRequest.newBuilder(
                    serve.uri("/api/questions/slow-count")).GET().build());
            List<Long> probeMillis = new ArrayList<>();
            while (!(sparql.isDone() && question.isDone()) && System.nanoTime() - started < Duration.ofSeconds(LIMIT_SECONDS * 10L).toNanos()) {
                probeMillis.add(probe(serve, "/api/health"));
                probeMillis.add(probe(serve, "/kg/sparql?query=" + URLEncoder.encode(PROBE, StandardCharsets.UTF_8)));
                Thread.sleep(200);
            }
            double limitPassed = (System.nanoTime() - started) / 1e9;
            long slowestProbe = probeMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
            // CPU in the second from 2 s to 3 s after the limit.
            long sinceStart = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(Math.max(0, (LIMIT_SECONDS + 2) * 1000L - sinceStart));
            long cpuBefore = serve.cpuMillis();
            Thread.sleep(1000);
            long cpuIdleSecond = serve.cpuMillis() - cpuBefore;
            Thread.sleep(2000);
            long cpuBefore2 = serve.cpuMillis();
            Thread.sleep(1000);
            long cpuLater = serve.cpuMillis() - cpuBefore2;
            String figures = String.format("runaways ended after %.1f s (limit %d s): sparql %s, question %s; %d probes, slowest %d ms; "
                            + "CPU in one second: %d ms before, %d ms from 2 s after the limit, %d ms from 5 s after",
                    limitPassed, LIMIT_SECONDS, status(sparql), status(question), probeMillis.size(), slowestProbe, baseline, cpuIdleSecond, cpuLater);
            System.out.println("RUNAWAY " + figures);
            assertThat(sparql.isDone() && question.isDone()).as("both runaways ended; " + figures).isTrue();
            assertThat(sparql.get().statusCode()).as("/kg/sparql runaway; " + figures).isEqualTo(503);
            assertThat(question.get().statusCode()).as("stored question runaway; " + figures).isEqualTo(503);
            assertThat(slowestProbe).as("slowest probe (ms); " + figures).isLessThan(1000);
            assertThat(cpuIdleSecond).as("CPU ms used in one second, 2 s after the limit; " + figures).isLessThan(Math.max(100, 2 * baseline));
        }
    }

    private static String status(CompletableFuture<HttpResponse<String>> f) {
        return f.isDone() ? Integer.toString(f.join().statusCode()) : "still running";
    }

    private static long probe(ServeProcess serve, String path) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> r = serve.send(HttpRequest.newBuilder(serve.uri(path)).timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(r.statusCode()).as("probe " + path).isEqualTo(200);
        return (System.nanoTime() - t) / 1_000_000;
    }

    private static CompletableFuture<HttpResponse<String>> async(ServeProcess serve, HttpRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return serve.send(request);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The project's ontology, data and mappings, with the test questions (a runaway among them) as queries/. */
    static Path baseDirWithTestQueries(Path dir) throws Exception {
        Path base = dir.resolve("base");
        Files.createDirectories(base);
        // Copies, not links: the loader walks the folders without following links.
        for (String folder : new String[] {"ontology", "data", "mappings"}) {
            Path from = ServeProcess.project().resolve(folder);
            try (var walk = Files.walk(from)) {
                for (Path f : walk.toList()) {
                    Path to = base.resolve(folder).resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(to);
                    else Files.copy(f, to);
                }
            }
        }
        Path queries = Files.createDirectories(base.resolve("queries"));
        Path tests = ServeProcess.project().resolve("src/test/resources/reliability/queries");
        try (var files = Files.list(tests)) {
            for (Path f : files.toList()) Files.copy(f, queries.resolve(f.getFileName()));
        }
        return base;
    }
}
