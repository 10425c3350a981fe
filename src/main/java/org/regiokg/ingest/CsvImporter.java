package org.regiokg.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.compose.MultiUnion;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.regiokg.history.Attribution;
import org.regiokg.problem.Finding;
import org.regiokg.sparql.Slugs;
import org.regiokg.storage.Store;
import org.regiokg.vocab.Vocabulary;

/**
 * Imports a CSV list into its own named graph, all or nothing: structure, then every row's cells,
 * then the things the rows name (looked up in the graph), then the triples the mapping makes
 * against the SHACL shapes; only then, in one write transaction, the graph is replaced. Importing
 * the same bytes with the same mapping again writes nothing.
 */
public final class CsvImporter {
    static {
        // The look-ups' system queries are read with this class, so a broken edit fails where the importer is made.
        org.regiokg.sparql.SystemQueries.check(EntityResolver.class);
    }

    public static final String GRAPH_KIND = "import";
    private static final String RKG = Vocabulary.DEF;
    private static final String PROV = Vocabulary.PROV;
    private static final int BATCH = 1000;

    /** Told how far an import has come: rows done of all rows, in the named phase. */
    public interface Progress {
        void update(String phase, long done, long total);

        Progress NONE = (phase, done, total) -> { };
    }

    private final Store store;
    private final Path mappingsDir;
    private final ShapesGate shapes;
    private long maxBytes = CsvTable.DEFAULT_MAX_BYTES;

    public CsvImporter(Store store, Path mappingsDir, ShapesGate shapes) {
        this.store = store;
        this.mappingsDir = mappingsDir;
        this.shapes = shapes;
        Slugs.register();
    }

    /** The shapes imports are checked against (RDF loads use the same). */
    public ShapesGate shapes() {
        return shapes;
    }

