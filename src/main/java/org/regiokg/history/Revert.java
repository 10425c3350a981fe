package org.regiokg.history;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.RDF;
import org.regiokg.vocab.Vocabulary;

/**
 * Undoing one change set: its inverse (remove what it added, add back what it removed, in the graphs
 * it stated; the rules re-derive theirs), written as a new change set that names the one it reverts.
 * Refused, with nothing written, when later writes depend on it: a quad it added is gone or a quad
 * it removed is back (a later change set touched the same statement), or a thing it brought in (its
 * only {@code rdf:type}) is still spoken of by statements outside it.
 */
public final class Revert {
    /** How many reasons a refusal lists. */
    static final int SHOWN = 20;

    private Revert() {}

    /** The result: the new change set's sequence number and the quads it removed and added back. */
    public record Result(long sequence, long removed, long added) {}

    /** Reverts change set {@code sequence} through {@code dataset} (the store as writers see it). */
    public static Result revert(DatasetGraph dataset, ChangeLog log, long sequence, String who) {
        ChangeSet set = log.get(sequence).orElseThrow(() -> new Refused(404, "There is no change set " + sequence
                + "; the log runs from 1 to " + log.version() + ".", List.of()));
        PatchQuads stated = PatchQuads.of(log.readPatch(sequence)).stated();
        if (stated.added().isEmpty() && stated.removed().isEmpty())
            throw new Refused(409, "Change set " + sequence + " holds only derived facts (" + set.by().why()
                    + "); they follow from the other graphs and are not reverted on their own.", List.of());
        long before = log.version();
        try (var by = Attribution.of(who, "change set " + sequence, "revert of change set " + sequence).open()) {
            ChangeRecorder.REVERTING.set(sequence);
            Txn.executeWrite(dataset, () -> {
                List<String> reasons = dependents(dataset, stated);
                if (!reasons.isEmpty())
                    throw new Refused(409, "Change set " + sequence + " cannot be reverted: later writes depend on it.", reasons);
                stated.added().forEach(dataset::delete);
                stated.removed().forEach(dataset::add);
            });
        } finally {
            ChangeRecorder.REVERTING.remove();
        }
        return new Result(log.version() == before ? 0 : log.version(), stated.added().size(), stated.removed().size());
    }

    private static List<String> dependents(DatasetGraph ds, PatchQuads stated) {
        List<String> reasons = new ArrayList<>();
        for (Quad q : stated.added())
            if (reasons.size() < SHOWN && !ds.contains(q)) reasons.add("it added " + str(q) + ", which a later write removed");
        for (Quad q : stated.removed())
            if (reasons.size() < SHOWN && ds.contains(q)) reasons.add("it removed " + str(q) + ", which a later write added again");
        Node type = RDF.type.asNode();
        Set<Node> introduced = new HashSet<>();
        for (Quad q : stated.added()) if (q.getPredicate().equals(type)) introduced.add(q.getSubject());
        for (Node thing : introduced) {
            if (reasons.size() >= SHOWN) break;
            if (stillTyped(ds, thing, stated.added())) continue;
            Quad other = firstOutside(ds, thing, stated.added());
            if (other != null) reasons.add("it brought in " + thing + ", of which " + str(other) + " speaks, written outside it");
        }
        return reasons;
    }

    private static boolean stillTyped(DatasetGraph ds, Node thing, Set<Quad> going) {
        var it = ds.find(Node.ANY, thing, RDF.type.asNode(), Node.ANY);
        try {
            while (it.hasNext()) {
                Quad q = it.next();
                if (!going.contains(q) && !Vocabulary.isDerivedGraph(q.getGraph().getURI())) return true;
            }
            return false;
        } finally {
            Iter.close(it);
        }
    }

    private static Quad firstOutside(DatasetGraph ds, Node thing, Set<Quad> going) {
        for (boolean asSubject : new boolean[] {true, false}) {
            var it = asSubject ? ds.find(Node.ANY, thing, Node.ANY, Node.ANY) : ds.find(Node.ANY, Node.ANY, Node.ANY, thing);
            try {
                while (it.hasNext()) {
                    Quad q = it.next();
                    if (!going.contains(q) && !Vocabulary.isDerivedGraph(q.getGraph().getURI())) return q;
                }
            } finally {
                Iter.close(it);
            }
        }
        return null;
    }

    private static String str(Quad q) {
        return q.getSubject() + " " + q.getPredicate() + " " + q.getObject() + " (graph " + q.getGraph() + ")";
    }

    /** A revert that cannot be done, with the HTTP status that says why and the reasons. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final List<String> reasons;

        Refused(int status, String message, List<String> reasons) {
            super(message);
            this.status = status;
            this.reasons = List.copyOf(reasons);
        }

        public int status() {
            return status;
        }

        public List<String> reasons() {
            return reasons;
        }
    }
}
