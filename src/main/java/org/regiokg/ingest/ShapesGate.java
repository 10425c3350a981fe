package org.regiokg.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.validation.ReportEntry;
import org.regiokg.problem.Finding;

/** The SHACL shapes of {@code ontology/shapes.ttl}: what the graph's data must look like before it is written. */
public final class ShapesGate {
    private final Shapes shapes;

    public ShapesGate(Path shapesFile) {
        this.shapes = Shapes.parse(RDFDataMgr.loadGraph(shapesFile.toString()));
    }

    public Shapes shapes() {
        return shapes;
    }

    /**
     * Validates the data graph; every violation becomes a finding, with the row whose thing it is
     * where {@code rowOf} knows it.
     */
    public List<Finding> check(Graph data, Map<Node, Long> rowOf) {
        return findings(ShaclValidator.get().validate(shapes, data).getEntries(), rowOf);
    }

    /**
     * Validates only the given nodes of the data graph (each against every shape that targets it):
     * what a batch adds to a large store, without validating the whole store again.
     */
    public List<Finding> check(Graph data, Iterable<Node> focusNodes, Map<Node, Long> rowOf) {
        List<ReportEntry> entries = new ArrayList<>();
        for (Node focus : focusNodes) entries.addAll(ShaclValidator.get().validate(shapes, data, focus).getEntries());
        return findings(entries, rowOf);
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
