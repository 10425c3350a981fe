package org.regiokg.link;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.XSD;
import org.regiokg.storage.Iris;

/**
 * A VoID description of the dataset, computed with SPARQL when asked for: size (triples, distinct
 * subjects, objects, properties, classes), one class partition per class and one property partition
 * per property, one subset per named graph (its source) with its triple count and title, and one
 * linkset per link target (Wikidata, GeoNames, NUTS) with the number of links.
 *
 * <p>Counts are over the default graph of queries, the union of the named graphs, so a triple that
 * two sources state is counted once in the dataset and once in each subset.
 */
public final class VoidDescription {
    public static final String VOID = "http://rdfs.org/ns/void#";
    public static final String DATASET = Iris.ID + "dataset/regiokg";

    /** An external dataset RegioKG links to: name, homepage, URI space, link predicate, and how to count the links. */
    public record Target(String slug, String title, String homepage, String uriSpace, String linkPredicate, String where) {}

    public static final List<Target> TARGETS = List.of(
            new Target("wikidata", "Wikidata", "https://www.wikidata.org/", "http://www.wikidata.org/entity/", OWL.sameAs.getURI(),
                    "?s owl:sameAs ?o FILTER(STRSTARTS(STR(?o), \"http://www.wikidata.org/entity/\"))"),
            new Target("geonames", "GeoNames", "https://www.geonames.org/", "https://sws.geonames.org/", OWL.sameAs.getURI(),
                    "?s owl:sameAs ?o FILTER(REGEX(STR(?o), \"^https?://sws\\\\.geonames\\\\.org/\"))"),
            new Target("nuts", "NUTS (Eurostat)", "https://ec.europa.eu/eurostat/web/nuts", "http://data.europa.eu/nuts/code/",
                    Iris.DEF + "nutsRegion", "?s rkg:nutsRegion ?o FILTER(STRSTARTS(STR(?o), \"http://data.europa.eu/nuts/\"))"));

