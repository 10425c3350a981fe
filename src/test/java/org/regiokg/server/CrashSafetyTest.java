package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.cli.Main;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.storage.Compaction;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * kill -9 in the middle of a load, an import and a compaction (each in a process of its own) leaves
 * the store as it was last committed: it opens, holds what it held (the sizes it keeps per graph
 * included), and takes the next write.
 */
@Tag("integration")
class CrashSafetyTest {

    @Test
    void killedLoadImportAndCompactionLeaveTheLastCommittedState(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        long committed;
        try (Store store = Store.tdb2(storeDir)) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
            committed = store.quadCount();
        }
        Path nq = dir.resolve("big.nq");
        assertThat(Main.commandLine().execute("generate", "--organisations", "20000", "--output", nq.toString(),
                "--base-dir", TestServer.PROJECT.toString())).isZero();

        // A load, killed while it writes.
        killWhen(dir, "statements", 200, "load", nq.toString(), "--store", storeDir.toString(), "--base-dir", TestServer.PROJECT.toString());
        assertThat(quads(storeDir)).isEqualTo(committed);

        // An import, killed while it writes its graph (or, if it was done first, complete).
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, list(20_000), StandardCharsets.UTF_8);
        boolean finished = killWhen(dir, "writing", 100, "import", csv.toString(), "--mapping", "world-market-leaders",
                "--store", storeDir.toString(), "--base-dir", TestServer.PROJECT.toString());
        long afterImport = quads(storeDir);
        if (finished) assertThat(afterImport).isGreaterThan(committed);
        else assertThat(afterImport).isEqualTo(committed);

        // A compaction, killed while it copies.
        killWhen(dir, "Compacting", 100, "compact", "--store", storeDir.toString());
        assertThat(quads(storeDir)).isEqualTo(afterImport);
        // And the next compaction clears what the killed one left.
        try (Store store = Store.tdb2(storeDir)) {
            Compaction.compact(store);
            assertThat(store.quadCount()).isEqualTo(afterImport);
            org.regiokg.history.GraphSizesTest.assertExact(store);
        }
    }

    /** The store's quads, after checking that the sizes it keeps per graph are those of its data. */
    private static long quads(Path storeDir) {
        try (Store store = Store.tdb2(storeDir)) {
            org.regiokg.history.GraphSizesTest.assertExact(store);
            return store.quadCount();
        }
    }

    /** Runs regiokg ARGS; kills it (SIGKILL) {@code delayMillis} after its output shows {@code marker}. True if it ended first. */
    private static boolean killWhen(Path dir, String marker, long delayMillis, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "run", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "org.regiokg.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains(marker)) {
            if (!p.isAlive()) throw new AssertionError(String.join(" ", args) + " ended before '" + marker + "': " + Files.readString(log));
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + marker + "' within 120 s: " + Files.readString(log));
            Thread.sleep(20);
        }
        Thread.sleep(delayMillis);
        boolean finished = !p.isAlive();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        if (finished) assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        return finished;
    }

    private static String list(int rows) {
        String[][] towns = {{"Arnsberg", "Hochsauerlandkreis"}, {"Olpe", "Kreis Olpe"}, {"Siegen", "Kreis Siegen-Wittgenstein"}};
        StringBuilder csv = new StringBuilder("name,town,district,niche,source_url,confidence\n");
        for (int i = 0; i < rows; i++) {
            String[] town = towns[i % towns.length];
            csv.append("Crash Company ").append(i).append(" GmbH,").append(town[0]).append(',').append(town[1])
               .append(",Niche ").append(i % 50).append(",https://example.org/crash/").append(i).append(",high\n");
        }
        return csv.toString();
    }
}
