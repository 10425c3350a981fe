package org.regiokg.ontology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.lib.ShLib;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;
import org.regiokg.vocab.Vocabulary;

/**
 * The ontology and the curated data together: the data (with the default import) conforms to the
 * shapes, an OWL reasoner finds them consistent (and finds a planted contradiction), every rkg: term
 * the data uses is declared with English and German labels, and every shape targets a known class.
 */
@Tag("integration")
class OntologyTest {
    static final String RKG = "https://w3id.org/regiokg/def#";
    static final String SH = "http://www.w3.org/ns/shacl#";
    static final Path PROJECT = TestServer.PROJECT;

    /** Ontology (without the shapes) + data files + default import, as one plain graph. */
    static Graph union;
    /** Only the data: every named graph but the ontology graph. */
    static Graph data;
    /** The ontology graph as the store loads it (regiokg.ttl and competences.ttl). */
    static Graph ontologyGraph;
    /** regiokg.ttl alone. */
    static Graph ontology;
    static Graph shapesGraph;

    @BeforeAll
    static void load() {
        CuratedContent content = new CuratedContent(PROJECT);
        union = GraphFactory.createDefaultGraph();
        data = GraphFactory.createDefaultGraph();
        ontologyGraph = GraphFactory.createDefaultGraph();
        try (Store store = TestServer.curatedStore(true)) {
            DatasetGraph ds = store.dataset();
            Node ontologyGraphName = NodeFactory.createURI(Vocabulary.ONTOLOGY_GRAPH);
            Txn.executeRead(ds, () -> {
                Iterator<Quad> quads = ds.find();
                while (quads.hasNext()) {
                    Quad q = quads.next();
                    union.add(q.asTriple());
                    if (q.getGraph().equals(ontologyGraphName)) ontologyGraph.add(q.asTriple());
                    else data.add(q.asTriple());
                }
            });
        }
        ontology = RDFDataMgr.loadGraph(PROJECT.resolve("ontology/regiokg.ttl").toString());
        shapesGraph = RDFDataMgr.loadGraph(content.shapesFile().toString());
        assertThat(data.size()).isGreaterThan(1500);
        assertThat(union.size()).isGreaterThan(data.size());
    }

    @Test
    void curatedGraphAndDefaultImportConformToTheShapes() {
        ValidationReport report = ShaclValidator.get().validate(Shapes.parse(shapesGraph), union);
        if (!report.conforms()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ShLib.printReport(new PrintStream(out, true, StandardCharsets.UTF_8), report);
            System.out.println(out.toString(StandardCharsets.UTF_8));
        }
        assertThat(report.conforms()).as("SHACL report: %d violations (printed above)", report.getEntries().size()).isTrue();
    }

    @Test
    void shapesCatchABrokenBatch() {
        // Negative control for the shapes: an agreement with one party only and no date.
        Graph broken = GraphFactory.createDefaultGraph();
        union.find().forEachRemaining(broken::add);
        Node agreement = NodeFactory.createURI("https://w3id.org/regiokg/id/agreement/test-broken");
        broken.add(Triple.create(agreement, RDF.type.asNode(), NodeFactory.createURI(RKG + "CooperationAgreement")));
        broken.add(Triple.create(agreement, NodeFactory.createURI(RKG + "party"), NodeFactory.createURI("https://w3id.org/regiokg/id/organisation/trilux")));
        assertThat(ShaclValidator.get().validate(Shapes.parse(shapesGraph), broken).conforms()).isFalse();
    }

    /**
     * Is the ontology with this data consistent? HermiT, an OWL 2 DL reasoner, over both as one
     * ontology (Jena's OWL rule reasoners need minutes for this graph; HermiT a second or two).
     * Datatypes outside OWL 2's map (xsd:gYear, xsd:gYearMonth) are left to the SHACL shapes.
     */
    static boolean consistent(Graph dataGraph) throws Exception {
        Graph all = GraphFactory.createDefaultGraph();
        ontologyGraph.find().forEachRemaining(all::add);
        dataGraph.find().forEachRemaining(all::add);
        ByteArrayOutputStream nt = new ByteArrayOutputStream();
        RDFDataMgr.write(nt, all, org.apache.jena.riot.RDFFormat.NTRIPLES);
        var manager = org.semanticweb.owlapi.apibinding.OWLManager.createOWLOntologyManager();
        var ontology = manager.loadOntologyFromOntologyDocument(
                new org.semanticweb.owlapi.io.StringDocumentSource(nt.toString(StandardCharsets.UTF_8)));
        var config = new org.semanticweb.HermiT.Configuration();
        config.ignoreUnsupportedDatatypes = true;
        config.throwInconsistentOntologyException = false;
        var reasoner = new org.semanticweb.HermiT.Reasoner(config, ontology);
        try {
            return reasoner.isConsistent();
        } finally {
            reasoner.dispose();
        }
    }

