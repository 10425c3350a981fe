package org.regiokg.derive;

import java.util.HashSet;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Quad;

/**
 * What one write transaction changed, as far as the rules care: the things (subjects and IRI or
 * blank objects of added or removed quads) and the predicates. Past {@link #LIMIT} things, or when
 * whole graphs were cleared, only "everything" is kept.
 */
final class Changes {
    /** Beyond this many changed things, re-deriving everything is the cheaper way. */
    static final int LIMIT = 20_000;

    private final Set<Node> things = new HashSet<>();
    private final Set<Node> predicates = new HashSet<>();
    private boolean everything;
    private boolean any;

    void record(Node g, Node s, Node p, Node o) {
        if (Rule.isDerivedGraph(g)) return;  // the rules' own output, or a hand edit of it: not a source fact
        any = true;
        if (everything) return;
        predicates.add(p);
        things.add(s);
        if (!o.isLiteral()) things.add(o);
        if (things.size() > LIMIT) everything();
    }

    void record(Quad q) {
        record(q.getGraph(), q.getSubject(), q.getPredicate(), q.getObject());
    }

    void everything() {
        any = true;
        everything = true;
        things.clear();
        predicates.clear();
    }

    boolean isEmpty() {
        return !any;
    }

    boolean isEverything() {
        return everything;
    }

    Set<Node> things() {
        return things;
    }

    Set<Node> predicates() {
        return predicates;
    }
}
