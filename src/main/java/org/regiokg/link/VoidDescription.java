package org.regiokg.link;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.OWL;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.vocab.Vocabulary;

/**
 * A VoID description of the dataset, counted with SPARQL ({@link #count}; a server keeps the counts, {@link VoidCounts}): size (triples, distinct
 * subjects, objects, properties, classes), one class partition per class and one property partition
 * per property, one subset per named graph (its source) with its triple count and title, and one
 * linkset per link target (Wikidata, GeoNames, NUTS) with the number of links.
 *
 * <p>Counts are over the default graph of queries, the union of the named graphs, so a triple that
 * two sources state is counted once in the dataset and once in each subset.
 */
public final class VoidDescription {
    public static final String VOID = Vocabulary.VOID;
    public static final String DATASET = Vocabulary.DATASET + "regiokg";

    /**
     * An external dataset RegioKG links to: name, homepage, URI space, link predicate, and the regular
     * expression the IRIs of its things match (what counts as a link).
     */
    public record Target(String slug, String title, String homepage, String uriSpace, String linkPredicate, String pattern) {}

    public static final List<Target> TARGETS = List.of(
            new Target("wikidata", "Wikidata", "https://www.wikidata.org/", "http://www.wikidata.org/entity/", OWL.sameAs.getURI(),
                    "^http://www\\.wikidata\\.org/entity/"),
            new Target("geonames", "GeoNames", "https://www.geonames.org/", "https://sws.geonames.org/", OWL.sameAs.getURI(),
                    "^https?://sws\\.geonames\\.org/"),
            new Target("nuts", "NUTS (Eurostat)", "https://ec.europa.eu/eurostat/web/nuts", "http://data.europa.eu/nuts/code/",
                    Vocabulary.term("nutsRegion"), "^http://data\\.europa\\.eu/nuts/"));

    private static final SparqlFile SIZE = SparqlFile.resource(VoidDescription.class, "void-size.rq");
    private static final SparqlFile CLASS_COUNT = SparqlFile.resource(VoidDescription.class, "void-class-count.rq");
    private static final SparqlFile CLASSES = SparqlFile.resource(VoidDescription.class, "void-classes.rq");
    private static final SparqlFile PROPERTIES = SparqlFile.resource(VoidDescription.class, "void-properties.rq");
    private static final SparqlFile GRAPHS = SparqlFile.resource(VoidDescription.class, "void-graphs.rq");
    private static final SparqlFile GRAPH_TITLES = SparqlFile.resource(VoidDescription.class, "void-graph-titles.rq");
    private static final SparqlFile LINK_COUNT = SparqlFile.resource(VoidDescription.class, "void-link-count.rq");

    private VoidDescription() {}

    /**
     * The description; {@code serverUrl} (scheme, host and port, no trailing slash) gives the SPARQL
     * endpoint and the data dumps.
     */
    public static Model describe(DatasetGraph dataset, String serverUrl) {
        return describe(count(dataset), serverUrl);
    }

    /** The statistics a description states, counted now in one read transaction (seconds at 10^5 organisations). */
    public static Counts count(DatasetGraph dataset) {
        return Txn.calculateRead(dataset, () -> {
            Binding size = one(dataset, SIZE);
            Map<String, Long> links = new java.util.LinkedHashMap<>();
            for (Target target : TARGETS)
                links.put(target.slug(), number(one(dataset, LINK_COUNT, Map.of("predicate", NodeFactory.createURI(target.linkPredicate()),
                        "space", NodeFactory.createLiteralString(target.pattern()))), "n"));
            Map<String, String> titles = new java.util.HashMap<>();
            for (Binding b : all(dataset, GRAPH_TITLES))
                titles.putIfAbsent(b.get(Var.alloc("g")).getURI(), b.get(Var.alloc("title")).getLiteralLexicalForm());
            // The triples per graph as the store keeps them, when it does (else counted: every quad read once more).
            List<Map.Entry<String, Long>> graphs = keptGraphs(dataset).orElseGet(() -> partitions(all(dataset, GRAPHS), "g"));
            return new Counts(number(size, "triples"), number(size, "subjects"), number(size, "properties"), number(size, "objects"),
                    number(one(dataset, CLASS_COUNT), "n"),
                    partitions(all(dataset, CLASSES), "class"), partitions(all(dataset, PROPERTIES), "property"),
                    graphs, Map.copyOf(titles), Map.copyOf(links), java.time.Instant.now());
        });
    }

    /**
     * What {@link #count} found: the dataset's size, the entities per class, the triples per property
     * and per named graph (IRIs only, in order), the graphs' titles and the links per target's slug.
     */
    public record Counts(long triples, long subjects, long properties, long objects, long classes,
                         List<Map.Entry<String, Long>> classPartitions, List<Map.Entry<String, Long>> propertyPartitions,
                         List<Map.Entry<String, Long>> graphs, Map<String, String> graphTitles, Map<String, Long> links,
                         java.time.Instant countedAt) {}

