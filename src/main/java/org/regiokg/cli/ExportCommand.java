package org.regiokg.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.regiokg.storage.Store;
import org.regiokg.vocab.Vocabulary;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code regiokg export}: the whole dataset, or the graphs named, as one file. TriG and N-Quads keep
 * the named graphs; Turtle writes the union of the chosen graphs as one graph (a triple that several
 * graphs state appears once). The file is written beside its target and moved into place at the end,
 * so a failed export leaves no half-written file.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the dataset, or the named graphs chosen with --graph, to a file.",
                "TriG and N-Quads keep the graphs; Turtle writes the union of the chosen graphs as one graph."})
final class ExportCommand implements Callable<Integer> {

    enum Format { trig, nquads, turtle }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--graph", paramLabel = "IRI", description = "A named graph to export; repeat for several (default: all).")
    List<String> graphs = new ArrayList<>();

    @Option(names = "--format", defaultValue = "trig", description = "trig, nquads or turtle (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--gzip", description = "Compress with gzip (also when FILE ends with .gz).")
    boolean gzip;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write; - for standard output.")
    String output;

    /** Prefixes written into TriG and Turtle, so the files read like the curated ones. */
    static final Map<String, String> PREFIXES = Vocabulary.ordered(Vocabulary.EXPORT_PREFIXES);

    @Override
    public Integer call() throws IOException {
        try (Store store = storeOptions.open()) {
            DatasetGraph dataset = store.dataset();
            long written = Txn.calculateRead(dataset, () -> {
                List<Node> chosen = chosenGraphs(dataset);
                if (output.equals("-")) return write(dataset, chosen, System.out);
                Path target = Path.of(output).toAbsolutePath();
                Path temp = null;
                try {
                    Path dir = target.getParent();
                    if (dir != null) Files.createDirectories(dir);
                    // Beside the target (same file system, so the move is atomic), with the usual permissions.
                    temp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".part");
                    long n;
                    try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)) {
                        n = write(dataset, chosen, out);
                    }
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return n;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    if (temp != null) try { Files.deleteIfExists(temp); } catch (IOException ignored) { /* best effort */ }
                }
            });
            System.err.println("Exported " + written + (format == Format.turtle ? " triples" : " quads") + " from "
                    + (graphs.isEmpty() ? "all graphs" : graphs.size() + " graph(s)") + " as " + format
                    + (compress() ? " (gzip)" : "") + " to " + output);
            return 0;
        }
    }

    private boolean compress() {
        return gzip || output.endsWith(".gz");
    }

    /** The graphs asked for, each checked to exist; all named graphs (sorted) when none are asked for. */
    private List<Node> chosenGraphs(DatasetGraph dataset) {
        List<Node> chosen = new ArrayList<>();
        if (graphs.isEmpty()) {
            dataset.listGraphNodes().forEachRemaining(chosen::add);
            chosen.sort((a, b) -> a.getURI().compareTo(b.getURI()));
            return chosen;
        }
        List<String> missing = new ArrayList<>();
        for (String g : graphs) {
            Node node = NodeFactory.createURI(g);
            if (!dataset.containsGraph(node) || dataset.getGraph(node).isEmpty()) missing.add(g);
            else if (!chosen.contains(node)) chosen.add(node);
        }
        if (!missing.isEmpty())
            throw new CommandLine.ParameterException(spec.commandLine(), "No such graph in the store: " + String.join(", ", missing)
                    + " (SELECT DISTINCT ?g { GRAPH ?g {} } lists them)");
        return chosen;
    }

    /** Writes the chosen graphs; the count of quads (or, for Turtle, triples) written. */
    private long write(DatasetGraph dataset, List<Node> chosen, OutputStream raw) {
        try {
            OutputStream out = compress() ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16);
            long n = 0;
            if (format == Format.turtle) {
                Graph union = GraphFactory.createDefaultGraph();
                PREFIXES.forEach(union.getPrefixMapping()::setNsPrefix);
                for (Node g : chosen) dataset.getGraph(g).find().forEachRemaining(union::add);
                if (graphs.isEmpty()) dataset.getDefaultGraph().find().forEachRemaining(union::add);
                RDFDataMgr.write(out, union, RDFFormat.TURTLE_BLOCKS);
                n = union.size();
            } else {
                StreamRDF stream = StreamRDFWriter.getWriterStream(out, format == Format.trig ? RDFFormat.TRIG_BLOCKS : RDFFormat.NQUADS);
                stream.start();
                if (format == Format.trig) PREFIXES.forEach(stream::prefix);
                if (graphs.isEmpty()) {
                    // Nothing should be outside a named graph; if something is, it is exported too.
                    var it = dataset.find(Quad.defaultGraphIRI, Node.ANY, Node.ANY, Node.ANY);
                    while (it.hasNext()) { stream.quad(it.next()); n++; }
                }
                for (Node g : chosen) {
                    var it = dataset.find(g, Node.ANY, Node.ANY, Node.ANY);
                    while (it.hasNext()) { stream.quad(it.next()); n++; }
                }
                stream.finish();
            }
            if (out instanceof GZIPOutputStream gz) gz.finish();
            out.flush();
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
