package org.regiokg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.regiokg.bench.Benchmark;
import org.regiokg.bench.Peer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks RegioKG at the given sizes: generate, parse and bulk-load a synthetic graph, import a "
                + "synthetic list, then time five stored questions through the API and as raw SPARQL on one server; "
                + "with --peers, also standalone Fuseki and Oxigraph on the same data and SPARQL.",
                "Prints Markdown tables (see BENCHMARKS.md)."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--organisations", split = ",", defaultValue = "10000", paramLabel = "N[,N...]",
            description = "Sizes to run (default: ${DEFAULT-VALUE}).")
    List<Long> sizes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic graph (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--requests", defaultValue = "20", description = "Timed requests per question and face (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--budget", defaultValue = "120", paramLabel = "SECONDS",
            description = "Time for timing one question, its faces together, after its first answers; a slower question gets fewer timed requests, as many as the table says (default: ${DEFAULT-VALUE}).")
    int budgetSeconds;

    @Option(names = "--questions", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Only these of the five benchmark questions (default: all five).")
    List<String> questions;

    @Option(names = "--peers", split = ",", paramLabel = "PEER[,PEER...]",
            description = {"Also time these engines on the same data and SPARQL, after checking their rows: fuseki (the standalone",
                    "jena-fuseki-server jar, from the local Maven repository), oxigraph (its npm package in Node, installed",
                    "into bench/oxigraph on first use). Default: none."})
    List<String> peers;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the generated files and stores go (default: a temporary folder).")
    Path workDir;

    @Option(names = "--base-dir", paramLabel = "DIR", defaultValue = ".", description = "Folder holding ontology/, data/, queries/.")
    Path baseDir;

    @Override
    public Integer call() throws Exception {
        Set<Peer> chosen = EnumSet.noneOf(Peer.class);
        try {
            if (peers != null) for (String p : peers) chosen.add(Peer.named(p));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("regiokg-bench");
        Benchmark bench = new Benchmark(baseDir, work, requests, Duration.ofSeconds(budgetSeconds), System.out, questions, chosen);
        System.out.printf("# RegioKG benchmark%n%nJava %s, %d cores, max heap %,d MB; %d timed requests per question and face.%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, requests);
        for (long n : sizes) bench.run(n, seed);
        return 0;
    }
}
