package org.regiokg.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.sparql.engine.optimizer.reorder.ReorderLib;
import org.apache.jena.sparql.engine.optimizer.reorder.ReorderTransformation;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.solver.SolverLibTDB;
import org.apache.jena.tdb2.solver.stats.Stats;
import org.apache.jena.tdb2.solver.stats.StatsCollectorNodeId;
import org.apache.jena.tdb2.solver.stats.StatsResults;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.nodetupletable.NodeTupleTable;
import org.apache.jena.tdb2.sys.TDBInternal;
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
    /** Files that change without the data changing. */
    private static final Set<String> NOT_DATA = Set.of(FILE, "tdb.lock");

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
        return writtenSince(dataDir, dataDir.resolve(FILE), false);
    }

    /** True when {@code file} is missing or a data file in {@code dataDir} was written after it; {@code whenUnreadable} if the folder cannot be read. */
    static boolean writtenSince(Path dataDir, Path stats, boolean whenUnreadable) {
        if (!Files.exists(stats)) return true;
        try (Stream<Path> files = Files.list(dataDir)) {
            FileTime gathered = Files.getLastModifiedTime(stats);
            return files.filter(f -> !NOT_DATA.contains(f.getFileName().toString()))
                    .anyMatch(f -> modified(f).compareTo(gathered) > 0);
        } catch (IOException e) {
            return whenUnreadable;  // statistics: leave the store as it is
        }
    }

    /**
     * Counts the union graph's predicates and classes into the statistics file; true when written.
     * A store that cannot be written to (a read-only copy) keeps TDB2's fixed ordering.
     */
    static boolean gather(DatasetGraph dataset) {
        DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(tdb2(dataset));
        Path stats = dataDirectory(dataset).resolve(FILE);
        long t = System.nanoTime();
        StatsResults results = Txn.calculateRead(tdb, () -> unionGraphStatistics(tdb));
        try (OutputStream out = Files.newOutputStream(stats)) {
            Stats.write(out, results);
        } catch (IOException e) {
            LOG.warn("Could not write planner statistics to {} ({}); queries are planned without them", stats, e.getMessage());
            return false;
        }
        LOG.info("Gathered planner statistics over {} quads in {} ms ({})", results.getCount(), (System.nanoTime() - t) / 1_000_000, stats);
        return true;
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

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
