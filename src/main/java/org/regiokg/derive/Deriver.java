package org.regiokg.derive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ARQ;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.path.Path;
import org.apache.jena.sparql.path.eval.PathEval;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.NodeIdInline;
import org.regiokg.vocab.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules over a dataset, inside the caller's write transaction: in full (the rule over the
 * whole store, its graph brought to that answer by writing the difference) or for what a write changed (each rule re-run for the changed things
 * only, with its focus bound to each). The dataset is the bare store, so what is written here is
 * not itself seen as a change.
 */
public final class Deriver {
    /** Each derived graph names the version of its rule, so a changed rule is re-run in full. */
    public static final Node RULE_DIGEST = NodeFactory.createURI(Vocabulary.DEF + "ruleDigest");

    private static final Logger LOG = LoggerFactory.getLogger(Deriver.class);
    /**
     * Focus things per incremental query: a VALUES block of this size keeps each query's joins and
     * the old/new difference small (memory bounded whatever the write), and costs a few ms to plan.
     */
    static final int CHUNK = 2_000;
    /**
     * A rule runs in full when its focus things number more than 1/FULL_SHARE of the store's quads.
     * A thing has some ten quads about it (an organisation ~13 in an import, ~25 in the synthetic
     * graph), so this is a write that touches most of the store; there one scan of the rule's
     * pattern beats a look-up per thing (measured at 10^4: BENCHMARKS.md, wave 3).
     */
    static final int FULL_SHARE = 8;

    private final List<Rule> rules;
    /** Per rule, the predicates its WHERE reads (empty: any); see {@link RuleInputs}. */
    private final Map<String, Optional<Set<Node>>> inputs = new HashMap<>();
    /** Per rule, where its focus must occur for a thing to have answers; see {@link FocusPositions}. */
    private final Map<String, Optional<FocusPositions>> positions = new HashMap<>();
    private final int chunk;
    private final int fullShare;

    public Deriver(List<Rule> rules) {
        this(rules, CHUNK, FULL_SHARE);
    }

    private Deriver(List<Rule> rules, int chunk, int fullShare) {
        this.rules = List.copyOf(rules);
        for (Rule r : this.rules) {
            inputs.put(r.name(), RuleInputs.predicates(r));
            positions.put(r.name(), FocusPositions.of(r));
        }
        this.chunk = chunk;
        this.fullShare = fullShare;
    }

    /** The same rules, {@code n} focus things per incremental query (tests use a few). */
    public Deriver chunked(int n) {
        return new Deriver(rules, n, fullShare);
    }

