package org.regiokg.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.regiokg.ingest.ImportFailed;
import org.regiokg.ingest.LoadReport;
import org.regiokg.ingest.RdfLoadException;
import org.regiokg.ingest.RdfLoader;
import org.regiokg.storage.Store;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Loads RDF files into the local store, all or nothing, in one transaction.",
                "Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD, by the file's extension; .gz for gzip.",
                "Triples go into the graph given (or graph/load/NAME, after the file); quads into their own graphs.",
                "What was written is checked against ontology/shapes.ttl (up to " + RdfLoader.CHECK_ALL_UP_TO
                        + " subjects all, beyond an even sample), and the load is described in each graph it wrote."})
final class LoadCommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "RDF files, e.g. data.ttl, extract.nq.gz.")
    List<Path> files;

    @Option(names = "--graph", paramLabel = "IRI", description = "The named graph for the files' triples (default: one per file, graph/load/NAME).")
    String graph;

    @Override
    public Integer call() {
        List<RdfLoader.Source> sources;
        try {
            sources = files.stream().map(RdfLoader.Source::file).toList();
            if (graph != null) RdfLoader.checkGraph(graph);
        } catch (RdfLoadException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try (Store store = storeOptions.open()) {
            var importer = storeOptions.importer(store);
            if (importer == null) {
                System.err.println("No " + storeOptions.baseDir.resolve("ontology/shapes.ttl") + ": loads are checked against the shapes; use --base-dir");
                return 2;
            }
            LoadReport report;
            try {
                report = new RdfLoader(store, importer.shapes()).load(sources, Optional.ofNullable(graph),
                        System.getProperty("user.name", "cli"), new ConsoleProgress());
            } catch (RdfLoadException | ImportFailed e) {
                System.err.println();
                System.err.println(e.getMessage());
                return 1;
            }
            System.err.println();
            System.out.printf("Loaded %,d statements (%,d bytes) in %.1f s, %,.0f statements/s, into %s; shapes checked on %s%n",
                    report.statements(), report.bytes(), report.millis() / 1000.0,
                    report.statements() / Math.max(1e-3, report.millis() / 1000.0), report.graphs(), report.checked());
            return 0;
        }
    }

    /** Statements per second and the time left by bytes read, on one line at most every half second. */
    static final class ConsoleProgress implements RdfLoader.Progress {
        private final long start = System.nanoTime();
        private long lastPrint;

        @Override
        public void update(String phase, long statements, long bytesRead, long bytesTotal) {
            long now = System.nanoTime();
            if (now - lastPrint < 500_000_000L && bytesRead < bytesTotal) return;
            lastPrint = now;
            double seconds = Math.max(1e-3, (now - start) / 1e9);
            double bytesPerSecond = bytesRead / seconds;
            String eta = bytesRead > 0 && bytesRead < bytesTotal ? String.format(", %.0f s left", (bytesTotal - bytesRead) / bytesPerSecond) : "";
            System.err.printf("\r%-28s %,d statements, %,.0f/s, %.0f%% of %,d bytes%s   ",
                    phase.length() > 28 ? phase.substring(0, 28) : phase, statements, statements / seconds,
                    100.0 * bytesRead / Math.max(1, bytesTotal), bytesTotal, eta);
        }
    }
}