    public CsvImporter maxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
        return this;
    }

    public List<String> mappings() {
        if (!Files.isDirectory(mappingsDir)) return List.of();
        try (Stream<Path> files = Files.list(mappingsDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rq"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A file's name (a relative path at most, as the default lists give): it names the list's graph and its title. */
    private static final java.util.regex.Pattern PLAIN_SEGMENT = java.util.regex.Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._()+-]*");
    private static final int MAX_FILE_NAME = 120;

    static void checkFileName(String fileName) {
        boolean plain = fileName != null && !fileName.isEmpty() && fileName.length() <= MAX_FILE_NAME
                && java.util.Arrays.stream(fileName.split("/", -1)).allMatch(seg -> PLAIN_SEGMENT.matcher(seg).matches() && !seg.contains(".."));
        if (!plain)
            throw new ImportFailed("the file name", Finding.file("the file name must be a plain file name such as 'my-list.csv' "
                    + "(letters, digits, space, . _ - ( ) +; at most " + MAX_FILE_NAME + " characters; no '..', no absolute path), not "
                    + (fileName == null ? "missing" : "'" + Cells.printable(fileName, 60) + "'")));
    }

    public static String graphFor(String fileName) {
        String base = Path.of(fileName).getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        return Vocabulary.graph(GRAPH_KIND, Slugs.slug(base));
    }

    /** Imports {@code bytes}, the content of a file called {@code fileName}, with the mapping {@code mappingName}. */
    public ImportReport importCsv(String fileName, byte[] bytes, String mappingName, String who, Progress progress) {
        long start = System.nanoTime();
        checkFileName(fileName);
        if (!mappingName.matches("[a-z0-9-]+") || !mappings().contains(mappingName))
            throw new ImportFailed(fileName, Finding.file("unknown mapping '" + mappingName + "'; known: " + mappings()));
        CsvMapping mapping = CsvMapping.parse(mappingsDir.resolve(mappingName + ".rq"));
        CsvTable table = CsvTable.read(fileName, bytes, maxBytes);

        List<String> missing = mapping.columns().stream().filter(CsvMapping.Column::required)
                .map(CsvMapping.Column::name).filter(c -> !table.header().contains(c)).toList();
        if (!missing.isEmpty())
            throw new ImportFailed(fileName, Finding.line(1, "the header lacks the required column" + (missing.size() > 1 ? "s " : " ")
                    + missing + " of the mapping '" + mappingName + "' (it has " + table.header() + ")"));
        List<String> ignored = table.header().stream().filter(h -> mapping.column(h).isEmpty()).toList();

        Node graph = NodeFactory.createURI(graphFor(fileName));
        String hash = sha256(bytes, mapping);
        if (sameAsStored(graph, hash))
            return new ImportReport(graph.getURI(), mappingName, fileName, table.rows().size(), 0, true, 0, 0, 0, ignored, millis(start));

        List<Finding> findings = new ArrayList<>();
        // What the rows name is looked up in the graph as it will be: without the graph this import replaces.
        // (A first import reads the store itself, whose default graph is the union, with TDB2's own query engine.)
        boolean replacing = Txn.calculateRead(store.dataset(), () -> store.dataset().containsGraph(graph));
        // Organisations are looked up by the names the rows give, in the store's name index (when it has one).
        var names = (org.apache.jena.query.text.TextIndex) store.dataset().getContext().get(org.apache.jena.query.text.TextQuery.textIndex);
        List<String> orgNames = new ArrayList<>();
        for (CsvTable.Row row : table.rows())
            for (CsvMapping.OrganisationRef o : mapping.organisations()) orgNames.add(row.cells().getOrDefault(o.nameColumn(), ""));
        EntityResolver resolver = Txn.calculateRead(store.dataset(), () -> {
            EntityResolver r = new EntityResolver(replacing ? DatasetGraphFactory.wrap(storeWithout(graph)) : store.dataset(), names, store.dataset());
            r.lookUp(orgNames);
            return r;
        });
        RowBinder binder = new RowBinder(mapping, resolver);
        List<Binding> rows = new ArrayList<>(table.rows().size());
        Map<String, Long> keys = new HashMap<>();
        Map<Node, Long> rowOf = new HashMap<>();
        // One read transaction for all rows: new IRIs are checked against the store (one look-up each).
        Txn.executeRead(store.dataset(), () -> {
            long done = 0;
            for (CsvTable.Row row : table.rows()) {
                Binding b = binder.bind(row, findings);
                duplicateKey(mapping, row, keys, findings);
                if (b != null) {
                    rows.add(b);
                    b.vars().forEachRemaining(v -> {
                        if (binder.isEntity(v)) rowOf.putIfAbsent(b.get(v), row.number());
                    });
                }
                if (++done % BATCH == 0) progress.update("checking rows", done, table.rows().size());
            }
            progress.update("checking rows", done, table.rows().size());
        });
        if (!findings.isEmpty()) throw new ImportFailed(fileName, findings);

        Graph staged = GraphFactory.createDefaultGraph();
        for (int i = 0; i < rows.size(); i += BATCH) {
            construct(mapping.construct(), binder.vars(), rows.subList(i, Math.min(rows.size(), i + BATCH)), staged);
            progress.update("mapping rows", Math.min(rows.size(), i + BATCH), rows.size());
        }
        describe(staged, graph, fileName, mapping, table.rows().size(), who, hash);

        progress.update("validating against the shapes", 0, 1);
        // What the list says about, with its neighbourhood in the store: not the whole store again.
        List<Finding> violations = Txn.calculateRead(store.dataset(), () -> shapes.checkAround(staged, storeWithout(graph), rowOf));
        if (!violations.isEmpty()) throw new ImportFailed(fileName, violations);

        progress.update("writing", 0, 1);
        DatasetGraph ds = store.dataset();
        // The change log records the import (and what the rules derive from it) under its file and mapping.
        try (var by = Attribution.of(who, "file " + fileName + ", mapping " + mappingName, "CSV import").open()) {
            Txn.executeWrite(ds, () -> {
                ds.deleteAny(graph, Node.ANY, Node.ANY, Node.ANY);
                staged.find().forEachRemaining(t -> ds.add(graph, t.getSubject(), t.getPredicate(), t.getObject()));
            });
        }
        progress.update("done", 1, 1);
        return new ImportReport(graph.getURI(), mappingName, fileName, table.rows().size(), staged.size(), false,
                binder.orgsMatched, binder.orgsCreated, binder.placesCreated, ignored, millis(start));
    }

    private static void duplicateKey(CsvMapping mapping, CsvTable.Row row, Map<String, Long> keys, List<Finding> findings) {
        if (mapping.key().isEmpty()) return;
        StringBuilder key = new StringBuilder();
        for (String k : mapping.key()) key.append(EntityResolver.orgName(row.cells().getOrDefault(k, ""))).append('|');
        Long first = keys.putIfAbsent(key.toString(), row.number());
        if (first != null)
            findings.add(Finding.row(row.number(), row.line(), "repeats row " + first + " (same " + mapping.key() + ")"));
    }

    /** The mapping's CONSTRUCT over a batch of rows, given as a VALUES block at the start of its WHERE. */
    private static void construct(Query template, List<Var> vars, List<Binding> rows, Graph into) {
        Query query = template.cloneQuery();
        ElementGroup where = new ElementGroup();
        where.addElement(new ElementData(vars, rows));
        if (query.getQueryPattern() instanceof ElementGroup g) g.getElements().forEach(where::addElement);
        else if (query.getQueryPattern() != null) where.addElement(query.getQueryPattern());
        query.setQueryPattern(where);
        QueryExec.dataset(DatasetGraphFactory.empty()).query(query).build().construct(into);
    }

    private static void describe(Graph g, Node graph, String fileName, CsvMapping mapping, long rows, String who, String hash) {
        Node activity = NodeFactory.createURI(graph.getURI() + "#import");
        g.add(graph, RDF.type.asNode(), iri(PROV + "Entity"));
        g.add(graph, RDF.type.asNode(), iri(RKG + "SourceGraph"));
        g.add(graph, DCTerms.title.asNode(), NodeFactory.createLiteralLang("Import of " + fileName + " (" + mapping.summary() + ")", "en"));
        g.add(graph, DCTerms.source.asNode(), NodeFactory.createLiteralString(Path.of(fileName).getFileName().toString()));
        g.add(graph, iri(RKG + "rowCount"), NodeFactory.createLiteralDT(Long.toString(rows), XSDDatatype.XSDinteger));
        g.add(graph, iri(RKG + "mapping"), NodeFactory.createLiteralString(mapping.name()));
        g.add(graph, iri(RKG + "contentHash"), NodeFactory.createLiteralString(hash));
        String now = Instant.now().toString();
        g.add(graph, iri(PROV + "generatedAtTime"), NodeFactory.createLiteralDT(now, XSDDatatype.XSDdateTime));
        g.add(graph, iri(PROV + "wasGeneratedBy"), activity);
        g.add(activity, RDF.type.asNode(), iri(PROV + "Activity"));
        g.add(activity, RDFS.label.asNode(), NodeFactory.createLiteralLang("CSV import with the mapping " + mapping.name(), "en"));
        g.add(activity, iri(PROV + "endedAtTime"), NodeFactory.createLiteralDT(now, XSDDatatype.XSDdateTime));
        g.add(activity, iri(PROV + "wasAssociatedWith"), NodeFactory.createLiteralString(who));
    }

    /**
     * Every graph of the store but the one being replaced, as one graph (inside a read transaction).
     * When there is nothing to replace, the store's own union graph answers (one index, not one per graph).
     */
    private Graph storeWithout(Node replaced) {
        DatasetGraph ds = store.dataset();
        if (!ds.containsGraph(replaced)) return ds.getUnionGraph();
        MultiUnion union = new MultiUnion();
        ds.listGraphNodes().forEachRemaining(n -> {
            if (!n.equals(replaced)) union.addGraph(ds.getGraph(n));
        });
        return union;
    }

    private boolean sameAsStored(Node graph, String hash) {
        DatasetGraph ds = store.dataset();
        return Txn.calculateRead(ds, () -> ds.contains(graph, graph, iri(RKG + "contentHash"), NodeFactory.createLiteralString(hash)));
    }

    private static String sha256(byte[] bytes, CsvMapping mapping) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes);
            md.update(Files.readAllBytes(mapping.source()));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }

    /** Turns a row into a binding of the mapping's variables: cells as RDF terms, named things resolved. */
    static final class RowBinder {
        private static final Set<Character> FORMULA_START = Set.of('=', '+', '-', '@', '\t', '\r');
        private final CsvMapping mapping;
        private final EntityResolver resolver;
        private final Set<Var> entityVars = new LinkedHashSet<>();
        private final List<Var> vars = new ArrayList<>();
        long orgsMatched, orgsCreated, placesCreated;

        RowBinder(CsvMapping mapping, EntityResolver resolver) {
            this.mapping = mapping;
            this.resolver = resolver;
            mapping.columns().forEach(c -> vars.add(Var.alloc(c.name())));
            for (CsvMapping.PlaceRef p : mapping.places()) {
                for (String suffix : new String[] {"", "_new", "_within"}) vars.add(Var.alloc(p.var() + suffix));
                entityVars.add(Var.alloc(p.var()));
            }
            for (CsvMapping.OrganisationRef o : mapping.organisations()) {
                vars.add(Var.alloc(o.var()));
                vars.add(Var.alloc(o.var() + "_new"));
                entityVars.add(Var.alloc(o.var()));
            }
        }

        List<Var> vars() {
            return vars;
        }

        boolean isEntity(Var v) {
            return entityVars.contains(v);
        }

        /** The row's binding, or null with findings added when a cell or a named thing does not fit. */
        Binding bind(CsvTable.Row row, List<Finding> findings) {
            int before = findings.size();
            BindingBuilder b = BindingBuilder.create();
            for (CsvMapping.Column c : mapping.columns()) {
                String value = row.cells().getOrDefault(c.name(), "");
                if (value.isEmpty()) {
                    if (c.required()) findings.add(Finding.cell(row.number(), row.line(), c.name(), "is empty; a value is required"));
                    continue;
                }
                if (!c.type().isNumeric() && FORMULA_START.contains(value.charAt(0))) {
                    findings.add(Finding.cell(row.number(), row.line(), c.name(),
                            "starts with '" + value.charAt(0) + "' like a spreadsheet formula; such cells are refused"));
                    continue;
                }
                int control = Cells.firstControlCharacter(value);
                if (control >= 0) {
                    findings.add(Finding.cell(row.number(), row.line(), c.name(), String.format(
                            "contains the control character U+%04X at position %d; such characters break RDF/XML, "
                                    + "SPARQL XML results and web pages, so they are refused", value.codePointAt(control), control + 1)));
                    continue;
                }
                if (value.length() > c.maxLength()) {
                    findings.add(Finding.cell(row.number(), row.line(), c.name(), "has " + value.length() + " characters; at most " + c.maxLength()));
                    continue;
                }
                if (!c.values().isEmpty() && !c.values().contains(value)) {
                    findings.add(Finding.cell(row.number(), row.line(), c.name(), "'" + value + "' is not one of " + c.values()));
                    continue;
                }
                try {
                    Node node = c.type().kind().equals("concept")
                            ? resolver.concept(value).map(EntityResolver::iri).orElseThrow(() ->
                                    new ColumnType.InvalidCell("'" + value + "' is no competence of the competence scheme"))
                            : c.type().toNode(value);
                    b.add(Var.alloc(c.name()), node);
                } catch (ColumnType.InvalidCell e) {
                    findings.add(Finding.cell(row.number(), row.line(), c.name(), e.getMessage()));
                }
            }
            if (findings.size() > before) return null;
            Map<String, String> places = new HashMap<>();
            for (CsvMapping.PlaceRef p : mapping.places()) {
                String name = row.cells().getOrDefault(p.nameColumn(), "");
                String within = row.cells().getOrDefault(p.withinColumn(), "");
                if (name.isEmpty() || within.isEmpty()) continue;
                List<String> containers = resolver.placesNamed(within);
                if (containers.isEmpty()) {
                    findings.add(Finding.cell(row.number(), row.line(), p.withinColumn(),
                            "'" + within + "' is not a place in the graph (a district such as 'Kreis Olpe' or 'Hochsauerlandkreis')"));
                    continue;
                }
                String container = containers.get(0);
                String place = resolver.placeWithin(name, container).orElse(null);
                if (place == null) {
                    place = resolver.mint("place", name, within);
                    resolver.rememberPlace(place, name, container);
                    b.add(Var.alloc(p.var() + "_new"), EntityResolver.iri(place));
                    placesCreated++;
                }
                b.add(Var.alloc(p.var()), EntityResolver.iri(place));
                b.add(Var.alloc(p.var() + "_within"), EntityResolver.iri(container));
                places.put(p.var(), place);
            }
            if (findings.size() > before) return null;
            for (CsvMapping.OrganisationRef o : mapping.organisations()) {
                String name = row.cells().getOrDefault(o.nameColumn(), "");
                String seat = places.get(o.seatVar());
                if (name.isEmpty()) continue;
                String org = seat == null ? null : resolver.organisation(name, seat).orElse(null);
                if (org == null) {
                    org = resolver.mint("organisation", EntityResolver.orgName(name), seat == null ? "x" : seat.substring(seat.lastIndexOf('/') + 1));
                    if (seat != null) resolver.rememberOrganisation(org, name, seat);
                    b.add(Var.alloc(o.var() + "_new"), EntityResolver.iri(org));
                    orgsCreated++;
                } else {
                    orgsMatched++;
                }
                b.add(Var.alloc(o.var()), EntityResolver.iri(org));
            }
            return b.build();
        }
    }
}
