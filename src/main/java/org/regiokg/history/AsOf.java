package org.regiokg.history;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;
import org.apache.jena.riot.system.PrefixMap;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphBaseFind;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.core.GraphView;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.util.Context;

/**
 * The store as it was at an earlier version, for reading: the current store, less what the change
 * sets since then added, plus what they removed (both gathered by reading those patches newest
 * first). Nothing is copied but the difference, held in memory; queries over it run in ARQ's general
 * engine (not TDB2's), so they are slower than over the store itself. Its default graph is the union
 * of its named graphs, like the store's.
 */
public final class AsOf extends DatasetGraphBaseFind {
    private final DatasetGraph base;
    private final Set<Quad> hidden;
    private final DatasetGraph shown;
    private final Context context;
    private final long version;
    private final long difference;

    private AsOf(DatasetGraph base, Set<Quad> hidden, DatasetGraph shown, long version, long difference) {
        this.base = base;
        this.hidden = hidden;
        this.shown = shown;
        this.version = version;
        this.difference = difference;
        this.context = base.getContext().copy();
    }

    /**
     * The store at {@code version}, or a refusal when the version is outside the log or its
     * difference to now exceeds {@code maxDifference} quads (the memory it would take).
     */
    public static AsOf at(DatasetGraph current, ChangeLog log, long version, long maxDifference) {
        if (version < 0 || version > log.version())
            throw new Revert.Refused(404, "There is no version " + version + "; versions run from 0 to " + log.version() + ".", java.util.List.of());
        long rebuilt = log.rebuiltAt();
        if (version < rebuilt)
            throw new Revert.Refused(410, "Version " + version + " cannot be rebuilt: change set " + rebuilt + " rebuilt the derived graphs "
                    + "when the store opened without listing them (after data written outside RegioKG, e.g. TDB2's bulk loader, "
                    + "or a changed rule). Versions from " + rebuilt + " on can be asked for.", java.util.List.of());
        Set<Quad> hidden = new HashSet<>();
        Set<Quad> shownSet = new HashSet<>();
        for (ChangeSet set : log.newestAfter(version)) {
            PatchQuads q = PatchQuads.of(log.readPatch(set.sequence()));
            // Undo, newest first: what it added goes, what it removed comes back.
            for (Quad a : q.added()) if (!shownSet.remove(a)) hidden.add(a);
            for (Quad r : q.removed()) if (!hidden.remove(r)) shownSet.add(r);
            if (hidden.size() + shownSet.size() > maxDifference)
                throw new Revert.Refused(422, "Version " + version + " differs from the current data by more than " + maxDifference
                        + " statements, more than this server rebuilds for a question (server option --max-version-difference).", java.util.List.of());
        }
        DatasetGraph shown = DatasetGraphFactory.create();
        shownSet.forEach(shown::add);
        return new AsOf(current, hidden, shown, version, hidden.size() + shownSet.size());
    }

    public long version() {
        return version;
    }

    /** Statements hidden or restored to rebuild the version. */
    public long difference() {
        return difference;
    }

    private Iterator<Quad> filtered(Iterator<Quad> fromBase, Iterator<Quad> fromShown) {
        Iterator<Quad> kept = Iter.filter(fromBase, q -> !hidden.contains(q));
        return Iter.concat(kept, fromShown);
    }

    @Override
    protected Iterator<Quad> findInDftGraph(Node s, Node p, Node o) {
        return Iter.nullIterator();
    }

    @Override
    protected Iterator<Quad> findInSpecificNamedGraph(Node g, Node s, Node p, Node o) {
        return filtered(base.findNG(g, s, p, o), shown.findNG(g, s, p, o));
    }

    @Override
    protected Iterator<Quad> findInAnyNamedGraphs(Node s, Node p, Node o) {
        return filtered(base.findNG(Node.ANY, s, p, o), shown.findNG(Node.ANY, s, p, o));
    }

    @Override
    public Graph getDefaultGraph() {
        return GraphView.createUnionGraph(this);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        return GraphView.createNamedGraph(this, graphNode);
    }

    @Override
    public Iterator<Node> listGraphNodes() {
        Set<Node> nodes = new HashSet<>();
        base.listGraphNodes().forEachRemaining(nodes::add);
        shown.listGraphNodes().forEachRemaining(nodes::add);
        return nodes.iterator();
    }

    @Override
    public void addGraph(Node graphName, Graph graph) {
        throw new UnsupportedOperationException("An earlier version is read-only");
    }

    @Override
    public void removeGraph(Node graphName) {
        throw new UnsupportedOperationException("An earlier version is read-only");
    }

    @Override
    public void add(Quad quad) {
        throw new UnsupportedOperationException("An earlier version is read-only");
    }

    @Override
    public void delete(Quad quad) {
        throw new UnsupportedOperationException("An earlier version is read-only");
    }

    @Override
    public PrefixMap prefixes() {
        return base.prefixes();
    }

    @Override
    public Context getContext() {
        return context;
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public void begin(TxnType type) {
        base.begin(TxnType.READ);
    }

    @Override
    public void begin(ReadWrite readWrite) {
        base.begin(TxnType.READ);
    }

    @Override
    public boolean promote(Promote mode) {
        return false;
    }

    @Override
    public void commit() {
        base.commit();
    }

    @Override
    public void abort() {
        base.abort();
    }

    @Override
    public void end() {
        base.end();
    }

    @Override
    public ReadWrite transactionMode() {
        return base.transactionMode();
    }

    @Override
    public TxnType transactionType() {
        return base.transactionType();
    }

    @Override
    public boolean isInTransaction() {
        return base.isInTransaction();
    }
}
