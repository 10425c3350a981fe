package org.regiokg.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;

import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.synthetic.SyntheticGraph;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic graph shaped like the real one, for benchmarks: N organisations over the",
                "real municipalities, competences from the scheme, ~1 %% world market leaders, agreements, networks,",
                "partnerships, people with roles. The same seed gives the same output."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--organisations", required = true, paramLabel = "N", description = "How many organisations.")
    long organisations;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "Output file: .nq or .trig, optionally .gz.")
    Path output;

    @Option(names = "--base-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Folder holding ontology/ and data/ (the real places and competences).")
    Path baseDir;

    @Override
    public Integer call() throws IOException {
        String name = output.getFileName().toString();
        boolean gzip = name.endsWith(".gz");
        String base = gzip ? name.substring(0, name.length() - 3) : name;
        RDFFormat format = base.endsWith(".trig") ? RDFFormat.TRIG_BLOCKS : RDFFormat.NQUADS;
        SyntheticGraph graph = new SyntheticGraph(new CuratedContent(baseDir).parse());
        long start = System.nanoTime();
        long quads;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
             OutputStream out = gzip ? new GZIPOutputStream(file, 1 << 16) : file) {
            StreamRDF stream = StreamRDFWriter.getWriterStream(out, format);
            quads = graph.write(organisations, seed, stream);
        }
        System.err.printf("Wrote %,d quads (%,d organisations, seed %d) to %s in %.1f s%n",
                quads, organisations, seed, output, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
