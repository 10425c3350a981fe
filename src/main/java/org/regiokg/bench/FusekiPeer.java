package org.regiokg.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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

    private final Path workDir;
    private final int requests;
    private final Duration budget;
    private final LatencyProbe probe = new LatencyProbe();

    /** {@code budget}: per question, as RegioKG's; Fuseki's own query time limit too, so that it stops what the bench gives up on. */
    FusekiPeer(Path workDir, int requests, Duration budget) {
        this.workDir = workDir;
        this.requests = requests;
        this.budget = budget;
    }

    /** Checks and times each question on Fuseki serving {@code storeDir}; keyed by question name. */
    Map<String, Timing> time(Path storeDir, List<TimedQuestion> questions) throws Exception {
        int port = ServerProcess.freePort();
        Path runDir = workDir.resolve("fuseki-run");
        try (ServerProcess fuseki = ServerProcess.start(command(storeDir, port, runDir), runDir, runDir.resolve("fuseki.log"), port, "/$/ping",
                Duration.ofMinutes(10))) {
            Map<String, Timing> timings = new Timer(probe, requests, budget).timeSparql(fuseki.baseUrl() + "/kg/sparql", questions);
            return timings;
        }
    }

    /** The server jar in the local Maven repository or in target/peers; how to fetch it when missing. */
    Path jar() {
        String file = "jena-fuseki-server-" + JENA_VERSION + ".jar";
        List<Path> places = List.of(Path.of("target/peers").resolve(file),
                Path.of(System.getProperty("user.home"), ".m2/repository/org/apache/jena/jena-fuseki-server", JENA_VERSION, file));
        return places.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "the Fuseki server jar is missing; fetch it with: mvn -q dependency:get -Dartifact=" + ARTIFACT + " -Dtransitive=false"));
    }

    /** The server on {@code storeDir} (closed by others: TDB2 allows one process), on localhost:{@code port}, working in {@code runDir}. */
    List<String> command(Path storeDir, int port, Path runDir) throws IOException {
        Files.createDirectories(runDir);
        // Fuseki's requests logged at WARN, as RegioKG's server logs them; its own logging would print three lines a request.
        Path logConfig = runDir.resolve("log4j2.properties");
        Files.writeString(logConfig, String.join("\n",
                "status = error",
                "appender.file.type = Console", "appender.file.name = OUT",
                "appender.file.layout.type = PatternLayout", "appender.file.layout.pattern = %d{HH:mm:ss} %-5p %c{1} %m%n",
                "rootLogger.level = WARN", "rootLogger.appenderRef.out.ref = OUT",
                "logger.server.name = org.apache.jena.fuseki.Server", "logger.server.level = INFO", ""));
        // Its working folder (runDir) is where the full server writes its run/ folder.
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlog4j.configurationFile=" + logConfig.toAbsolutePath(), "-jar", jar().toAbsolutePath().toString(),
                "--localhost", "--port=" + port, "--ping", "--timeout=" + budget.toMillis(), "--tdb2", "--loc=" + storeDir.toAbsolutePath(),
                "--set", UNION_DEFAULT_GRAPH, "--set", NO_PROPERTY_FUNCTIONS, "/kg");
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
}