    /** The same rules, run in full only when the focus things are more than 1/{@code share} of the store's quads. */
    public Deriver fullAbove(int share) {
        return new Deriver(rules, chunk, share);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The predicates whose changed statements some rule follows from their subject ({@code reach-from-subject}). */
    Set<Node> subjectPredicates() {
        Set<Node> ps = new HashSet<>();
        rules.forEach(r -> ps.addAll(r.reachFromSubject().keySet()));
        return ps;
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
                steps.add(runFull(ds, r, null));
            }
        }
        return steps;
    }

    /** Re-derives what the changes affect: incremental where the rule allows it, else in full. */
    List<Step> update(DatasetGraph ds, Changes changes) {
        List<Step> steps = new ArrayList<>();
        // What the rules before derived anew, by predicate (for the rules that read it). A full run
        // notes its difference too, so the rules after it stay incremental.
        Map<Node, Set<Node>> derived = new HashMap<>();
        StoreSize size = new StoreSize(ds);
        for (Rule r : rules) {
            String why = changes.isEverything() ? "the store was cleared or the write was a bulk load"
                    : r.focus().isEmpty() ? "it has no focus"
                    : r.fullOn().stream().anyMatch(changes.predicates()::contains) ? "a full-on predicate changed"
                    : null;
            Set<Node> focus = why != null ? Set.of() : focus(ds, r, touched(r, changes, derived), changes);
            if (why == null && !size.moreThan((long) fullShare * focus.size()))
                why = "its " + focus.size() + " focus things are more than 1/" + fullShare + " of the store's quads";
            if (why != null) {
                LOG.info("Deriving {} in full: {}", r.name(), why);
                steps.add(runFull(ds, r, changes.isEverything() ? null : derived));
            } else {
                steps.add(runInChunks(ds, r, focus, derived));
            }
        }
        return steps;
    }

    /**
     * The changed things a rule must look at: those of the changed quads whose predicate its WHERE
     * reads (source quads, and what the rules before it derived anew); a change to other predicates
     * cannot change its output. A rule that reads any predicate gets every changed thing.
     */
    private Set<Node> touched(Rule r, Changes changes, Map<Node, Set<Node>> derived) {
        Optional<Set<Node>> reads = inputs.get(r.name());
        Set<Node> touched = new HashSet<>();
        if (reads.isEmpty()) {
            touched.addAll(changes.things());
            derived.values().forEach(touched::addAll);
            return touched;
        }
        for (Node p : reads.get()) {
            touched.addAll(changes.byPredicate().getOrDefault(p, Set.of()));
            touched.addAll(derived.getOrDefault(p, Set.of()));
        }
        return touched;
    }

    /** The incremental run over a chunk of focus things at a time, so its cost and memory follow the change, not the store. */
    private Step runInChunks(DatasetGraph ds, Rule r, Set<Node> focus, Map<Node, Set<Node>> derived) {
        long t = System.nanoTime();
        List<Node> all = new ArrayList<>(focus);
        Map<Node, Set<Node>> changed = new HashMap<>();
        long written = 0;
        for (int i = 0; i < all.size(); i += chunk)
            written += runFor(ds, r, positions.get(r.name()), all.subList(i, Math.min(all.size(), i + chunk)), changed);
        // The things the rule's output names, for the rules that come after (not for this rule's later chunks).
        changed.forEach((p, things) -> derived.computeIfAbsent(p, k -> new HashSet<>()).addAll(things));
        return new Step(r.name(), false, focus.size(), written, (System.nanoTime() - t) / 1e6);
    }

    /**
     * The store's quads, counted only as far as asked: a bound of {@code fullShare} quads per focus
     * thing makes the count cost in proportion to the change.
     */
    private static final class StoreSize {
        private final DatasetGraph ds;
        private long counted;
        private boolean all;

        StoreSize(DatasetGraph ds) {
            this.ds = ds;
        }

        boolean moreThan(long n) {
            if (counted > n) return true;
            if (all) return false;
            // TDB2's quad index as tuples of ids (no node decoded per quad), else the dataset's quads.
            java.util.Iterator<?> it = quadIds(ds).orElseGet(ds::find);
            try {
                long seen = 0;
                while (it.hasNext() && seen <= n) { it.next(); seen++; }
                counted = Math.max(counted, seen);
                if (!it.hasNext()) all = true;
                return seen > n;
            } finally {
                Iter.close(it);
            }
        }
    }

    private static Optional<java.util.Iterator<?>> quadIds(DatasetGraph ds) {
        DatasetGraph d = ds;
        while (!org.apache.jena.tdb2.sys.TDBInternal.isTDB2(d) && d instanceof org.apache.jena.sparql.core.DatasetGraphWrapper w) d = w.getWrapped();
        if (!org.apache.jena.tdb2.sys.TDBInternal.isTDB2(d)) return Optional.empty();
        return Optional.of(org.apache.jena.tdb2.sys.TDBInternal.getDatasetGraphTDB(d).getQuadTable().getNodeTupleTable().findAll());
    }

    private static Set<Node> focus(DatasetGraph ds, Rule r, Set<Node> touched, Changes changes) {
        Set<Node> focus = new HashSet<>();
        for (Node t : touched) if (!t.isLiteral()) focus.add(t);
        Graph union = ds.getUnionGraph();
        // From the subject of a changed statement only (a class: down to its instances), before the rule's reach.
        r.reachFromSubject().forEach((p, path) -> {
            for (Node s : changes.subjectsOf(p)) follow(union, s, path, focus);
        });
        r.reach().ifPresent(path -> {
            for (Node t : List.copyOf(focus)) follow(union, t, path, focus);
        });
        return focus;
    }

    private static void follow(Graph union, Node from, Path path, Set<Node> into) {
        var it = PathEval.eval(union, from, path, ARQ.getContext());
        try {
            it.forEachRemaining(into::add);
        } finally {
            Iter.close(it);
        }
    }

    /**
     * The rule over the whole store, written as the difference to what its graph holds: a graph that
     * is already mostly right (a rule run again for a changed class hierarchy, a store written around
     * the rules, a new version of a rule) is neither emptied nor filled again, and only what changed
     * goes to the change log; an empty graph (a new or bulk-loaded store) is simply filled. What was
     * written is noted in {@code changed} for the rules after this one (null: they run in full anyway).
     */
    private static Step runFull(DatasetGraph ds, Rule r, Map<Node, Set<Node>> changed) {
        long t = System.nanoTime();
        Set<Quad> now = new HashSet<>();
        quads(r, construct(ds, r, null), now);
        now.add(Quad.create(r.graph(), r.graph(), RULE_DIGEST, NodeFactory.createLiteralString(r.digest())));
        // Read before anything is written: what the graph holds and the rule no longer says.
        List<Quad> gone = new ArrayList<>();
        Iter.forEach(ds.find(r.graph(), Node.ANY, Node.ANY, Node.ANY), q -> {
            if (!now.remove(q)) gone.add(q);
        });
        long written = 0;
        for (Quad q : gone) { ds.delete(q); note(q, changed); written++; }
        for (Quad q : now) { ds.add(q); note(q, changed); written++; }
        return new Step(r.name(), true, 0, written, (System.nanoTime() - t) / 1e6);
    }

    /** Re-derives the rule for some focus things; writes only the difference; returns the quads written. */
    private static long runFor(DatasetGraph ds, Rule r, Optional<FocusPositions> where, List<Node> things, Map<Node, Set<Node>> changed) {
        Node g = r.graph();
        // What was derived about these things (for a symmetric rule, also what points at them) ...
        Set<Quad> old = new HashSet<>();
        List<Node> focus = new ArrayList<>(things.size());
        for (Node f : things) {
            int before = old.size();
            Iter.forEach(ds.find(g, f, Node.ANY, Node.ANY), old::add);
            if (r.symmetric()) Iter.forEach(ds.find(g, Node.ANY, Node.ANY, f), old::add);
            // ... and only the things that can have answers, or had some, are asked about.
            if (old.size() > before || where.isEmpty() || where.get().occurs(ds, f)) focus.add(f);
        }
        old.removeIf(q -> q.getPredicate().equals(RULE_DIGEST));
        // ... against what the rule says now: only the difference is written, and the things it
        // names are touched for the rules that come after.
        Set<Quad> now = new HashSet<>();
        if (!focus.isEmpty()) quads(r, construct(ds, r, focus), now);
        long written = 0;
        for (Quad q : old) if (!now.contains(q)) { ds.delete(q); note(q, changed); written++; }
        for (Quad q : now) if (!old.contains(q)) { ds.add(q); note(q, changed); written++; }
        return written;
    }

    private static void note(Quad q, Map<Node, Set<Node>> changed) {
        if (changed == null) return;
        Set<Node> of = changed.computeIfAbsent(q.getPredicate(), k -> new HashSet<>());
        of.add(q.getSubject());
        if (!q.getObject().isLiteral()) of.add(q.getObject());
    }

    private static void quads(Rule r, Graph derived, Set<Quad> into) {
        derived.find().forEachRemaining(tr -> {
            into.add(Quad.create(r.graph(), tr.getSubject(), tr.getPredicate(), asStored(tr.getObject())));
            if (r.symmetric() && !tr.getObject().isLiteral())
                into.add(Quad.create(r.graph(), tr.getObject(), tr.getPredicate(), tr.getSubject()));
        });
    }

    /**
     * A literal as TDB2 gives it back: values it keeps in the index itself (numbers, dates) come back
     * in their canonical form ({@code "7.9"^^xsd:double} as {@code "7.9E0"}), so a fact derived again
     * equals the one stored and is not written again.
     */
    private static Node asStored(Node o) {
        if (!o.isLiteral()) return o;
        NodeId inline = NodeIdInline.inline(o);
        return inline == null ? o : NodeIdInline.extract(inline);
    }

    private static Graph construct(DatasetGraph ds, Rule r, java.util.Collection<Node> focus) {
        var query = focus == null ? r.query() : Focus.narrow(r.query(), r.focus().orElseThrow(), focus);
        // Derivation is part of the write: the readers' query timeout does not apply.
        return QueryExec.dataset(ds).query(query).set(ARQ.queryTimeout, "-1").build().construct();
    }
}
