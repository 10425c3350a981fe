package org.regiokg.remote;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real SPARQL stores the remote mode is checked against, each in a process of its own on free
 * ports with folders of its own: the standalone Fuseki jar (as the bench's FusekiPeer runs it) and
 * Virtuoso Open Source 7.2 (Debian's package, scripts/install-virtuoso.sh).
 */
final class PeerStores {
    private PeerStores() {}

    /** A started store; closing it ends the process. */
    record Peer(String name, Process process, String queryUrl, String updateUrl) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Path fusekiJar() {
        String file = "jena-fuseki-server-5.6.0.jar";
        return List.of(Path.of("target/peers", file), Path.of(System.getProperty("user.home"), ".m2/repository/org/apache/jena/jena-fuseki-server/5.6.0", file))
                .stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    /** Standalone Fuseki on a new TDB2 store, union default graph, updates open (localhost only), loaded with {@code nquads}. */
    static Peer fuseki(Path dir, Path nquads, String... options) throws Exception {
        int port = freePort();
        Files.createDirectories(dir.resolve("tdb2"));
        Path log = dir.resolve("fuseki.log");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar",
                fusekiJar().toAbsolutePath().toString(), "--localhost", "--port=" + port, "--ping", "--update", "--tdb2",
                "--loc=" + dir.resolve("tdb2").toAbsolutePath(),
                "--set", "http://jena.apache.org/TDB#unionDefaultGraph=true",
                // GeoSPARQL in the jar would turn geo:sfWithin patterns into spatial computations (see bench FusekiPeer).
                "--set", "http://jena.apache.org/ARQ#propertyFunctions=false"));
        command.addAll(List.of(options));
        command.add("/kg");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://localhost:" + port;
        Peer peer = new Peer("Fuseki", p, base + "/kg/sparql", base + "/kg/update");
        waitFor(peer, base + "/$/ping", log);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/kg")).header("Content-Type", "application/n-quads")
                .POST(HttpRequest.BodyPublishers.ofFile(nquads)).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() / 100 != 2) throw new IllegalStateException("Fuseki did not take the data: " + put.statusCode() + " " + put.body());
        return peer;
    }

    static boolean virtuosoInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/virtuoso-t")) && Files.isRegularFile(Path.of("/etc/virtuoso-opensource-7/virtuoso.ini"));
    }

    /**
     * Virtuoso in {@code dir} (a copy of the package's ini with its own ports and folders), loaded with
     * {@code nquads} by its bulk loader; SPARQL Update is granted to its anonymous /sparql user, which
     * listens on localhost only here.
     */
    static Peer virtuoso(Path dir, Path nquads) throws Exception {
        int sqlPort = freePort(), httpPort = freePort();
        Path db = Files.createDirectories(dir.resolve("db")).toAbsolutePath();
        Path data = Files.createDirectories(dir.resolve("data")).toAbsolutePath();
        Files.copy(nquads, data.resolve("curated.nq"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String ini = Files.readString(Path.of("/etc/virtuoso-opensource-7/virtuoso.ini"))
                .replace("/var/lib/virtuoso-opensource-7/db", db.toString())
                .replaceAll("(?m)^ServerPort\\s*=\\s*1111", "ServerPort = 127.0.0.1:" + sqlPort)
                .replaceAll("(?m)^ServerPort\\s*=\\s*8890", "ServerPort = 127.0.0.1:" + httpPort)
                .replaceAll("(?m)^DirsAllowed\\s*=.*", "DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, " + data)
                // All rows, as the other stores give them (the package's 10,000 refuses a sort of more).
                .replaceAll("(?m)^ResultSetMaxRows\\s*=.*", "ResultSetMaxRows = 100000000")
                // and a page of 10,000 rows sorted (the questions' pagination asks for 10,001: one more to see whether more follow)
                .replaceAll("(?m)^\\[Parameters\\]", "[Parameters]\nMaxSortedTopRows = 100000000")
                .replaceAll("(?m)^DefaultGraph\\s*=.*", "");
        Path iniFile = dir.resolve("virtuoso.ini");
        Files.writeString(iniFile, ini);
        Path log = dir.resolve("virtuoso.out");
        Process p = new ProcessBuilder("/usr/bin/virtuoso-t", "-f", "-c", iniFile.toAbsolutePath().toString())
                .directory(db.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + httpPort;
        Peer peer = new Peer("Virtuoso", p, base + "/sparql", base + "/sparql");
        waitFor(peer, base + "/sparql?query=ASK%7B%7D", log);
        isql(sqlPort, dir, "ld_dir('" + data + "', '*.nq', 'urn:regiokg:default'); rdf_loader_run(); checkpoint; "
                + "GRANT SPARQL_UPDATE TO \"SPARQL\";");
        return peer;
    }

    private static void isql(int port, Path dir, String sql) throws Exception {
        Path out = dir.resolve("isql.out");
        Process p = new ProcessBuilder("/usr/bin/isql-vt", "127.0.0.1:" + port, "dba", "dba", "exec=" + sql)
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0)
            throw new IllegalStateException("isql failed: " + Files.readString(out));
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static void waitFor(Peer peer, String url, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (!peer.process().isAlive()) throw new IllegalStateException(peer.name() + " ended: " + Files.readString(log));
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        peer.close();
        throw new IllegalStateException(peer.name() + " did not start in 120 s: " + Files.readString(log));
    }
}