    private static final String PREFIXES = """
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX owl: <http://www.w3.org/2002/07/owl#>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            PREFIX rkg: <https://w3id.org/regiokg/def#>
            """;
    /** The size of the dataset, over the union of the named graphs. */
    public static final String SIZE = PREFIXES + """
            SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties)
                   (COUNT(DISTINCT ?o) AS ?objects) { ?s ?p ?o }""";
    public static final String CLASS_COUNT = "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }";
    public static final String CLASSES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) { ?s a ?class } GROUP BY ?class ORDER BY ?class";
    public static final String PROPERTIES = "SELECT ?property (COUNT(*) AS ?n) { ?s ?property ?o } GROUP BY ?property ORDER BY ?property";
    public static final String GRAPHS = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g";
    /** Titles of the named graphs, as each graph describes itself (English preferred, then no language, then German). */
    public static final String GRAPH_TITLES = PREFIXES + """
            SELECT ?g ?title ?rank {
              GRAPH ?g { ?g dcterms:title ?title }
              BIND(IF(LANGMATCHES(LANG(?title), "en"), 0, IF(LANG(?title) = "", 1, IF(LANGMATCHES(LANG(?title), "de"), 2, 3))) AS ?rank)
            } ORDER BY ?g ?rank ?title""";

    public static String linkCount(Target t) {
        return PREFIXES + "SELECT (COUNT(*) AS ?n) { " + t.where() + " }";
    }

    private VoidDescription() {}

    /**
     * The description; {@code serverUrl} (scheme, host and port, no trailing slash) gives the SPARQL
     * endpoint and the data dumps.
     */
    public static Model describe(DatasetGraph dataset, String serverUrl) {
        return Txn.calculateRead(dataset, () -> build(dataset, serverUrl));
    }

    private static Model build(DatasetGraph dataset, String serverUrl) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefixes(Map.of("void", VOID, "dcterms", DCTerms.NS, "rdf", RDF.getURI(), "xsd", XSD.NS, "owl", OWL.NS,
                "rkg", Iris.DEF, "foaf", "http://xmlns.com/foaf/0.1/", "graph", Iris.GRAPH, "dataset", Iris.ID + "dataset/"));
        Resource voidDataset = m.createResource(VOID + "Dataset");
        Resource sparql = m.createResource(serverUrl + "/kg/sparql");

        Resource ds = m.createResource(DATASET, voidDataset)
                .addProperty(DCTerms.title, m.createLiteral("RegioKG", "en"))
                .addProperty(DCTerms.description, m.createLiteral("A knowledge graph of regional economic competences in "
                        + "Südwestfalen and Dortmund: organisations, places, people's roles, agreements and competences, "
                        + "one named graph per source.", "en"))
                .addProperty(p(m, "sparqlEndpoint"), sparql)
                .addProperty(p(m, "dataDump"), m.createResource(serverUrl + "/kg/get"))
                .addProperty(p(m, "uriSpace"), Iris.ID)
                .addProperty(p(m, "vocabulary"), m.createResource(Iris.DEF))
                .addProperty(p(m, "feature"), m.createResource("http://www.w3.org/ns/formats/Turtle"))
                .addProperty(p(m, "feature"), m.createResource("http://www.w3.org/ns/formats/JSON-LD"))
                .addProperty(p(m, "feature"), m.createResource("http://www.w3.org/ns/formats/N-Triples"));

        Binding size = one(dataset, SIZE);
        ds.addLiteral(p(m, "triples"), integer(m, size, "triples"));
        ds.addLiteral(p(m, "distinctSubjects"), integer(m, size, "subjects"));
        ds.addLiteral(p(m, "properties"), integer(m, size, "properties"));
        ds.addLiteral(p(m, "distinctObjects"), integer(m, size, "objects"));
        ds.addLiteral(p(m, "classes"), integer(m, one(dataset, CLASS_COUNT), "n"));

        for (Binding b : all(dataset, CLASSES)) {
            if (!b.get(Var.alloc("class")).isURI()) continue;
            Resource part = m.createResource()
                    .addProperty(p(m, "class"), m.createResource(b.get(Var.alloc("class")).getURI()))
                    .addLiteral(p(m, "entities"), integer(m, b, "n"));
            ds.addProperty(p(m, "classPartition"), part);
        }
        for (Binding b : all(dataset, PROPERTIES)) {
            Resource part = m.createResource()
                    .addProperty(p(m, "property"), m.createResource(b.get(Var.alloc("property")).getURI()))
                    .addLiteral(p(m, "triples"), integer(m, b, "n"));
            ds.addProperty(p(m, "propertyPartition"), part);
        }
        Map<String, String> titles = new java.util.HashMap<>();
        for (Binding b : all(dataset, GRAPH_TITLES))
            titles.putIfAbsent(b.get(Var.alloc("g")).getURI(), b.get(Var.alloc("title")).getLiteralLexicalForm());
        for (Binding b : all(dataset, GRAPHS)) {
            var g = b.get(Var.alloc("g"));
            if (!g.isURI()) continue;
            String title = titles.getOrDefault(g.getURI(), titleOf(g.getURI()));
            Resource subset = m.createResource(g.getURI(), voidDataset)
                    .addProperty(DCTerms.title, title)
                    .addLiteral(p(m, "triples"), integer(m, b, "n"))
                    .addProperty(p(m, "sparqlEndpoint"), sparql)
                    .addProperty(p(m, "dataDump"), m.createResource(serverUrl + "/kg/get?graph="
                            + URLEncoder.encode(g.getURI(), StandardCharsets.UTF_8)));
            ds.addProperty(p(m, "subset"), subset);
        }
        for (Target target : TARGETS) {
            Resource external = m.createResource(Iris.ID + "dataset/" + target.slug(), voidDataset)
                    .addProperty(DCTerms.title, target.title())
                    .addProperty(m.createProperty("http://xmlns.com/foaf/0.1/homepage"), m.createResource(target.homepage()))
                    .addProperty(p(m, "uriSpace"), target.uriSpace());
            Resource linkset = m.createResource(DATASET + "/links/" + target.slug(), m.createResource(VOID + "Linkset"))
                    .addProperty(DCTerms.title, m.createLiteral("RegioKG links to " + target.title(), "en"))
                    .addProperty(p(m, "subjectsTarget"), ds)
                    .addProperty(p(m, "objectsTarget"), external)
                    .addProperty(p(m, "target"), ds)
                    .addProperty(p(m, "target"), external)
                    .addProperty(p(m, "linkPredicate"), m.createResource(target.linkPredicate()))
                    .addLiteral(p(m, "triples"), integer(m, one(dataset, linkCount(target)), "n"));
            ds.addProperty(p(m, "subset"), linkset);
        }
        return m;
    }

    private static String titleOf(String graphIri) {
        if (graphIri.equals(Iris.ONTOLOGY_GRAPH)) return "RegioKG ontology and concept schemes";
        return graphIri.startsWith(Iris.GRAPH) ? graphIri.substring(Iris.GRAPH.length()) : graphIri;
    }

    private static Property p(Model m, String local) {
        return m.createProperty(VOID + local);
    }

    private static Literal integer(Model m, Binding b, String var) {
        return m.createTypedLiteral(b.get(Var.alloc(var)).getLiteralLexicalForm(), XSDDatatype.XSDinteger);
    }

    private static Binding one(DatasetGraph dataset, String query) {
        List<Binding> rows = all(dataset, query);
        return rows.get(0);
    }

    private static List<Binding> all(DatasetGraph dataset, String query) {
        List<Binding> rows = new java.util.ArrayList<>();
        QueryExec.dataset(dataset).query(QueryFactory.create(query)).select().forEachRemaining(rows::add);
        return rows;
    }
}