    @Test
    void owlReasonerFindsOntologyAndDataConsistent() throws Exception {
        assertThat(consistent(data)).as("HermiT: ontology + curated data + default import consistent").isTrue();
    }

    @Test
    void owlReasonerFindsAPlantedContradiction() throws Exception {
        // Organisations and places are disjoint (org:Organization owl:disjointWith geo:Feature, rkg:Place ⊑ geo:Feature):
        // Trilux typed as a municipality too must make the whole graph inconsistent.
        assertThat(ontology.contains(NodeFactory.createURI("http://www.w3.org/ns/org#Organization"), OWL.disjointWith.asNode(),
                NodeFactory.createURI("http://www.opengis.net/ont/geosparql#Feature"))).isTrue();
        Graph planted = GraphFactory.createDefaultGraph();
        data.find().forEachRemaining(planted::add);
        planted.add(Triple.create(NodeFactory.createURI("https://w3id.org/regiokg/id/organisation/trilux"), RDF.type.asNode(),
                NodeFactory.createURI(RKG + "Municipality")));
        assertThat(consistent(planted)).isFalse();
    }

    @Test
    void everyRkgTermUsedInTheDataIsDeclaredWithEnglishAndGermanLabels() throws Exception {
        Set<String> used = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(PROJECT.resolve("data"))) {
            files = walk.filter(p -> p.toString().endsWith(".trig")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            DatasetGraph ds = RDFDataMgr.loadDatasetGraph(file.toString());
            ds.find().forEachRemaining(q -> {
                for (Node n : List.of(q.getPredicate(), q.getObject(), q.getSubject()))
                    if (n.isURI() && n.getURI().startsWith(RKG)) used.add(n.getURI());
            });
        }
        // The default import's terms count too.
        data.find().forEachRemaining(t -> {
            for (Node n : List.of(t.getPredicate(), t.getObject()))
                if (n.isURI() && n.getURI().startsWith(RKG)) used.add(n.getURI());
        });
        assertThat(used).contains(RKG + "CooperationAgreement", RKG + "party", RKG + "WorldMarketLeaderDesignation");
        List<String> missing = new ArrayList<>();
        for (String term : used) {
            Node t = NodeFactory.createURI(term);
            boolean declared = ontology.contains(t, RDF.type.asNode(), Node.ANY);
            boolean en = hasLabel(t, "en"), de = hasLabel(t, "de");
            if (!declared || !en || !de)
                missing.add(term + (declared ? "" : " undeclared") + (en ? "" : " no-en-label") + (de ? "" : " no-de-label"));
        }
        assertThat(missing).as("rkg: terms used in data/ but not declared with en and de labels").isEmpty();
    }

    static boolean hasLabel(Node term, String lang) {
        Iterator<Triple> it = ontology.find(term, RDFS.label.asNode(), Node.ANY);
        while (it.hasNext()) {
            Node o = it.next().getObject();
            if (o.isLiteral() && o.getLiteralLanguage().equalsIgnoreCase(lang)) return true;
        }
        return false;
    }

    @Test
    void everyShapeTargetsAClassThatIsDeclaredOrUsed() {
        Model shapes = ModelFactory.createModelForGraph(shapesGraph);
        List<Resource> targets = new ArrayList<>();
        shapes.listObjectsOfProperty(shapes.createProperty(SH + "targetClass")).forEachRemaining(o -> targets.add(o.asResource()));
        assertThat(targets).isNotEmpty();
        List<String> unknown = new ArrayList<>();
        for (Resource c : targets) {
            Node n = c.asNode();
            boolean declared = union.contains(n, RDF.type.asNode(), OWL.Class.asNode())
                    || union.contains(n, RDF.type.asNode(), RDFS.Class.asNode());
            boolean used = data.contains(Node.ANY, RDF.type.asNode(), n);
            if (!declared && !used) unknown.add(c.getURI());
        }
        assertThat(unknown).as("sh:targetClass neither declared nor used").isEmpty();
    }
}
