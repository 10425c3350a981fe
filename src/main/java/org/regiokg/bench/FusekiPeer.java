package org.regiokg.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * The standalone Fuseki server (the {@code jena-fuseki-server} jar of the Jena version RegioKG is
 * built on) in a process of its own, on the benchmark's TDB2 store, with the union of the named
 * graphs as default graph as RegioKG serves it. The store must be closed first: TDB2 allows one
 * process.
 */
final class FusekiPeer {
    /** The Jena version RegioKG runs on (JENA_VERSION reads "<development>" inside the shaded jar). */
    static final String JENA_VERSION = jenaVersion();
    static final String ARTIFACT = "org.apache.jena:jena-fuseki-server:" + JENA_VERSION;
    /** The same context symbol as TDB2.symUnionDefaultGraph, which RegioKG's Store sets. */
    private static final String UNION_DEFAULT_GRAPH = "http://jena.apache.org/TDB#unionDefaultGraph=true";
    /**
     * ARQ.propertyFunctions off: the server jar bundles GeoSPARQL, whose geo:sfWithin property function
     * would replace RegioKG's geo:sfWithin triple patterns by a spatial computation (other rows).
     * RegioKG's questions use no property functions.
     */
    private static final String NO_PROPERTY_FUNCTIONS = "http://jena.apache.org/ARQ#propertyFunctions=false";

    private final Path baseDir;
    private final Path workDir;
    private final int requests;
    private final LatencyProbe probe = new LatencyProbe();
    private final ObjectMapper json = new ObjectMapper();

    FusekiPeer(Path baseDir, Path workDir, int requests) {
        this.baseDir = baseDir;
        this.workDir = workDir;
        this.requests = requests;
    }

    /** Checks and times each question on Fuseki serving {@code storeDir}; keyed by question name. */
    Map<String, PeerTiming> time(Path storeDir, List<TimedQuestion> questions) throws Exception {
        int port = freePort();
        Process fuseki = start(storeDir, port);
        try {
            String base = "http://localhost:" + port;
            awaitPing(fuseki, base);
            Map<String, HttpRequest> requestOf = new LinkedHashMap<>();
            for (TimedQuestion q : questions)
                requestOf.put(q.name(), LatencyProbe.get(base + "/kg/sparql?query=" + URLEncoder.encode(q.sparql(), StandardCharsets.UTF_8),
                        "application/sparql-results+json"));
            // A fresh JVM: one warm-up pass over every question first, as RegioKG's server had
            // warmed up on the load before its first question.
            int warmup = Math.max(2, requests / 10);
            for (HttpRequest r : requestOf.values()) probe.latencies(r, warmup, 0);
            Map<String, PeerTiming> timings = new LinkedHashMap<>();
            for (TimedQuestion q : questions) {
                HttpRequest request = requestOf.get(q.name());
                String difference = q.differenceFrom(TimedQuestion.rows(json.readTree(probe.send(request).body()), q.vars()));
                timings.put(q.name(), difference != null ? PeerTiming.notTimed("rows differ: " + difference)
                        : PeerTiming.of(probe.latencies(request, warmup, requests), requests));
            }
            return timings;
        } finally {
            stop(fuseki);
        }
    }

    /** The server jar in the local Maven repository or in target/peers; how to fetch it when missing. */
    Path jar() {
        String file = "jena-fuseki-server-" + JENA_VERSION + ".jar";
        List<Path> places = List.of(baseDir.resolve("target/peers").resolve(file),
                Path.of(System.getProperty("user.home"), ".m2/repository/org/apache/jena/jena-fuseki-server", JENA_VERSION, file));
        return places.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "the Fuseki server jar is missing; fetch it with: mvn -q dependency:get -Dartifact=" + ARTIFACT + " -Dtransitive=false"));
    }

    private Process start(Path storeDir, int port) throws IOException {
        Path runDir = Files.createDirectories(workDir.resolve("fuseki-run"));
        // Fuseki's requests logged at WARN, as RegioKG's server logs them; its own logging would print three lines a request.
        Path logConfig = runDir.resolve("log4j2.properties");
        Files.writeString(logConfig, String.join("\n",
                "status = error",
                "appender.file.type = Console", "appender.file.name = OUT",
                "appender.file.layout.type = PatternLayout", "appender.file.layout.pattern = %d{HH:mm:ss} %-5p %c{1} %m%n",
                "rootLogger.level = WARN", "rootLogger.appenderRef.out.ref = OUT",
                "logger.server.name = org.apache.jena.fuseki.Server", "logger.server.level = INFO", ""));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlog4j.configurationFile=" + logConfig.toAbsolutePath(), "-jar", jar().toAbsolutePath().toString(),
                "--localhost", "--port=" + port, "--ping", "--tdb2", "--loc=" + storeDir.toAbsolutePath(),
                "--set", UNION_DEFAULT_GRAPH, "--set", NO_PROPERTY_FUNCTIONS, "/kg"));
        // Its working folder is where the full server writes its run/ folder.
        return new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("fuseki.log").toFile()).start();
    }

    private void awaitPing(Process fuseki, String base) throws Exception {
        HttpRequest ping = LatencyProbe.get(base + "/$/ping", "text/plain");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            if (!fuseki.isAlive())
                throw new IllegalStateException("Fuseki ended at start (exit " + fuseki.exitValue() + "), see " + workDir.resolve("fuseki-run/fuseki.log"));
            try {
                probe.send(ping);
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("Fuseki did not answer /$/ping within 2 minutes", notYet);
                Thread.sleep(200);
            }
        }
    }

    private static void stop(Process fuseki) throws InterruptedException {
        // SIGTERM: Fuseki's shutdown hook closes the store, so that RegioKG can open it again.
        fuseki.destroy();
        if (!fuseki.waitFor(30, TimeUnit.SECONDS)) {
            fuseki.destroyForcibly();
            fuseki.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String jenaVersion() {
        try (InputStream in = FusekiPeer.class.getResourceAsStream("/META-INF/maven/org.apache.jena/jena-fuseki-main/pom.properties")) {
            Properties pom = new Properties();
            if (in != null) pom.load(in);
            return pom.getProperty("version", "5.6.0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
