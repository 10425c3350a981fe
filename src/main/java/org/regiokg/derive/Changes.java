package org.regiokg.derive;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Quad;

/**
 * What one write transaction changed, as far as the rules care: the things (subjects and IRI or
 * blank objects of added or removed quads) and the predicates. When whole graphs were cleared, or
 * past {@link #KEPT} things (a bound on memory, not on cost: the rules are derived in chunks of
 * changed things), only "everything" is kept.
 */
final class Changes {
    /** About 100 MB of set entries; a write this large is a bulk load, whose store is derived in full. */
    static final int KEPT = 2_000_000;

    private final int kept;
    private final Set<Node> things = new HashSet<>();
    /** The things of the changed quads, by the quads' predicate: a rule's changed things are those of the predicates it reads. */
    private final Map<Node, Set<Node>> byPredicate = new HashMap<>();
    /** For the predicates some rule reaches from the subject only: the subjects of the changed quads. */
    private final Map<Node, Set<Node>> subjectsByPredicate = new HashMap<>();
    private final Set<Node> subjectPredicates;
    private boolean everything;
    private boolean any;

    Changes() {
        this(KEPT, Set.of());
    }

    /** Also keeps the subjects of the changed quads with one of {@code subjectPredicates}. */
    Changes(Set<Node> subjectPredicates) {
        this(KEPT, subjectPredicates);
    }

    Changes(int kept, Set<Node> subjectPredicates) {
        this.kept = kept;
        this.subjectPredicates = Set.copyOf(subjectPredicates);
    }

    void record(Node g, Node s, Node p, Node o) {
        if (Rule.isDerivedGraph(g)) return;  // the rules' own output, or a hand edit of it: not a source fact
        any = true;
        if (everything) return;
        Set<Node> of = byPredicate.computeIfAbsent(p, k -> new HashSet<>());
        things.add(s);
        of.add(s);
        if (subjectPredicates.contains(p)) subjectsByPredicate.computeIfAbsent(p, k -> new HashSet<>()).add(s);
        if (!o.isLiteral()) { things.add(o); of.add(o); }
        if (things.size() > kept) everything();
    }

    void record(Quad q) {
        record(q.getGraph(), q.getSubject(), q.getPredicate(), q.getObject());
    }

    void everything() {
        any = true;
        everything = true;
        things.clear();
        byPredicate.clear();
        subjectsByPredicate.clear();
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
        return byPredicate.keySet();
    }

    /** The subjects of the changed quads with predicate {@code p}, if it was asked to keep them. */
    Set<Node> subjectsOf(Node p) {
        return subjectsByPredicate.getOrDefault(p, Set.of());
    }

    /** The things of the changed quads with one of these predicates (all the things when empty: a rule that reads any). */
    Map<Node, Set<Node>> byPredicate() {
        return byPredicate;
    }
}
