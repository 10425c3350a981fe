package org.regiokg.derive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.sparql.core.GraphView;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.regiokg.layers.DataFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as every writer sees it: notes what a write transaction adds and removes, and before
 * it commits re-derives, in the same transaction, what the rules ({@code rules/*.rq}) derive from
 * it, into their own named graphs ({@link Rule#graphOf}). So a reader sees source facts and derived
 * facts change together, and an aborted write changes neither.
 * <p>
 * Queries pass through to the store's own engine (ARQ hands a plain {@link DatasetGraphWrapper} on
 * to what it wraps). Graphs handed out are views over this wrapper, so writes through them (the
 * Graph Store Protocol, LOAD, CLEAR) are noted too. Writes that bypass it (TDB2's bulk loader) are
 * caught when the store is opened: the rules are run in full when a data file is newer than the
 * last derivation, or a rule changed.
 */
public final class DerivedFacts extends DatasetGraphWrapper implements org.regiokg.layers.WrittenBeneath {
    private static final Logger LOG = LoggerFactory.getLogger(DerivedFacts.class);
    /**
     * Written in the store's folder (beside Data-NNNN, so TDB2's planner statistics do not take it
     * for data) after every derivation; a newer data file means a write bypassed the rules.
     */
    static final String STAMP = "derived.stamp";

    private final DatasetGraph base;
    private final Deriver deriver;
    private final ThreadLocal<Changes> changes = new ThreadLocal<>();
    private volatile List<Deriver.Step> lastRun = List.of();

    private DerivedFacts(DatasetGraph base, Deriver deriver) {
        super(base);
        this.base = base;
        this.deriver = deriver;
    }

    /** Wraps a store with the packaged rules, first deriving in full what is missing or stale. */
    public static DatasetGraph over(DatasetGraph base) {
        return over(base, Rules.packaged());
    }

    public static DerivedFacts over(DatasetGraph base, List<Rule> rules) {
        return over(base, new Deriver(rules));
    }

    /** Wraps a store with a deriver of one's own (tests choose small chunks). */
    public static DerivedFacts over(DatasetGraph base, Deriver deriver) {
        DerivedFacts facts = new DerivedFacts(base, deriver);
        facts.refreshIfStale();
        return facts;
    }

    /**
     * The store under the rules, for writers that must bypass them (TDB2's bulk loader needs the bare
     * store); the next opening derives what they wrote.
     */
    public static DatasetGraph bare(DatasetGraph ds) {
        return ds instanceof DerivedFacts facts ? facts.base : ds;
    }

    /** The derived-facts layer of a dataset made of wrappers (the name index sits outside it), if it has one. */
    public static Optional<DerivedFacts> in(DatasetGraph ds) {
        for (DatasetGraph d = ds; d != null; d = d instanceof org.apache.jena.sparql.core.DatasetGraphWrapper w ? w.getWrapped() : null)
            if (d instanceof DerivedFacts facts) return Optional.of(facts);
        return Optional.empty();
    }

    /** The steps of the last derivation this store ran (full or incremental, per rule, with times). */
    public List<Deriver.Step> lastRun() {
        return lastRun;
    }

    public Deriver deriver() {
        return deriver;
    }

    /** Notes that the data is as the rules last saw it, though its files are new (a compaction copied every quad). */
    public void unchanged() {
        stamp();
    }

    /** Re-derives every rule in full, in a write transaction of its own. */
    public List<Deriver.Step> rederiveAll() {
        List<Deriver.Step> steps = Txn.calculateWrite(base, () -> deriver.full(base));
        stamp();
        lastRun = steps;
        return steps;
    }

    /**
     * True when a data file of the TDB2 store under {@code ds} is newer than the last derivation: something
     * wrote around the layers (TDB2's bulk loader). Asked before the store is wrapped, which stamps it.
     */
    public static boolean writtenAround(DatasetGraph ds) {
        return DataFiles.folder(ds).map(DerivedFacts::writtenSinceStamp).orElse(false);
    }

    private void refreshIfStale() {
        boolean bypassed = DataFiles.folder(base).map(DerivedFacts::writtenSinceStamp).orElse(false);
        List<Rule> stale = bypassed ? deriver.rules() : Txn.calculateRead(base, () -> deriver.stale(base));
        if (stale.isEmpty()) return;
        long t = System.nanoTime();
        List<Deriver.Step> steps = Txn.calculateWrite(base, () -> deriver.refresh(base, stale));
        stamp();
        lastRun = steps;
        LOG.info("Derived {} in full in {} ms ({}): {}", stale.stream().map(Rule::name).toList(), (System.nanoTime() - t) / 1_000_000,
                bypassed ? "data written without the rules" : "derived graphs missing or from other rules", steps);
    }

    // ---- noting the changes of the current write transaction

    private Changes noted() {
        Changes c = changes.get();
        if (c == null) changes.set(c = new Changes(deriver.subjectPredicates()));
        return c;
    }

    /**
     * Notes a quad that a bulk writer put into the bare store inside this wrapper's write
     * transaction: the commit derives from it as from the wrapper's own writes.
     */
    @Override
    public void written(Node g, Node s, Node p, Node o) {
        noted().record(g, s, p, o);
    }

    @Override
    public void add(Quad quad) {
        noted().record(quad);
        super.add(quad);
    }

    @Override
    public void add(Node g, Node s, Node p, Node o) {
        noted().record(g, s, p, o);
        super.add(g, s, p, o);
    }

    @Override
    public void delete(Quad quad) {
        if (base.contains(quad)) noted().record(quad);
        super.delete(quad);
    }

    @Override
    public void delete(Node g, Node s, Node p, Node o) {
        if (base.contains(g, s, p, o)) noted().record(g, s, p, o);
        super.delete(g, s, p, o);
    }

    @Override
    public void deleteAny(Node g, Node s, Node p, Node o) {
        Changes c = noted();
        var it = base.find(g, s, p, o);
        try {
            while (it.hasNext() && !c.isEverything()) c.record(it.next());
        } finally {
            org.apache.jena.atlas.iterator.Iter.close(it);
        }
        super.deleteAny(g, s, p, o);
    }

    @Override
    public void addGraph(Node graphName, Graph graph) {
        Changes c = noted();
        graph.find().forEachRemaining(t -> c.record(graphName, t.getSubject(), t.getPredicate(), t.getObject()));
        super.addGraph(graphName, graph);
    }

    @Override
    public void removeGraph(Node graphName) {
        deleteAny(graphName, Node.ANY, Node.ANY, Node.ANY);
    }

    @Override
    public void clear() {
        noted().everything();
        super.clear();
    }

    @Override
    public Graph getDefaultGraph() {
        return GraphView.createDefaultGraph(this);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        return GraphView.createNamedGraph(this, graphNode);
    }

    // ---- deriving before the commit

    /** Per write transaction: whether the stamp was current when it began. */
    private final ThreadLocal<Boolean> stampCurrentAtBegin = new ThreadLocal<>();

    @Override
    public void begin(TxnType type) {
        super.begin(type);
        if (type == TxnType.WRITE) noteStampAtBegin();
    }

    @Override
    public void begin(ReadWrite mode) {
        super.begin(mode);
        if (mode == ReadWrite.WRITE) noteStampAtBegin();
    }

    private void noteStampAtBegin() {
        stampCurrentAtBegin.set(DataFiles.folder(base).map(dir -> !writtenSinceStamp(dir)).orElse(false));
    }

    /** True once, for a write transaction that began with the stamp current. */
    private boolean stampWasCurrent() {
        boolean was = Boolean.TRUE.equals(stampCurrentAtBegin.get());
        stampCurrentAtBegin.remove();
        return was;
    }

    @Override
    public void commit() {
        Changes c = changes.get();
        if (c != null && !c.isEmpty() && base.isInTransaction() && base.transactionMode() == ReadWrite.WRITE) {
            try {
                lastRun = deriver.update(base, c);
            } catch (RuntimeException e) {
                changes.remove();
                base.abort();
                throw e;
            }
            changes.remove();
            stampCurrentAtBegin.remove();
            super.commit();
            stamp();
            LOG.info("Derived with the write: {}", lastRun);
            return;
        }
        changes.remove();
        boolean restamp = stampWasCurrent();
        super.commit();
        // Nothing the rules read changed, though TDB2 may have touched its files: the derivation still holds.
        if (restamp) stamp();
    }

    @Override
    public void abort() {
        changes.remove();
        boolean restamp = stampWasCurrent();
        super.abort();
        // An aborted write changes no data, but TDB2 has already written blocks into its data files:
        // not a write around the rules, which the next opening would derive every rule again for.
        if (restamp) stamp();
    }

    @Override
    public void end() {
        changes.remove();
        stampCurrentAtBegin.remove();
        super.end();
    }

    // ---- the stamp that tells writes through the rules from writes around them

    private void stamp() {
        DataFiles.folder(base).ifPresent(dir -> {
            try {
                DataFiles.stamp(stampFile(dir));
            } catch (IOException e) {
                LOG.warn("Could not stamp the derivation in {}: {}", dir, e.getMessage());
            }
        });
    }

    private static Path stampFile(Path dataDir) {
        return (dataDir.getParent() == null ? dataDir : dataDir.getParent()).resolve(STAMP);
    }

    private static boolean writtenSinceStamp(Path dir) {
        return DataFiles.writtenSince(dir, stampFile(dir), false);
    }
}
