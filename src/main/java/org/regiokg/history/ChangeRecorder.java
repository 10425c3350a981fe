package org.regiokg.history;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.dboe.storage.system.DatasetGraphStorage;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.sparql.core.GraphView;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;

/**
 * The layer that records every write (directly over TDB2, under the derived facts, so that what the
 * rules derive from a write is in the same change set, in its {@code graph/derived/} graphs). It keeps
 * the net change of the write transaction (a quad removed and added again is no change; adding what
 * is there is none either), and when the transaction commits with a change, writes it to the
 * {@link ChangeLog} as part of the commit. A write that changes nothing records nothing.
 */
public final class ChangeRecorder extends DatasetGraphWrapper implements org.regiokg.layers.WrittenBeneath {

    private final DatasetGraph base;
    private final ChangeLog log;
    private final ThreadLocal<Map<Quad, Boolean>> pending = new ThreadLocal<>();
    /**
     * Per graph this write touched: true when every quad it had when the transaction began is known
     * (it had none, or the write removed them all, each noted), so an add or delete there needs no
     * look-up in the store: the note of changes alone says whether the quad was there.
     */
    private final ThreadLocal<Map<Node, Boolean>> known = new ThreadLocal<>();
    /** Set while {@link #counted} runs: this thread's writes are counted per graph, not listed. */
    private final ThreadLocal<Map<String, GraphCounts>> counting = new ThreadLocal<>();
    /** The graph a change set names for writes around RegioKG, which it can neither list nor count. */
    public static final String WRITTEN_AROUND = "urn:x-regiokg:written-around";
    /** Set by a revert for the change set it writes. */
    static final ThreadLocal<Long> REVERTING = new ThreadLocal<>();

    private ChangeRecorder(DatasetGraph base, ChangeLog log) {
        super(base);
        this.base = base;
        this.log = log;
    }

    /** Records the writes to TDB2 {@code base}, in {@code storeDir/history} (or in memory). */
    public static ChangeRecorder over(DatasetGraph base, Optional<Path> storeDir) {
        DatasetGraphStorage s = VersionMark.storage(base);
        long committed = s == null ? 0 : Txn.calculateRead(base, () -> VersionMark.read(s));
        ChangeLog log = storeDir.map(d -> ChangeLog.open(d, committed)).orElseGet(ChangeLog::inMemory);
        return new ChangeRecorder(base, log);
    }

    /** The recorder among a dataset's wrappers, if it has one. */
    public static Optional<ChangeRecorder> in(DatasetGraph ds) {
        for (DatasetGraph d = ds; d != null; d = d instanceof DatasetGraphWrapper w ? w.getWrapped() : null)
            if (d instanceof ChangeRecorder r) return Optional.of(r);
        return Optional.empty();
    }

    public ChangeLog log() {
        return log;
    }

    /**
     * Runs {@code writes} (on this thread) so that each of their transactions is recorded as one change
     * set that counts its quads per graph instead of listing them: for the rebuild of the derived graphs
     * when a store opens, millions of facts that the rules give again. Versions before such a change set
     * cannot be rebuilt ({@link ChangeLog#rebuiltAt}); nor could they after TDB2's bulk loader, which it follows.
     */
    public <T> T counted(java.util.function.Supplier<T> writes) {
        return counted(writes, false);
    }

    /**
     * As {@link #counted(java.util.function.Supplier)}; when {@code writtenAround} (the store was
     * written around RegioKG since it was last open, e.g. by TDB2's bulk loader), the first write
     * transaction records its change set even when it changes nothing itself: the data's version then
     * moves past what was kept for the old one (graph sizes, planner counts), and no version before
     * it is rebuilt from a log that never saw those writes. The set names {@link #WRITTEN_AROUND}.
     */
    public <T> T counted(java.util.function.Supplier<T> writes, boolean writtenAround) {
        java.util.TreeMap<String, GraphCounts> counts = new java.util.TreeMap<>();
        if (writtenAround) counts.put(WRITTEN_AROUND, new GraphCounts(0, 0));
        counting.set(counts);
        try {
            return writes.get();
        } finally {
            counting.remove();
        }
    }

