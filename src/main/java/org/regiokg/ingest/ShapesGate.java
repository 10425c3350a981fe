package org.regiokg.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.validation.ReportEntry;
import org.regiokg.problem.Finding;

/** The SHACL shapes of {@code ontology/shapes.ttl}: what the graph's data must look like before it is written. */
public final class ShapesGate {
    private record Parsed(Shapes shapes, Set<Node> inversePredicates) {}

    private final Path file;
    /** Null until the first use of a gate made {@link #atFirstUse}; guarded by this. */
    private Parsed parsed;

    /** Reads and parses the shapes now: a file that is not valid fails here. */
    public ShapesGate(Path shapesFile) {
        this.file = shapesFile;
        this.parsed = parse(shapesFile);
    }

    private ShapesGate(Path shapesFile, Void lazy) {
        this.file = shapesFile;
    }

    /**
     * Reads the shapes at the first check (on the checking thread), not now: a server's start that
     * imports nothing does not pay for SHACL's parse (a quarter of a second of a cold JVM's CPU).
     */
    public static ShapesGate atFirstUse(Path shapesFile) {
        return new ShapesGate(shapesFile, null);
    }

    private static Parsed parse(Path file) {
        Graph graph = RDFDataMgr.loadGraph(file.toString());
        return new Parsed(Shapes.parse(graph), inversePredicates(graph));
    }

    private synchronized Parsed parsed() {
        if (parsed == null) parsed = parse(file);
        return parsed;
    }

    public Shapes shapes() {
        return parsed().shapes();
    }

    /**
     * Validates the data graph; every violation becomes a finding, with the row whose thing it is
     * where {@code rowOf} knows it.
     */
    public List<Finding> check(Graph data, Map<Node, Long> rowOf) {
        return findings(ShaclValidator.get().validate(shapes(), data).getEntries(), rowOf);
    }

    /**
     * Validates only the given nodes of the data graph (each against every shape that targets it):
     * what a batch adds to a large store, without validating the whole store again.
     */
    public List<Finding> check(Graph data, Iterable<Node> focusNodes, Map<Node, Long> rowOf) {
        List<ReportEntry> entries = new ArrayList<>();
        for (Node focus : focusNodes) entries.addAll(ShaclValidator.get().validate(shapes(), data, focus).getEntries());
        return findings(entries, rowOf);
    }

    /**
     * Validates what a batch says about ({@code staged}'s subjects) against the store it joins, in an
     * in-memory graph of the batch and its neighbourhood only: the focus things' own triples in the
     * store, the triples pointing at them along the shapes' inverse paths, the triples of the things
     * they point to (their types and schemes, for sh:class and sh:node), and the class hierarchy. The
     * shapes use paths of one step (or alternatives of inverse steps), so this is all that decides
     * the focus things' conformance; its size follows the batch, not the store. Violations at other
     * nodes of the neighbourhood (cut off from their own triples) are not the batch's and are left out.
     */
    public List<Finding> checkAround(Graph staged, Graph store, Map<Node, Long> rowOf) {
        Set<Node> focus = new LinkedHashSet<>();
        staged.find().forEachRemaining(t -> focus.add(t.getSubject()));
        Graph data = GraphFactory.createDefaultGraph();
        staged.find().forEachRemaining(data::add);
        store.find(Node.ANY, RDFS.subClassOf.asNode(), Node.ANY).forEachRemaining(data::add);
        Set<Node> values = new HashSet<>();
        for (Node f : focus) {
            store.find(f, Node.ANY, Node.ANY).forEachRemaining(data::add);
            for (Node p : parsed().inversePredicates()) store.find(Node.ANY, p, f).forEachRemaining(t -> {
                data.add(t);
                values.add(t.getSubject());
            });
        }
        data.find().forEachRemaining(t -> {
            if (!t.getObject().isLiteral() && !t.getPredicate().equals(RDF.type.asNode()) && !t.getPredicate().equals(RDFS.subClassOf.asNode()))
                values.add(t.getObject());
        });
        values.removeAll(focus);
        for (Node v : values) store.find(v, Node.ANY, Node.ANY).forEachRemaining(data::add);
        List<ReportEntry> entries = new ArrayList<>(ShaclValidator.get().validate(shapes(), data).getEntries());
        entries.removeIf(e -> !focus.contains(e.focusNode()));
        return findings(entries, rowOf);
    }

    /** The predicates of the shapes' sh:inversePath steps: along them, what points at a thing is part of its shape. */
    private static Set<Node> inversePredicates(Graph shapesGraph) {
        Set<Node> out = new HashSet<>();
        shapesGraph.find(Node.ANY, NodeFactory.createURI("http://www.w3.org/ns/shacl#inversePath"), Node.ANY)
                .forEachRemaining(t -> { if (t.getObject().isURI()) out.add(t.getObject()); });
        return Set.copyOf(out);
    }

    private static List<Finding> findings(java.util.Collection<ReportEntry> entries, Map<Node, Long> rowOf) {
        List<Finding> findings = new ArrayList<>();
        for (ReportEntry e : entries) {
            String where = e.focusNode().isURI() ? "<" + e.focusNode().getURI() + ">" : e.focusNode().toString();
            String path = e.resultPath() == null ? "" : " " + e.resultPath();
            String message = "shape violation at " + where + path + ": " + e.message();
            Long row = rowOf.get(e.focusNode());
            findings.add(row == null ? Finding.file(message) : Finding.row(row, message));
        }
        return findings;
    }
}
