package org.regiokg.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.RiotParseException;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.regiokg.history.Attribution;
import org.regiokg.problem.Finding;
import org.regiokg.layers.WrittenBeneath;
import org.regiokg.sparql.Slugs;
import org.regiokg.storage.Store;
import org.regiokg.vocab.Vocabulary;

/**
 * Loads RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD; gzipped or not) into the
 * store, all or nothing: one write transaction of {@code store.dataset()} is begun, every file is
 * parsed straight into TDB2 under it ({@code store.storage()}, in that same transaction, without
 * the layers' per-statement work), each layer over it hears of every statement as it passes
 * ({@link WrittenBeneath}: the name index takes the names, the derived facts and the change log note
 * the change), the shapes are checked on what was written, the load is described in each graph it wrote, and only then the transaction commits
 * (the derived facts are derived in bulk in the commit, the name index commits with it). A parse error, a shape violation or a statement for the default graph aborts it.
 * Triples (and a TriG file's default-graph triples) go into the graph given, or one named after the
 * file ({@code graph/load/SLUG}); quads into their own graphs. A load adds to a graph.
 */
public final class RdfLoader {
    public static final String GRAPH_KIND = "load";
    /** Up to this many things written are each checked against the shapes; beyond, an even sample of this many. */
    public static final int CHECK_ALL_UP_TO = 5_000;
    private static final String RKG = Vocabulary.DEF;
    private static final String PROV = Vocabulary.PROV;
    private static final int REPORT_EVERY = 20_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RdfLoader.class);

    /** Told how far a load has come: statements written, bytes read of all bytes, in the named phase. */
    public interface Progress {
        void update(String phase, long statements, long bytesRead, long bytesTotal);

        Progress NONE = (phase, statements, bytesRead, bytesTotal) -> { };
    }

    /** What a load reads (RIOT knows more names, e.g. text/csv, that are no RDF to load). */
    public static final Set<Lang> SYNTAXES = Set.of(Lang.TURTLE, Lang.TRIG, Lang.NTRIPLES, Lang.NQUADS, Lang.RDFXML, Lang.JSONLD);

    /** One file to load: its name (which names its graph and tells the syntax), its size, its bytes. */
    public record Source(String name, long size, Lang lang, boolean gzipped, Opener opener) {
        public interface Opener {
            InputStream open() throws IOException;
        }

        /** A file; the syntax from its extension, {@code .gz} for gzip. */
        public static Source file(Path file) {
            String name = file.getFileName().toString();
            boolean gz = name.toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
            String plain = gz ? name.substring(0, name.length() - 3) : name;
            Lang lang = RDFLanguages.filenameToLang(plain);
            if (!SYNTAXES.contains(lang))
                throw new RdfLoadException(file + ": unknown RDF syntax; the file name must end in .ttl, .trig, .nt, .nq, .rdf, .owl, .jsonld (optionally .gz)");
            try {
                return new Source(name, Files.size(file), lang, gz, () -> Files.newInputStream(file));
            } catch (IOException e) {
                throw new RdfLoadException(file + ": " + e.getMessage(), e);
            }
        }

        /** Bytes received, e.g. a request's body, with the syntax its media type named. */
        public static Source bytes(String name, byte[] bytes, Lang lang, boolean gzipped) {
            return new Source(name, bytes.length, lang, gzipped, () -> new java.io.ByteArrayInputStream(bytes));
        }
    }

    private final Store store;
    private final ShapesGate shapes;

    public RdfLoader(Store store, ShapesGate shapes) {
        this.store = store;
        this.shapes = shapes;
        Slugs.register();
    }

    /** The graph a file's triples go to when no graph is given. */
    public static String graphFor(String fileName) {
        String base = fileName.replaceFirst("(?i)\\.gz$", "").replaceFirst("\\.[A-Za-z0-9-]+$", "");
        return Vocabulary.graph(GRAPH_KIND, Slugs.slug(base));
    }

    /** An absolute IRI that names a graph of its own, or an error saying why not. */
    public static Node checkGraph(String iri) {
        try {
            IRIx parsed = IRIx.create(iri);
            if (!parsed.isAbsolute()) throw new RdfLoadException("the graph must be an absolute IRI, not '" + iri + "'");
        } catch (IRIException e) {
            throw new RdfLoadException("the graph '" + iri + "' is not an IRI: " + e.getMessage());
        }
        Node g = NodeFactory.createURI(iri);
        if (Quad.isDefaultGraph(g) || Quad.isUnionGraph(g))
            throw new RdfLoadException("all data lives in named graphs: '" + iri + "' names the default graph");
        return g;
    }

    public LoadReport load(List<Source> sources, Optional<String> graph, String who, Progress progress) {
        long start = System.nanoTime();
        Optional<Node> given = graph.map(RdfLoader::checkGraph);
        long bytesTotal = sources.stream().mapToLong(Source::size).sum();
        DatasetGraph ds = store.dataset();
        // Every layer over the store (name index, derived facts, change log) hears of each quad written beneath it.
        WrittenBeneath layers = WrittenBeneath.in(ds);
        Sink sink = new Sink(store.storage(), layers, progress, bytesTotal);
        Instant started = Instant.now();
        String loaded = String.join(", ", sources.stream().map(Source::name).toList()) + graph.map(g -> " into " + g).orElse("");
        try (var by = Attribution.of(who, loaded, "RDF load").open()) {
        LoadReport report = Txn.calculateWrite(ds, () -> {
            for (Source source : sources) sink.parse(source, given.orElseGet(() -> NodeFactory.createURI(graphFor(source.name()))));
            long written = System.nanoTime();
            progress.update("checking shapes", sink.statements, sink.bytesBefore, bytesTotal);
            Map<Node, List<String>> filesOf = sink.filesOf;
            List<Node> describing = new ArrayList<>();
            filesOf.forEach((g, files) -> describing.addAll(describe(ds, g, files, sink.perGraph.get(g), bytesTotal, who, started)));
            String checked = check(ds, sink.subjects, describing);
            LOG.info("Load of {} statements: parsed and written in {} ms, described and checked ({}) in {} ms; deriving and committing next",
                    sink.statements, (written - start) / 1_000_000, checked, (System.nanoTime() - written) / 1_000_000);
            Map<String, Long> counts = new LinkedHashMap<>();
            sink.perGraph.forEach((g, n) -> counts.put(g.getURI(), n));
            progress.update("committing", sink.statements, bytesTotal, bytesTotal);
            return new LoadReport(counts, sink.statements, bytesTotal, checked, 0);
        });
        // The report's time includes deriving and committing, which happen as the transaction ends.
        return new LoadReport(report.graphs(), report.statements(), report.bytes(), report.checked(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** The shapes over the union graph as it will be, for what the load wrote; throws when violated. */
    private String check(DatasetGraph ds, Set<Node> written, List<Node> descriptions) {
        List<Node> focus = new ArrayList<>(descriptions);
        String checked;
        if (written.size() <= CHECK_ALL_UP_TO) {
            focus.addAll(written);
            checked = "all " + written.size() + " subjects written";
        } else {
            long step = (written.size() + CHECK_ALL_UP_TO - 1) / CHECK_ALL_UP_TO;
            long i = 0;
            for (Node n : written) if (i++ % step == 0) focus.add(n);
            checked = (focus.size() - descriptions.size()) + " of " + written.size() + " subjects written (every " + step + "th)";
        }
        // The sampled things' triples as they will be, validated in their neighbourhood (ShapesGate.checkAround):
        // one validation of a small graph, not a look-up of every shape's targets in the store per thing.
        org.apache.jena.graph.Graph union = ds.getUnionGraph();
        org.apache.jena.graph.Graph sample = org.apache.jena.sparql.graph.GraphFactory.createDefaultGraph();
        for (Node n : focus) union.find(n, Node.ANY, Node.ANY).forEachRemaining(sample::add);
        List<Finding> violations = shapes.checkAround(sample, union, Map.of());
        if (!violations.isEmpty()) throw new ImportFailed("the loaded data", violations);
        return checked;
    }

    /** The load as provenance, in the graph it wrote: like a CSV import's, one activity per load. */
    private static List<Node> describe(DatasetGraph ds, Node g, List<String> files, Long statements, long bytes, String who, Instant started) {
        Node activity = NodeFactory.createURI(g.getURI() + "#load-" + started.toEpochMilli());
        String now = Instant.now().toString();
        String fileList = String.join(", ", files);
        add(ds, g, g, RDF.type.asNode(), iri(PROV + "Entity"));
        add(ds, g, g, RDF.type.asNode(), iri(RKG + "SourceGraph"));
        if (!ds.contains(g, g, DCTerms.title.asNode(), Node.ANY))
            add(ds, g, g, DCTerms.title.asNode(), NodeFactory.createLiteralLang("Load of " + fileList, "en"));
        for (String f : files) add(ds, g, g, DCTerms.source.asNode(), NodeFactory.createLiteralString(f));
        add(ds, g, g, iri(PROV + "generatedAtTime"), NodeFactory.createLiteralDT(now, XSDDatatype.XSDdateTime));
        add(ds, g, g, iri(PROV + "wasGeneratedBy"), activity);
        add(ds, g, activity, RDF.type.asNode(), iri(PROV + "Activity"));
        add(ds, g, activity, RDFS.label.asNode(), NodeFactory.createLiteralLang(
                "RDF load of " + fileList + " (" + statements + " statements into this graph, " + bytes + " bytes read)", "en"));
        for (String f : files) add(ds, g, activity, DCTerms.source.asNode(), NodeFactory.createLiteralString(f));
        add(ds, g, activity, iri(Vocabulary.VOID + "triples"), NodeFactory.createLiteralDT(Long.toString(statements == null ? 0 : statements), XSDDatatype.XSDinteger));
        add(ds, g, activity, iri("http://www.w3.org/ns/dcat#byteSize"), NodeFactory.createLiteralDT(Long.toString(bytes), XSDDatatype.XSDinteger));
        add(ds, g, activity, iri(PROV + "startedAtTime"), NodeFactory.createLiteralDT(started.toString(), XSDDatatype.XSDdateTime));
        add(ds, g, activity, iri(PROV + "endedAtTime"), NodeFactory.createLiteralDT(now, XSDDatatype.XSDdateTime));
        add(ds, g, activity, iri(PROV + "wasAssociatedWith"), NodeFactory.createLiteralString(who));
        return List.of(g, activity);
    }

    private static void add(DatasetGraph ds, Node g, Node s, Node p, Node o) {
        ds.add(g, s, p, o);
    }

    private static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }

    /** Errors stop the load with their line; warnings (e.g. an unusual IRI) do not. */
    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(String message, long line, long col) { }

        @Override
        public void error(String message, long line, long col) {
            throw new RiotParseException(message, line, col);
        }

        @Override
        public void fatal(String message, long line, long col) {
            throw new RiotParseException(message, line, col);
        }
    };

    /** Writes what the parser reads into the transaction; remembers graphs, counts and subjects. */
    private static final class Sink extends StreamRDFBase {
        private final DatasetGraph ds;
        private final WrittenBeneath layers;
        private final Progress progress;
        private final long bytesTotal;
        final Map<Node, Long> perGraph = new LinkedHashMap<>();
        final Map<Node, List<String>> filesOf = new LinkedHashMap<>();
        final Set<Node> subjects = new LinkedHashSet<>();
        long statements;
        long bytesBefore;
        private Node target;
        private String file;
        private Node lastGraph, lastSubject;
        private String lastFile;
        private Counting counting;

        Sink(DatasetGraph ds, WrittenBeneath layers, Progress progress, long bytesTotal) {
            this.ds = ds;
            this.layers = layers;
            this.progress = progress;
            this.bytesTotal = bytesTotal;
        }

        void parse(Source source, Node defaultTarget) {
            target = defaultTarget;
            file = source.name();
            try (Counting in = new Counting(source.opener().open())) {
                counting = in;
                InputStream body = source.gzipped() ? new GZIPInputStream(in, 1 << 16) : in;
                RDFParser.create().source(body).lang(source.lang()).base(Vocabulary.BASE).errorHandler(STRICT).parse(this);
            } catch (RiotParseException e) {
                String where = e.getLine() > 0 ? ":" + e.getLine() + (e.getCol() > 0 ? ":" + e.getCol() : "") : "";
                throw new RdfLoadException(file + where + ": " + e.getOriginalMessage()
                        + "; nothing was loaded", e);
            } catch (RiotException e) {
                throw new RdfLoadException(file + ": " + e.getMessage() + "; nothing was loaded", e);
            } catch (IOException e) {
                throw new RdfLoadException(file + ": " + e.getMessage() + "; nothing was loaded", e);
            } catch (UncheckedIOException e) {
                throw new RdfLoadException(file + ": " + e.getCause().getMessage() + "; nothing was loaded", e);
            }
            bytesBefore += source.size();
            progress.update("parsed " + file, statements, bytesBefore, bytesTotal);
        }

        @Override
        public void triple(Triple t) {
            write(target, t.getSubject(), t.getPredicate(), t.getObject());
        }

        @Override
        public void quad(Quad q) {
            Node g = q.getGraph();
            if (g == null || Quad.isDefaultGraph(g)) g = target;
            else if (!g.isURI() || Quad.isUnionGraph(g))
                throw new RdfLoadException(file + ": a statement names the graph " + g + "; graphs must be named by IRIs of their own; nothing was loaded");
            write(g, q.getSubject(), q.getPredicate(), q.getObject());
        }

        private void write(Node g, Node s, Node p, Node o) {
            layers.written(g, s, p, o);
            ds.add(g, s, p, o);
            // Files come sorted by graph and subject more often than not: the maps only when either changes.
            if (g != lastGraph || !file.equals(lastFile)) {
                perGraph.putIfAbsent(g, 0L);
                List<String> files = filesOf.computeIfAbsent(g, k -> new ArrayList<>());
                if (files.isEmpty() || !files.get(files.size() - 1).equals(file)) files.add(file);
                lastGraph = g;
                lastFile = file;
            }
            perGraph.merge(g, 1L, Long::sum);
            if (s != lastSubject) {
                subjects.add(s);
                lastSubject = s;
            }
            if (++statements % REPORT_EVERY == 0) progress.update("loading " + file, statements, bytesBefore + counting.count, bytesTotal);
        }
    }

    /** Counts the bytes read from the file (before gunzip), for progress by bytes. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