    /**
     * Inside a read transaction: the triples of every named graph as the store keeps them with every
     * write (org.regiokg.history.GraphSizes), exact for that transaction; empty where none are kept.
     */
    public static java.util.Optional<List<Map.Entry<String, Long>>> keptGraphs(DatasetGraph dataset) {
        return org.regiokg.history.GraphSizes.all(dataset).map(m -> List.copyOf(new java.util.TreeMap<>(m).entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList()));
    }

    /** Inside a read transaction: the graphs' titles (a few quads each; what a description needs before the statistics are counted). */
    public static Map<String, String> titles(DatasetGraph dataset) {
        Map<String, String> titles = new java.util.HashMap<>();
        for (Binding b : all(dataset, GRAPH_TITLES))
            titles.putIfAbsent(b.get(Var.alloc("g")).getURI(), b.get(Var.alloc("title")).getLiteralLexicalForm());
        return titles;
    }

    /**
     * The description when only the graphs' sizes are known now (kept by the store, exact) and the
     * statistics that read every triple are not counted yet, or were counted earlier ({@code counts},
     * null when never: then the dataset's size, partitions and links are left out, and the description
     * says so). The subsets' triples are always {@code graphs}, as of the request.
     */
    public static Model describe(Counts counts, List<Map.Entry<String, Long>> graphs, Map<String, String> titles, String serverUrl) {
        Counts now = counts != null
                ? new Counts(counts.triples(), counts.subjects(), counts.properties(), counts.objects(), counts.classes(),
                        counts.classPartitions(), counts.propertyPartitions(), graphs, titles, counts.links(), counts.countedAt())
                : new Counts(-1, -1, -1, -1, -1, List.of(), List.of(), graphs, titles, Map.of(), null);
        return describe(now, serverUrl);
    }

    /** The description of counts made earlier; {@code serverUrl} as in {@link #describe(DatasetGraph, String)}. */
    public static Model describe(Counts counts, String serverUrl) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefixes(Vocabulary.prefixes("void", "dcterms", "rdf", "rdfs", "xsd", "owl", "rkg", "foaf", "graph", "dataset"));
        Resource voidDataset = m.createResource(VOID + "Dataset");
        Resource sparql = m.createResource(serverUrl + "/kg/sparql");

        Resource ds = m.createResource(DATASET, voidDataset)
                .addProperty(DCTerms.title, m.createLiteral("RegioKG", "en"))
                .addProperty(DCTerms.description, m.createLiteral("A knowledge graph of regional economic competences in "
                        + "Südwestfalen and Dortmund: organisations, places, people's roles, agreements and competences, "
                        + "one named graph per source.", "en"))
                .addProperty(p(m, "sparqlEndpoint"), sparql)
                .addProperty(p(m, "uriSpace"), Vocabulary.ID)
                .addProperty(p(m, "vocabulary"), m.createResource(Vocabulary.DEF))
                .addProperty(p(m, "feature"), m.createResource("http://www.w3.org/ns/formats/Turtle"))
                .addProperty(p(m, "feature"), m.createResource("http://www.w3.org/ns/formats/JSON-LD"))
                .addProperty(p(m, "feature"), m.createResource("http://www.w3.org/ns/formats/N-Triples"));

        // One dump per format, each saying what it is: rdflib and others read a dump by its media type.
        for (DumpFormat format : DumpFormat.values())
            ds.addProperty(p(m, "dataDump"), m.createResource(serverUrl + format.path())
                    .addProperty(DCTerms.format, format.mediaType())
                    .addProperty(p(m, "feature"), m.createResource(format.formatIri()))
                    .addProperty(DCTerms.description, m.createLiteral(format.description(), "en")));

        if (counts.countedAt() != null) {
            ds.addLiteral(p(m, "triples"), integer(m, counts.triples()));
            ds.addLiteral(p(m, "distinctSubjects"), integer(m, counts.subjects()));
            ds.addLiteral(p(m, "properties"), integer(m, counts.properties()));
            ds.addLiteral(p(m, "distinctObjects"), integer(m, counts.objects()));
            ds.addLiteral(p(m, "classes"), integer(m, counts.classes()));
            // When these statistics were counted (they read every triple, off the request path); the subsets' triples are as of now.
            ds.addLiteral(DCTerms.modified, m.createTypedLiteral(counts.countedAt().toString(), XSDDatatype.XSDdateTime));
        } else {
            ds.addProperty(m.createProperty(Vocabulary.RDFS + "comment"), m.createLiteral("The dataset's size, its class and property "
                    + "partitions and its links are being counted (they read every triple); ask again in a few minutes. The subsets' "
                    + "triples are exact.", "en"));
        }

