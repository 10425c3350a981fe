package org.regiokg.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.system.Txn;
import org.regiokg.history.Attribution;
import org.regiokg.storage.Store;
import org.regiokg.vocab.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The curated content of the repository: the ontology (every {@code ontology/*.ttl} but the SHACL
 * shapes, into the ontology graph) and the data ({@code data/**}{@code /*.trig}, each triple in the
 * named graph its file gives). Everything is parsed before anything is written, and written in one
 * transaction, so a broken file leaves the store as it was.
 */
public final class CuratedContent {
    private static final Logger LOG = LoggerFactory.getLogger(CuratedContent.class);
    public static final String SHAPES_FILE = "shapes.ttl";

    private final Path baseDir;

    public CuratedContent(Path baseDir) {
        this.baseDir = baseDir;
    }

    public Path ontologyDir() {
        return baseDir.resolve("ontology");
    }

    public Path dataDir() {
        return baseDir.resolve("data");
    }

    public Path shapesFile() {
        return ontologyDir().resolve(SHAPES_FILE);
    }

    public Path mappingsDir() {
        return baseDir.resolve("mappings");
    }

    /** The lists imported into every new store: {@code data/import/MAPPING/*.csv}. */
    public Path importsDir() {
        return dataDir().resolve("import");
    }

    /** Imports the default lists, each with the mapping its folder names. */
    public void importDefaults(CsvImporter importer) {
        for (Path csv : files(importsDir(), ".csv")) {
            String mapping = csv.getParent().getFileName().toString();
            try {
                ImportReport r = importer.importCsv(baseDir.relativize(csv).toString(), Files.readAllBytes(csv), mapping, "regiokg", CsvImporter.Progress.NONE);
                LOG.info("Imported {} ({} rows, {} triples) into {}", csv, r.rows(), r.triples(), r.graph());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Parses all curated files into a new in-memory dataset. */
    public DatasetGraph parse() {
        DatasetGraph staged = DatasetGraphFactory.createTxnMem();
        Graph ontology = staged.getGraph(NodeFactory.createURI(Vocabulary.ONTOLOGY_GRAPH));
        for (Path file : files(ontologyDir(), ".ttl")) {
            if (!file.getFileName().toString().equals(SHAPES_FILE))
                parseInto(file, Lang.TURTLE, ontology, null);
        }
        for (Path file : files(dataDir(), ".trig"))
            parseInto(file, Lang.TRIG, null, staged);
        if (!staged.getDefaultGraph().isEmpty())
            throw new RdfLoadException("data files hold triples outside a named graph; "
                    + "the default graph is the union of the named graphs, so every triple needs a GRAPH");
        return staged;
    }

    /** Loads the curated content into the store in one write transaction. Returns the quads added. */
    public long loadInto(Store store) {
        return loadInto(store, parse());
    }

    /** Loads content already parsed by {@link #parse()} (serve parses it while the new store is made). */
    public long loadInto(Store store, DatasetGraph staged) {
        DatasetGraph target = store.dataset();
        long before = store.quadCount();
        Attribution by = Attribution.current().orElse(Attribution.UNATTRIBUTED);
        try (var scope = Attribution.of(by.who(), ontologyDir() + " and " + dataDir(), "curated load").open()) {
            Txn.executeWrite(target, () -> staged.find().forEachRemaining(target::add));
        }
        long added = store.quadCount() - before;
        LOG.info("Loaded {} quads from {} and {}", added, ontologyDir(), dataDir());
        return added;
    }

    private static void parseInto(Path file, Lang lang, Graph graph, DatasetGraph dataset) {
        try {
            var parser = RDFParser.source(file).lang(lang);
            if (graph != null) parser.parse(graph);
            else parser.parse(dataset);
        } catch (RiotException e) {
            // RIOT's message carries "[line: N, col: M]"; prefix the file so the reader knows where.
            throw new RdfLoadException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
