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
 * A VoID description of the dataset, computed with SPARQL when asked for: size (triples, distinct
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
        return Txn.calculateRead(dataset, () -> build(dataset, serverUrl));
    }

    private static Model build(DatasetGraph dataset, String serverUrl) {
        Model m = ModelFactory.createDefaultModel();
        m.setNsPrefixes(Vocabulary.prefixes("void", "dcterms", "rdf", "xsd", "owl", "rkg", "foaf", "graph", "dataset"));
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
                    .addProperty(p(m, "linkPredicate"), m.createResource(target.linkPredicate()))
                    .addLiteral(p(m, "triples"), integer(m, one(dataset, LINK_COUNT, Map.of("predicate", NodeFactory.createURI(target.linkPredicate()),
                            "space", NodeFactory.createLiteralString(target.pattern()))), "n"));
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

    private static Literal integer(Model m, Binding b, String var) {
        return m.createTypedLiteral(b.get(Var.alloc(var)).getLiteralLexicalForm(), XSDDatatype.XSDinteger);
    }

    private static Binding one(DatasetGraph dataset, SparqlFile query) {
        return one(dataset, query, Map.of());
    }

    private static Binding one(DatasetGraph dataset, SparqlFile query, Map<String, Node> values) {
        return query.select(dataset, values).get(0);
    }

    private static List<Binding> all(DatasetGraph dataset, SparqlFile query) {
        return query.select(dataset);
    }
}
