package org.regiokg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.cli.Main;

/**
 * The bench at a tiny size, one round, through the command line as a user runs it (the server in a
 * JVM of its own): so that it cannot rot. Every operation of bench/operations.yaml must answer
 * (or be over the budget, which is a finding, not a failure), questions with the same rows on the
 * API and on /kg/sparql; only an optional question may be missing. It took 4.5 to 9 minutes on
 * the shared 2-core machine under a load average of 15 to 30 (five sessions at once); less when idle.
 */
@Tag("integration")
class BenchmarkTest {
    @Test
    void timesEveryOperationAtATinySize(@TempDir Path work) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = Main.commandLine().execute("bench", "--organisations", "300", "--requests", "1", "--budget", "10",
                    "--work-dir", work.toString());
        } finally {
            System.setOut(stdout);
        }
        String markdown = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(markdown).isZero();
        assertThat(markdown).contains("## 300 organisations", "| group | operation | p50 | p90 | timed |");

        JsonNode report = new ObjectMapper().readTree(work.resolve("bench-300.json").toFile());
        OperationsFile declared = OperationsFile.read(Path.of("bench/operations.yaml"));
        List<String> answered = new ArrayList<>();
        report.path("operations").forEach(o -> answered.add(o.path("name").asText()));
        assertThat(answered).containsExactlyElementsOf(declared.operations().stream().map(Operation::name).toList());

        for (JsonNode o : report.path("operations")) {
            String name = o.path("name").asText();
            Operation op = declared.operations().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
            if (o.path("skipped").asBoolean()) {
                assertThat(op.optional()).as(name + " skipped: " + o.path("notes")).isTrue();
                continue;
            }
            // The bench's own rot: refused arguments (4xx), rows that differ, values it could not pick. A 5xx is the
            // server's finding on a loaded machine (e.g. a query ended at the tiny budget), reported, not the bench's fault.
            List<String> notes = new ArrayList<>();
            o.path("notes").forEach(n -> notes.add(n.asText()));
            assertThat(notes).as(name).allMatch(n -> n.startsWith("HTTP 5"));
            JsonNode api = o.path("api");
            if (notes.isEmpty()) assertThat(api.path("timed").asInt() == 1 || api.path("overBudget").asBoolean()).as(name + ": " + api).isTrue();
            if (!api.path("overBudget").asBoolean() && notes.isEmpty()) assertThat(o.path("bytes").asLong()).as(name).isPositive();
            if (op.isQuestion() && notes.isEmpty()) assertThat(o.path("sparql").path("timed").asInt() == 1 || o.path("sparql").path("overBudget").asBoolean()).as(name).isTrue();
        }
        assertThat(markdown).contains(Files.readString(work.resolve("bench-300.md")));

        // A second run over the store the first one built: no generation, no load, no import.
        long synthetic = Files.getLastModifiedTime(work.resolve("synthetic-300.nq")).toMillis();
        printed.reset();
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = Main.commandLine().execute("bench", "--organisations", "300", "--requests", "1", "--budget", "10",
                    "--work-dir", work.toString(), "--reuse-stores", "--operations", "/api/health");
        } finally {
            System.setOut(stdout);
        }
        String again = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(again).isZero();
        assertThat(again).contains("store of an earlier run reused", "/api/health").doesNotContain("TDB2 bulk load", "RegioKG CSV import");
        assertThat(Files.getLastModifiedTime(work.resolve("synthetic-300.nq")).toMillis()).isEqualTo(synthetic);
    }
}
