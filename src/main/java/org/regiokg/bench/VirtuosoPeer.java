package org.regiokg.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Virtuoso Open Source 7.2 (Debian's {@code virtuoso-opensource}, scripts/install-virtuoso.sh) in a
 * process of its own with a database in the work folder, loaded by its bulk loader with the same
 * union graph Oxigraph gets (each triple once, in one graph): Virtuoso's default graph is the bag of
 * all graphs' triples, so the quads with their source graphs would give a triple that two graphs hold
 * twice, and other rows than RegioKG's union graph.
 */
final class VirtuosoPeer {
    static final Path SERVER = Path.of("/usr/bin/virtuoso-t"), ISQL = Path.of("/usr/bin/isql-vt"),
            INI = Path.of("/etc/virtuoso-opensource-7/virtuoso.ini");
    private static final String GRAPH = "urn:regiokg:union";

    private final Path workDir;
    private final int requests;
    private final Duration budget;
    private final LatencyProbe probe = new LatencyProbe();

    VirtuosoPeer(Path workDir, int requests, Duration budget) {
        this.workDir = workDir;
        this.requests = requests;
        this.budget = budget;
    }

    record Result(Map<String, Timing> timings, double loadSeconds) {}

    static void checkInstalled() {
        if (!Files.isExecutable(SERVER) || !Files.isRegularFile(INI))
            throw new IllegalStateException("Virtuoso is not installed; run scripts/install-virtuoso.sh");
    }

    /** Loads {@code unionGraph} (N-Triples) and checks and times each question on Virtuoso's /sparql. */
    Result time(Path unionGraph, List<TimedQuestion> questions) throws Exception {
        checkInstalled();
        Path runDir = workDir.resolve("virtuoso-run");
        deleteTree(runDir);
        Path db = Files.createDirectories(runDir.resolve("db")).toAbsolutePath(), data = Files.createDirectories(runDir.resolve("data")).toAbsolutePath();
        Files.copy(unionGraph, data.resolve("union.nt"), StandardCopyOption.REPLACE_EXISTING);
        int sqlPort = ServerProcess.freePort(), httpPort = ServerProcess.freePort();
        long budgetSeconds = Math.max(1, budget.toSeconds());
        String ini = Files.readString(INI)
                .replace("/var/lib/virtuoso-opensource-7/db", db.toString())
                .replaceAll("(?m)^ServerPort\\s*=\\s*1111", "ServerPort = 127.0.0.1:" + sqlPort)
                .replaceAll("(?m)^ServerPort\\s*=\\s*8890", "ServerPort = 127.0.0.1:" + httpPort)
                .replaceAll("(?m)^DirsAllowed\\s*=.*", "DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, " + data)
                // All rows, as the others give them; its own time limit the budget, so it stops what the bench gives up on.
                .replaceAll("(?m)^ResultSetMaxRows\\s*=.*", "ResultSetMaxRows = 100000000")
                .replaceAll("(?m)^MaxQueryExecutionTime\\s*=.*", "MaxQueryExecutionTime = " + budgetSeconds)
                .replaceAll("(?m)^DefaultGraph\\s*=.*", "");
        Path iniFile = Files.writeString(runDir.resolve("virtuoso.ini"), ini);
        List<String> command = List.of(SERVER.toString(), "-f", "-c", iniFile.toAbsolutePath().toString());
        try (ServerProcess virtuoso = ServerProcess.start(command, db, runDir.resolve("virtuoso.log"), httpPort, "/sparql?query=ASK%7B%7D", Duration.ofMinutes(5))) {
            long t = System.nanoTime();
            isql(sqlPort, runDir, "ld_dir('" + data + "', 'union.nt', '" + GRAPH + "'); rdf_loader_run(); checkpoint;");
            double loadSeconds = (System.nanoTime() - t) / 1e9;
            Map<String, Timing> timings = new Timer(probe, requests, budget).timeSparql(virtuoso.baseUrl() + "/sparql", questions);
            return new Result(timings, loadSeconds);
        }
    }

    private static void isql(int port, Path dir, String sql) throws Exception {
        Path out = dir.resolve("isql.out");
        Process p = new ProcessBuilder(ISQL.toString(), "127.0.0.1:" + port, "dba", "dba", "exec=" + sql)
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("Virtuoso's bulk load failed: " + Files.readString(out));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
