package org.regiokg.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test against a serve process: clients, duration and mix as system properties
 * ({@code reliability.clients}, {@code reliability.seconds}, {@code reliability.mix} as
 * {@code kind=weight,...}; {@code reliability.long=true} for 16 clients over 60 s). It reports requests,
 * answers by status, p50/p99 per kind and the server's memory, and fails on any 5xx or lost connection.
 */
@Tag("integration")
class LoadTest {
    static final boolean LONG = Boolean.getBoolean("reliability.long");
    static final int CLIENTS = Integer.getInteger("reliability.clients", LONG ? 16 : 4);
    static final int SECONDS = Integer.getInteger("reliability.seconds", LONG ? 60 : 10);
    static final String MIX = System.getProperty("reliability.mix", "sparql=4,question=3,linkeddata=3,reconcile=2,import=1");
    static final String HEAP = System.getProperty("reliability.heap", "-Xmx2g");

    static final List<String> QUERIES = List.of(
            "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 200",
            "SELECT ?type (COUNT(*) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
            "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5000",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2000");
    static final List<String> QUESTIONS = List.of("/api/questions/regions", "/api/questions/organisations-in-region",
            "/api/questions/world-market-leaders-by-niche", "/api/questions/competences-of-region");
    static final List<String> THINGS = List.of("/id/organisation/trilux", "/id/place/suedwestfalen", "/def", "/id/organisation/gonicus");
    static final List<String> ACCEPTS = List.of("text/turtle", "text/html", "application/ld+json");
    static final String RECONCILE = "{\"q0\":{\"query\":\"Trilux\"},\"q1\":{\"query\":\"Gonicus GmbH\"},\"q2\":{\"query\":\"Arnsberg\",\"type\":\"https://w3id.org/regiokg/def#Place\"},"
            + "\"q3\":{\"query\":\"Universität Siegen\"},\"q4\":{\"query\":\"Viega\"}}";

    @Test
    void mixedLoadHasNoServerErrors(@TempDir Path dir) throws Exception {
        Map<String, Function<ServeProcess, HttpRequest>> kinds = kinds();
        List<String> wheel = new ArrayList<>();
        for (String part : MIX.split(",")) {
            String[] kw = part.split("=");
            if (!kinds.containsKey(kw[0].strip())) throw new IllegalArgumentException("unknown kind in reliability.mix: " + kw[0]);
            for (int i = 0; i < Integer.parseInt(kw[1].strip()); i++) wheel.add(kw[0].strip());
        }
        Map<String, List<Long>> millis = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger imports = new AtomicInteger();
        try (ServeProcess serve = ServeProcess.start(null, ServeProcess.project(), dir.resolve("serve.log"), HEAP)) {
            long end = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++)
                clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        String kind = wheel.get(ThreadLocalRandom.current().nextInt(wheel.size()));
                        HttpRequest request = kind.equals("import") ? importRequest(serve, imports.incrementAndGet()) : kinds.get(kind).apply(serve);
                        long t = System.nanoTime();
                        String outcome;
                        try {
                            outcome = Integer.toString(serve.send(request).statusCode());
                        } catch (Exception e) {
                            outcome = "connection: " + e.getClass().getSimpleName();
                        }
                        millis.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>())).add((System.nanoTime() - t) / 1_000_000);
                        statuses.computeIfAbsent(kind + " " + outcome, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                });
            clients.shutdown();
            clients.awaitTermination(SECONDS + 120L, java.util.concurrent.TimeUnit.SECONDS);
            long rss = serve.residentMb();
            long heap = serve.heapAfterGcMb();
            StringBuilder report = new StringBuilder(String.format("LOAD %d clients, %d s, mix %s, heap option %s%n", CLIENTS, SECONDS, MIX, HEAP));
            int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
            report.append(String.format("  requests %d (%.1f/s)%n", total, total / (double) SECONDS));
            new TreeMap<>(statuses).forEach((k, v) -> report.append("  ").append(k).append(": ").append(v.get()).append('\n'));
            new TreeMap<>(millis).forEach((k, v) -> {
                List<Long> sorted = new ArrayList<>(v);
                Collections.sort(sorted);
                report.append(String.format("  %-10s n=%d p50=%d ms p99=%d ms max=%d ms%n", k, sorted.size(),
                        sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))), sorted.get(sorted.size() - 1)));
            });
            report.append(String.format("  server memory: resident %d MB, heap after GC %d MB%n", rss, heap));
            System.out.print(report);
            Map<String, Integer> bad = new LinkedHashMap<>();
            statuses.forEach((k, v) -> {
                String outcome = k.substring(k.indexOf(' ') + 1);
                if (outcome.startsWith("5") || outcome.startsWith("connection")) bad.put(k, v.get());
            });
            assertThat(bad).as("server errors and lost connections under load\n" + report).isEmpty();
            assertThat(total).as("requests made").isGreaterThan(CLIENTS);
        }
    }

    private static Map<String, Function<ServeProcess, HttpRequest>> kinds() {
        Map<String, Function<ServeProcess, HttpRequest>> kinds = new LinkedHashMap<>();
        kinds.put("sparql", s -> HttpRequest.newBuilder(s.uri("/kg/sparql?query=" + URLEncoder.encode(pick(QUERIES), StandardCharsets.UTF_8)))
                .header("Accept", "application/sparql-results+json, text/turtle").GET().build());
        kinds.put("question", s -> HttpRequest.newBuilder(s.uri(pick(QUESTIONS))).GET().build());
        kinds.put("linkeddata", s -> HttpRequest.newBuilder(s.uri(pick(THINGS))).header("Accept", pick(ACCEPTS)).GET().build());
        kinds.put("reconcile", s -> HttpRequest.newBuilder(s.uri("/api/reconcile"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("queries=" + URLEncoder.encode(RECONCILE, StandardCharsets.UTF_8))).build());
        kinds.put("import", s -> importRequest(s, 0));
        return kinds;
    }

    /** A small partnerships import of its own (a new graph each time). */
    private static HttpRequest importRequest(ServeProcess serve, int n) {
        return HttpRequest.newBuilder(serve.uri("/api/imports?mapping=partnerships&file=load-" + n + ".csv"))
                .header("Authorization", ServeProcess.basic()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CrashTest.partnershipsCsv(20))).build();
    }

    private static String pick(List<String> options) {
        return options.get(ThreadLocalRandom.current().nextInt(options.size()));
    }
}
