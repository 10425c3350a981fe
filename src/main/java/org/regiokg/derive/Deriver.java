package org.regiokg.derive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ARQ;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.path.eval.PathEval;
import org.regiokg.vocab.Vocabulary;

/**
 * Runs the rules over a dataset, inside the caller's write transaction: in full (each rule's graph
 * emptied and filled again) or for what a write changed (each rule re-run for the changed things
 * only, with its focus bound to each). The dataset is the bare store, so what is written here is
 * not itself seen as a change.
 */
public final class Deriver {
    /** Each derived graph names the version of its rule, so a changed rule is re-run in full. */
    public static final Node RULE_DIGEST = NodeFactory.createURI(Vocabulary.DEF + "ruleDigest");

    private final List<Rule> rules;

    public Deriver(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** How one run went, rule by rule: full or incremental, things looked at, triples written, ms. */
    public record Step(String rule, boolean full, int focus, long triples, double millis) {
        @Override
        public String toString() {
            return rule + (full ? " full" : " incremental over " + focus + " things") + ": " + triples + " triples in "
                    + String.format(java.util.Locale.ROOT, "%.1f", millis) + " ms";
        }
    }

    /** Re-derives every rule's graph in full. */
    public List<Step> full(DatasetGraph ds) {
        Changes all = new Changes();
        all.everything();
        return update(ds, all);
    }

    /** The rules whose graph is missing or was derived by another version of the rule (read in a transaction). */
    public List<Rule> stale(DatasetGraph ds) {
        List<Rule> stale = new ArrayList<>();
        for (Rule r : rules)
            if (!ds.contains(r.graph(), r.graph(), RULE_DIGEST, NodeFactory.createLiteralString(r.digest()))) stale.add(r);
        return stale;
    }

    /** Re-derives the stale rules (and the rules that read them) in full. */
    public List<Step> refresh(DatasetGraph ds, List<Rule> stale) {
        Set<String> full = new HashSet<>();
        stale.forEach(r -> full.add(r.name()));
        List<Step> steps = new ArrayList<>();
        for (Rule r : rules) {
            if (full.contains(r.name()) || r.after().stream().anyMatch(full::contains)) {
                full.add(r.name());
                steps.add(runFull(ds, r, new HashSet<>()));
            }
        }
        return steps;
    }

    /** Re-derives what the changes affect: incremental where the rule allows it, else in full. */
    List<Step> update(DatasetGraph ds, Changes changes) {
        List<Step> steps = new ArrayList<>();
        Set<Node> touched = new HashSet<>(changes.things());
        Set<String> ranFull = new HashSet<>();
        for (Rule r : rules) {
            boolean full = changes.isEverything() || r.focus().isEmpty()
                    || r.fullOn().stream().anyMatch(changes.predicates()::contains)
                    || r.after().stream().anyMatch(ranFull::contains);
            long t0 = System.nanoTime();
            Set<Node> focus = full ? Set.of() : focus(ds, r, touched);
            if (!full) org.slf4j.LoggerFactory.getLogger(Deriver.class).debug("focus of {}: {} in {} ms", r.name(), focus.size(), (System.nanoTime() - t0) / 1_000_000);
            if (!full && focus.size() > Changes.LIMIT) full = true;
            if (full) {
                ranFull.add(r.name());
                steps.add(runFull(ds, r, touched));
            } else {
                steps.add(runFor(ds, r, focus, touched));
            }
        }
        return steps;
    }

    private static Set<Node> focus(DatasetGraph ds, Rule r, Set<Node> touched) {
        Set<Node> focus = new HashSet<>();
        for (Node t : touched) if (!t.isLiteral()) focus.add(t);
        r.reach().ifPresent(path -> {
            Graph union = ds.getUnionGraph();
            for (Node t : List.copyOf(focus)) {
                var it = PathEval.eval(union, t, path, ARQ.getContext());
                try {
                    it.forEachRemaining(focus::add);
                } finally {
                    Iter.close(it);
                }
            }
        });
        return focus;
    }

    private static Step runFull(DatasetGraph ds, Rule r, Set<Node> touched) {
        long t = System.nanoTime();
        ds.deleteAny(r.graph(), Node.ANY, Node.ANY, Node.ANY);
        Graph derived = construct(ds, r, null);
        long written = write(ds, r, derived);
        ds.add(r.graph(), r.graph(), RULE_DIGEST, NodeFactory.createLiteralString(r.digest()));
        return new Step(r.name(), true, 0, written, (System.nanoTime() - t) / 1e6);
    }

    private static Step runFor(DatasetGraph ds, Rule r, Set<Node> focus, Set<Node> touched) {
        long t = System.nanoTime();
        Node g = r.graph();
        // What was derived about these things (for a symmetric rule, also what points at them) ...
        Set<Quad> old = new HashSet<>();
        for (Node f : focus) {
            Iter.forEach(ds.find(g, f, Node.ANY, Node.ANY), old::add);
            if (r.symmetric()) Iter.forEach(ds.find(g, Node.ANY, Node.ANY, f), old::add);
        }
        old.removeIf(q -> q.getPredicate().equals(RULE_DIGEST));
        // ... against what the rule says now: only the difference is written, and the things it
        // names are touched for the rules that come after.
        Set<Quad> now = new HashSet<>();
        if (!focus.isEmpty()) quads(r, construct(ds, r, focus), now);
        Set<Node> changed = new HashSet<>();
        long written = 0;
        for (Quad q : old) if (!now.contains(q)) { ds.delete(q); note(q, changed); written++; }
        for (Quad q : now) if (!old.contains(q)) { ds.add(q); note(q, changed); written++; }
        touched.addAll(changed);
        return new Step(r.name(), false, focus.size(), written, (System.nanoTime() - t) / 1e6);
    }

    private static void note(Quad q, Set<Node> changed) {
        changed.add(q.getSubject());
        if (!q.getObject().isLiteral()) changed.add(q.getObject());
    }

    private static void quads(Rule r, Graph derived, Set<Quad> into) {
        derived.find().forEachRemaining(tr -> {
            into.add(Quad.create(r.graph(), tr));
            if (r.symmetric() && !tr.getObject().isLiteral())
                into.add(Quad.create(r.graph(), tr.getObject(), tr.getPredicate(), tr.getSubject()));
        });
    }

    private static Graph construct(DatasetGraph ds, Rule r, Set<Node> focus) {
        var query = focus == null ? r.query() : Focus.narrow(r.query(), r.focus().orElseThrow(), focus);
        // Derivation is part of the write: the readers' query timeout does not apply.
        return QueryExec.dataset(ds).query(query).set(ARQ.queryTimeout, "-1").build().construct();
    }

    private static long write(DatasetGraph ds, Rule r, Graph derived) {
        Set<Quad> quads = new HashSet<>();
        quads(r, derived, quads);
        quads.forEach(ds::add);
        return quads.size();
    }
}