    private void count(Node g, long added, long removed) {
        counting.get().merge(g.toString(), new GraphCounts(added, removed),
                (a, b) -> new GraphCounts(a.added() + b.added(), a.removed() + b.removed()));
    }

    // ---- noting the net change

    private Map<Quad, Boolean> noted() {
        Map<Quad, Boolean> m = pending.get();
        if (m == null) pending.set(m = new LinkedHashMap<>());
        return m;
    }

    /** True when the graph's quads at the transaction's start are all known; decided at the first touch of the graph. */
    private boolean wholeKnown(Node g) {
        Map<Node, Boolean> k = known.get();
        if (k == null) known.set(k = new java.util.HashMap<>());
        Boolean whole = k.get(g);
        if (whole == null) k.put(g, whole = !base.containsGraph(g));
        return whole;
    }

    /**
     * Notes a quad that a bulk writer is about to add to the store under this recorder, inside a
     * write transaction of a dataset over it (an RDF load): recorded with the commit like the
     * recorder's own writes. Called before the quad is written.
     */
    @Override
    public void written(Node g, Node s, Node p, Node o) {
        added(Quad.create(g, s, p, o));
    }

    private void added(Quad q) {
        if (counting.get() != null) {
            count(q.getGraph(), 1, 0);
            return;
        }
        Map<Quad, Boolean> m = noted();
        Boolean was = m.get(q);
        if (was == null) {
            if (wholeKnown(q.getGraph()) || !base.contains(q)) m.put(q, Boolean.TRUE);
        } else if (!was) {
            m.remove(q);  // removed earlier in this write, back now: no change
        }
    }

    private void removed(Quad q) {
        if (counting.get() != null) {
            count(q.getGraph(), 0, 1);
            return;
        }
        Map<Quad, Boolean> m = noted();
        Boolean was = m.get(q);
        if (was == null) {
            if (!wholeKnown(q.getGraph()) && base.contains(q)) m.put(q, Boolean.FALSE);
        } else if (was) {
            m.remove(q);
        }
    }

    /** A quad the store holds now (found by a delete of a pattern) is removed: no look-up needed. */
    private void removedPresent(Quad q) {
        if (counting.get() != null) {
            count(q.getGraph(), 0, 1);
            return;
        }
        Map<Quad, Boolean> m = noted();
        if (m.get(q) == null) m.put(q, Boolean.FALSE);
        else m.remove(q);  // added earlier in this write (it is there now, so not removed before)
    }

    @Override
    public void add(Quad quad) {
        if (!quad.isDefaultGraph()) added(quad);
        super.add(quad);
    }

    @Override
    public void add(Node g, Node s, Node p, Node o) {
        add(Quad.create(g, s, p, o));
    }

    @Override
    public void delete(Quad quad) {
        removed(quad);
        super.delete(quad);
    }

    @Override
    public void delete(Node g, Node s, Node p, Node o) {
        delete(Quad.create(g, s, p, o));
    }

    @Override
    public void deleteAny(Node g, Node s, Node p, Node o) {
        if (counting.get() != null && g.isConcrete()) {
            count(g, 0, Iter.count(base.find(g, s, p, o)));
            super.deleteAny(g, s, p, o);
            return;
        }
        // Removed one by one, so that what was removed is known (and TDB2 does the same inside).
        boolean wholeGraph = g.isConcrete() && !s.isConcrete() && !p.isConcrete() && !o.isConcrete() && counting.get() == null;
        if (wholeGraph) wholeKnown(g);
        var it = base.find(g, s, p, o);
        try {
            for (Quad q : Iter.toList(it)) {
                removedPresent(q);
                super.delete(q);
            }
        } finally {
            Iter.close(it);
        }
        // Every quad the graph had is noted now: what is added to it next needs no look-up.
        if (wholeGraph) known.get().put(g, Boolean.TRUE);
    }

