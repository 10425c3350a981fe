package org.regiokg.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.regiokg.bench.Benchmark;
import org.regiokg.bench.Peer;
import org.regiokg.bench.ServerCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks RegioKG at the given sizes: generates and bulk-loads a synthetic graph, starts the server on it "
                + "in a JVM of its own (this command's 'serve'), and times every read operation of bench/operations.yaml over HTTP: "
                + "every stored question (also as the same SPARQL on /kg/sparql), reconciliation, suggest, /id pages, the agency "
                + "page's requests; with --peers, the same SPARQL on standalone Fuseki and Oxigraph. Then imports a synthetic list.",
                "Prints a Markdown table per size (see BENCHMARKS.md) and writes it with a JSON twin into the work folder."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--organisations", split = ",", defaultValue = "10000", paramLabel = "N[,N...]",
            description = "Sizes to run (default: ${DEFAULT-VALUE}).")
    List<Long> sizes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic graph (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--requests", defaultValue = "20", description = "Timed requests per operation and face, at most (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--budget", defaultValue = "30", paramLabel = "SECONDS",
            description = "Time per operation and face (API, raw SPARQL, each peer): one answer slower than this is reported as "
                    + "'> budget' and the run goes on (it is also the server's query time limit); the timed requests stop when "
                    + "it is spent, at least one (default: ${DEFAULT-VALUE}).")
    int budgetSeconds;

    @Option(names = "--operations", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Only these operations or groups of bench/operations.yaml (default: all).")
    List<String> operations;

    @Option(names = "--operations-file", paramLabel = "FILE", description = "The operations to time (default: BASE/bench/operations.yaml).")
    Path operationsFile;

    @Option(names = "--peers", split = ",", paramLabel = "PEER[,PEER...]",
            description = {"Also time these engines on the same data and SPARQL, after checking their rows: fuseki (the standalone",
                    "jena-fuseki-server jar, from the local Maven repository), oxigraph (its npm package in Node, installed",
                    "into bench/oxigraph on first use), virtuoso (Debian's virtuoso-t, scripts/install-virtuoso.sh, loaded with the",
                    "store's union graph), remote (this program's serve --sparql-endpoint in front of standalone Fuseki on the store:",
                    "the cost of the extra hop). Default: none."})
    List<String> peers;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the generated files, stores and reports go (default: a temporary folder).")
    Path workDir;

    @Option(names = "--reuse-stores", description = "Reuse the stores an earlier run built in --work-dir (no generation, load or CSV import).")
    boolean reuseStores;

    @Option(names = "--base-dir", paramLabel = "DIR", defaultValue = ".", description = "Folder holding ontology/, data/, queries/, bench/.")
    Path baseDir;

    @Override
    public Integer call() throws Exception {
        Set<Peer> chosen = EnumSet.noneOf(Peer.class);
        try {
            if (peers != null) for (String p : peers) chosen.add(Peer.named(p));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path work = (workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("regiokg-bench")).toAbsolutePath();
        Benchmark bench = Benchmark.builder(baseDir, work, serve(baseDir.toAbsolutePath()))
                .operations(operationsFile).requests(requests).budget(Duration.ofSeconds(budgetSeconds))
                .only(operations).peers(chosen).reuseStores(reuseStores).report(System.out).build();
        System.out.printf("# RegioKG benchmark%n%nJava %s, %d cores; at most %d timed requests per operation and face, budget %d s; work folder %s.%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), requests, budgetSeconds, work);
        for (long n : sizes) bench.run(n, seed);
        return 0;
    }

    /**
     * This program's own {@code serve}, in a new JVM on the same class path: the bench times the
     * server as a client would, and does not import it. No SERVICE calls (the bench does not reach out).
     */
    private static ServerCommand serve(Path baseDir) {
        return (store, port, queryTimeout) -> {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath(), ServeCommand.class.getName(),
                    "--store", store.toString(), "--base-dir", baseDir.toString(), "--port", Integer.toString(port),
                    "--query-timeout", Double.toString(queryTimeout.toMillis() / 1000.0), "--service-allow", "none"));
            return command;
        };
    }

    /** This JVM's class path with absolute entries: the server runs in the work folder. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }
}
