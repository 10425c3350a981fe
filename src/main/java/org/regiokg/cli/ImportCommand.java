package org.regiokg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.ImportFailed;
import org.regiokg.ingest.ImportReport;
import org.regiokg.storage.Store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Imports a CSV list into its own named graph of the local store, all or nothing.",
                "The mapping (a file in mappings/) says which column becomes which property.",
                "Importing the same file again changes nothing; a corrected file replaces its earlier graph."})
final class ImportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Parameters(index = "0", paramLabel = "FILE.csv", description = "The CSV file (UTF-8; comma, semicolon or tab).")
    Path file;

    @Option(names = "--mapping", required = true, paramLabel = "NAME",
            description = "The mapping: world-market-leaders, organisations, partnerships, competences (files in mappings/).")
    String mapping;

    @Override
    public Integer call() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try (Store store = storeOptions.open()) {
            CsvImporter importer = storeOptions.importer(store);
            if (importer == null) {
                System.err.println("No " + storeOptions.baseDir.resolve("ontology/shapes.ttl") + ": imports are checked against the shapes; use --base-dir");
                return 2;
            }
            ImportReport report;
            try {
                report = importer.importCsv(file.getFileName().toString(), bytes, mapping, System.getProperty("user.name", "cli"), new ConsoleProgress());
            } catch (ImportFailed e) {
                System.err.println(e.getMessage());
                return 1;
            }
            System.out.println(report.unchanged()
                    ? "Unchanged: " + file + " was imported before; nothing written (" + report.graph() + ")"
                    : "Imported " + report.rows() + " rows as " + report.triples() + " triples into " + report.graph()
                      + " in " + report.millis() + " ms: organisations " + report.organisationsMatched() + " found, "
                      + report.organisationsCreated() + " new; places " + report.placesCreated() + " new"
                      + (report.ignoredColumns().isEmpty() ? "" : "; columns not used: " + report.ignoredColumns()));
            return 0;
        }
    }

    /**
     * Rows per second and the time left for the row phases, on one line of the terminal at most
     * every half second; the time taken for the one-step phases (validating, writing).
     */
    static final class ConsoleProgress implements CsvImporter.Progress {
        private String phase = "";
        private long phaseStart;
        private long lastPrint;

        @Override
        public void update(String newPhase, long done, long total) {
            long now = System.nanoTime();
            if (!newPhase.equals(phase)) {
                endPhase(now);
                phase = newPhase;
                phaseStart = now;
            } else if (now - lastPrint < 500_000_000L && done < total) {
                return;
            }
            lastPrint = now;
            if (total > 1) {
                double rate = done / Math.max(1e-3, (now - phaseStart) / 1e9);
                String eta = rate > 0 && done < total ? String.format(", ETA %.0f s", (total - done) / rate) : "";
                System.err.printf("\r%-16s %,d/%,d rows, %,.0f rows/s%s   ", phase, done, total, rate, eta);
            } else if (done == 0) {
                System.err.printf("%s ...", phase);
            }
        }

        private void endPhase(long now) {
            if (phase.isEmpty()) return;
            System.err.printf(" (%.1f s)%n", (now - phaseStart) / 1e9);
        }
    }
}