    @Override
    public void addGraph(Node graphName, Graph graph) {
        graph.find().forEachRemaining(t -> add(Quad.create(graphName, t)));
    }

    @Override
    public void removeGraph(Node graphName) {
        deleteAny(graphName, Node.ANY, Node.ANY, Node.ANY);
    }

    @Override
    public void clear() {
        deleteAny(Node.ANY, Node.ANY, Node.ANY, Node.ANY);
    }

    @Override
    public Graph getDefaultGraph() {
        return GraphView.createDefaultGraph(this);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        return GraphView.createNamedGraph(this, graphNode);
    }

    // ---- recording with the commit

    @Override
    public void commit() {
        Map<Quad, Boolean> changes = pending.get();
        pending.remove();
        known.remove();
        Map<String, GraphCounts> counts = counting.get();
        boolean writing = base.isInTransaction() && base.transactionMode() == ReadWrite.WRITE;
        boolean listed = changes != null && !changes.isEmpty();
        boolean counted = counts != null && !counts.isEmpty();
        if (!writing || !(listed || counted)) {
            super.commit();
            return;
        }
        Attribution by = Attribution.current().orElse(Attribution.UNATTRIBUTED);
        Long reverting = REVERTING.get();
        ChangeLog.Pending p = counted ? log.writeCounted(Map.copyOf(counts), by)
                : log.write(changes, by, reverting == null ? OptionalLong.empty() : OptionalLong.of(reverting));
        if (counted) counts.clear();
        try {
            // Looked up at each commit: compaction swaps the storage under the switchable dataset.
            DatasetGraphStorage storage = VersionMark.storage(base);
            if (storage != null) {
                // The sizes per graph change with the data, in its transaction (GraphSizes).
                GraphSizes.apply(storage, counted ? sizeChanges(storage, counts) : sizeChanges(changes), p.set().sequence());
                VersionMark.write(storage, p.set().sequence());
            }
            super.commit();
        } catch (RuntimeException e) {
            log.discard(p);
            throw e;
        }
        log.committed(p);
    }

    /** The net change per graph of a listed write: every noted quad is a change (see added/removed). */
    private static Map<String, Long> sizeChanges(Map<Quad, Boolean> changes) {
        Map<String, Long> delta = new java.util.HashMap<>();
        changes.forEach((q, added) -> {
            if (!q.isDefaultGraph() && q.getGraph().isURI()) delta.merge(q.getGraph().getURI(), added ? 1L : -1L, Long::sum);
        });
        delta.values().removeIf(d -> d == 0);
        return delta;
    }

    /**
     * The net change per graph of a counted write: its removals are exact, its additions are not (a
     * quad the rules give twice is counted twice), so a graph it added to is counted again, whole.
     */
    private static Map<String, Long> sizeChanges(DatasetGraphStorage storage, Map<String, GraphCounts> counts) {
        Map<String, Long> delta = new java.util.HashMap<>();
        Map<String, Long> before = new java.util.HashMap<>();
        counts.forEach((g, c) -> {
            if (!g.startsWith("_:") && g.contains(":") && !g.equals(WRITTEN_AROUND)) {  // graph IRIs (blank-node graphs are not sized)
                if (c.added() == 0) delta.put(g, -c.removed());
                else before.put(g, c.removed());
            }
        });
        if (!before.isEmpty()) {
            Map<String, Long> was = GraphSizes.all(storage).orElse(null);
            if (was == null) return Map.of();  // not known before the write: nothing to add to (GraphSizes.apply)
            before.keySet().forEach(g -> delta.put(g, GraphSizes.countNow(storage, g) - was.getOrDefault(g, 0L)));
        }
        return delta;
    }

    @Override
    public void abort() {
        pending.remove();
        known.remove();
        if (counting.get() != null) counting.get().clear();
        super.abort();
    }

    @Override
    public void end() {
        pending.remove();
        known.remove();
        super.end();
    }
}
