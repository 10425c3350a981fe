package org.regiokg.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.sparql.engine.optimizer.reorder.ReorderLib;
import org.apache.jena.sparql.engine.optimizer.reorder.ReorderTransformation;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.solver.SolverLibTDB;
import org.apache.jena.tdb2.solver.stats.StatsCollectorNodeId;
import org.apache.jena.tdb2.solver.stats.StatsResults;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.nodetupletable.NodeTupleTable;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.regiokg.history.ChangeLog;
import org.regiokg.layers.DataFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TDB2's statistics file, {@code Data-NNNN/stats.opt}: counts per predicate and per class that its
 * planner uses to order the patterns of a query. Without it TDB2 orders by fixed rules, which at a
 * million organisations put "every label" before "this organisation's class" and made a listing
 * question 10 times slower. TDB2 reads the file when a store is opened; it is gathered then when
 * missing, and after writes by {@link StoreUpkeep}, which hands it to the open store ({@link #reload}).
 */
final class PlannerStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);
    static final String FILE = "stats.opt";

    private PlannerStatistics() {}

    /** The directory of the store's current data (TDB2 keeps one per compaction generation). */
    static Path dataDirectory(DatasetGraph dataset) {
        return Path.of(TDBInternal.getDatasetGraphTDB(tdb2(dataset)).getLocation().getDirectoryPath());
    }

    /** The TDB2 dataset under wrappers such as the name index's. */
    static DatasetGraph tdb2(DatasetGraph dataset) {
        DatasetGraph d = dataset;
        while (!TDBInternal.isBackedByTDB(d) && d instanceof org.apache.jena.sparql.core.DatasetGraphWrapper w) d = w.getWrapped();
        return d;
    }

    /** True when there is no statistics file or a data file was written after it. */
    static boolean stale(Path dataDir) {
        return DataFiles.writtenSince(dataDir, dataDir.resolve(FILE), false);
    }

    /**
     * Counts the union graph's predicates and classes into the statistics file; true when written.
     * A store that cannot be written to (a read-only copy) keeps TDB2's fixed ordering.
     */
    static boolean gather(DatasetGraph dataset) {
        return gatherCounts(dataset) != null;
    }

    /** Counts gathered from the indexes, and the change log's version they hold at. */
    record Gathered(PlannerCounts counts, long version) {}

    /** Gathers the counts, writes them as the statistics file; null when it cannot be written. */
    static Gathered gatherCounts(DatasetGraph dataset) {
        DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(tdb2(dataset));
        long t = System.nanoTime();
        Gathered g = Txn.calculateRead(tdb, () -> new Gathered(PlannerCounts.of(unionGraphStatistics(tdb)), ChangeLog.versionIn(tdb)));
        if (!write(dataset, g.counts())) return null;
        LOG.info("Gathered planner statistics over {} quads in {} ms ({})", g.counts().count(), (System.nanoTime() - t) / 1_000_000,
                dataDirectory(dataset).resolve(FILE));
        return g;
    }

    /** Writes {@code counts} as the statistics file of the store's current data; false when it cannot. */
    static boolean write(DatasetGraph dataset, PlannerCounts counts) {
        Path stats = dataDirectory(dataset).resolve(FILE);
        try {
            counts.write(stats);
            return true;
        } catch (IOException e) {
            LOG.warn("Could not write planner statistics to {} ({}); queries are planned without them", stats, e.getMessage());
            return false;
        }
    }

    /**
     * What {@code tdb2.tdbstats --graph urn:x-arq:UnionGraph} counts, over node ids. Not by calling
     * that command's class: loading it resets the logging to Jena's command-line setup.
     */
    private static StatsResults unionGraphStatistics(DatasetGraphTDB tdb) {
        NodeTupleTable quads = tdb.getQuadTable().getNodeTupleTable();
        StatsCollectorNodeId collector = new StatsCollectorNodeId(quads.getNodeTable());
        Iterator<Tuple<NodeId>> distinctTriples = SolverLibTDB.unionGraph(quads);
        distinctTriples.forEachRemaining(t -> collector.record(t.get(0), t.get(1), t.get(2), t.get(3)));
        return collector.results();
    }

    /**
     * Hands the statistics file to TDB2's planner of the open store. TDB2 reads it only when it
     * opens a store (DatabaseOps.chooseReorderTransformation, kept in a final field of
     * DatasetGraphTDB that every query reads through getReorderTransform()); setting that field
     * spares an expel and reopen, which would cut off every reader of the store.
     */
    static void reload(DatasetGraph dataset) {
        DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(dataset);
        Path stats = dataDirectory(dataset).resolve(FILE);
        try {
            ReorderTransformation weighted = ReorderLib.weighted(stats.toString());
            java.lang.reflect.Field field = DatasetGraphTDB.class.getDeclaredField("reorderTransformation");
            field.setAccessible(true);
            field.set(tdb, weighted);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not hand the new planner statistics to TDB2 ({}); they take effect when the store is opened next", e.toString());
        }
    }
}
