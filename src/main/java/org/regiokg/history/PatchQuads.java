package org.regiokg.history;

import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.rdfpatch.RDFPatch;
import org.apache.jena.rdfpatch.changes.RDFChangesBase;
import org.apache.jena.sparql.core.Quad;
import org.regiokg.vocab.Vocabulary;

/** The quads a change set added and removed, read from its patch. */
record PatchQuads(Set<Quad> added, Set<Quad> removed) {
    static PatchQuads of(RDFPatch patch) {
        Set<Quad> added = new LinkedHashSet<>();
        Set<Quad> removed = new LinkedHashSet<>();
        patch.apply(new RDFChangesBase() {
            @Override
            public void add(Node g, Node s, Node p, Node o) {
                added.add(Quad.create(g, s, p, o));
            }

            @Override
            public void delete(Node g, Node s, Node p, Node o) {
                removed.add(Quad.create(g, s, p, o));
            }
        });
        return new PatchQuads(added, removed);
    }

    /** Without the rules' graphs: what the writer stated (the rules re-derive the rest). */
    PatchQuads stated() {
        Set<Quad> a = new LinkedHashSet<>(), r = new LinkedHashSet<>();
        added.stream().filter(q -> !Vocabulary.isDerivedGraph(q.getGraph().getURI())).forEach(a::add);
        removed.stream().filter(q -> !Vocabulary.isDerivedGraph(q.getGraph().getURI())).forEach(r::add);
        return new PatchQuads(a, r);
    }
}