        for (Map.Entry<String, Long> c : counts.classPartitions()) {
            Resource part = m.createResource()
                    .addProperty(p(m, "class"), m.createResource(c.getKey()))
                    .addLiteral(p(m, "entities"), integer(m, c.getValue()));
            ds.addProperty(p(m, "classPartition"), part);
        }
        for (Map.Entry<String, Long> c : counts.propertyPartitions()) {
            Resource part = m.createResource()
                    .addProperty(p(m, "property"), m.createResource(c.getKey()))
                    .addLiteral(p(m, "triples"), integer(m, c.getValue()));
            ds.addProperty(p(m, "propertyPartition"), part);
        }
        for (Map.Entry<String, Long> g : counts.graphs()) {
            String title = counts.graphTitles().getOrDefault(g.getKey(), titleOf(g.getKey()));
            Resource subset = m.createResource(g.getKey(), voidDataset)
                    .addProperty(DCTerms.title, title)
                    .addLiteral(p(m, "triples"), integer(m, g.getValue()))
                    .addProperty(p(m, "sparqlEndpoint"), sparql)
                    .addProperty(p(m, "dataDump"), m.createResource(serverUrl + "/kg/get?graph="
                            + URLEncoder.encode(g.getKey(), StandardCharsets.UTF_8)));
            ds.addProperty(p(m, "subset"), subset);
        }
        for (Target target : TARGETS) {
            Resource external = m.createResource(Vocabulary.DATASET + target.slug(), voidDataset)
                    .addProperty(DCTerms.title, target.title())
                    .addProperty(m.createProperty(Vocabulary.FOAF + "homepage"), m.createResource(target.homepage()))
                    .addProperty(p(m, "uriSpace"), target.uriSpace());
            Resource linkset = m.createResource(DATASET + "/links/" + target.slug(), m.createResource(VOID + "Linkset"))
                    .addProperty(DCTerms.title, m.createLiteral("RegioKG links to " + target.title(), "en"))
                    .addProperty(p(m, "subjectsTarget"), ds)
                    .addProperty(p(m, "objectsTarget"), external)
                    .addProperty(p(m, "target"), ds)
                    .addProperty(p(m, "target"), external)
                    .addProperty(p(m, "linkPredicate"), m.createResource(target.linkPredicate()));
            if (counts.countedAt() != null) linkset.addLiteral(p(m, "triples"), integer(m, counts.links().getOrDefault(target.slug(), 0L)));
            ds.addProperty(p(m, "subset"), linkset);
        }
        return m;
    }

    private static String titleOf(String graphIri) {
        if (graphIri.equals(Vocabulary.ONTOLOGY_GRAPH)) return "RegioKG ontology and concept schemes";
        return graphIri.startsWith(Vocabulary.GRAPH) ? graphIri.substring(Vocabulary.GRAPH.length()) : graphIri;
    }

    private static Property p(Model m, String local) {
        return m.createProperty(VOID + local);
    }

    private static Literal integer(Model m, long n) {
        return m.createTypedLiteral(Long.toString(n), XSDDatatype.XSDinteger);
    }

    private static long number(Binding b, String var) {
        return Long.parseLong(b.get(Var.alloc(var)).getLiteralLexicalForm());
    }

    /** One entry per row whose {@code key} is an IRI, with its count {@code ?n}, in the query's order. */
    private static List<Map.Entry<String, Long>> partitions(List<Binding> rows, String key) {
        List<Map.Entry<String, Long>> list = new java.util.ArrayList<>();
        for (Binding b : rows) {
            Node k = b.get(Var.alloc(key));
            if (k != null && k.isURI()) list.add(Map.entry(k.getURI(), number(b, "n")));
        }
        return List.copyOf(list);
    }

    private static Binding one(DatasetGraph dataset, SparqlFile query) {
        return one(dataset, query, Map.of());
    }

    private static Binding one(DatasetGraph dataset, SparqlFile query, Map<String, Node> values) {
        return rows(dataset, query, values).get(0);
    }

    private static List<Binding> all(DatasetGraph dataset, SparqlFile query) {
        return rows(dataset, query, Map.of());
    }

    /**
     * The rows, without the server's query time limit: the counts read every triple (minutes at 10^6
     * organisations) and run off the request path ({@link VoidCounts}), so a limit would only mean
     * they never finish.
     */
    private static List<Binding> rows(DatasetGraph dataset, SparqlFile query, Map<String, Node> values) {
        java.util.Map<Var, Node> substitution = new java.util.HashMap<>();
        values.forEach((k, v) -> substitution.put(Var.alloc(k), v));
        List<Binding> rows = new java.util.ArrayList<>();
        var builder = org.apache.jena.sparql.exec.QueryExec.dataset(dataset).query(query.query())
                .set(org.apache.jena.query.ARQ.queryTimeout, "-1");
        substitution.forEach(builder::substitution);
        try (var exec = builder.build()) {
            exec.select().forEachRemaining(b -> rows.add(org.apache.jena.sparql.engine.binding.BindingFactory.copy(b)));
        }
        return rows;
    }
}
