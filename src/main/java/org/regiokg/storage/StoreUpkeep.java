package org.regiokg.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store keeps up to date after writes, off the request path: its quad count (so that
 * {@code /api/health} never counts on a request) and TDB2's planner statistics (so that questions
 * are planned with counts that include the write, without a restart). A daemon thread looks at the
 * data's version ten times a second; whoever wrote (API, Fuseki's update, an import, a load), a new
 * version is counted from the indexes' sizes, and when the count moved by more than
 * {@link #REGATHER_SHARE} since the statistics were gathered, they are gathered again and handed
 * to TDB2's planner in place.
 */
public final class StoreUpkeep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUpkeep.class);
    /** A change smaller than this share of the store does not move the planner's relative counts. */
    static final double REGATHER_SHARE = 0.01;
    /** A read transaction that only looks at the version costs microseconds; TDB2 offers no commit hook once a store is open. */
    private static final long POLL_MILLIS = 100;
    /** The quad count a store had when it closed, so that the next opening need not count. */
    static final String COUNT_FILE = "quads.count";

    /** The store's quad count at a data version (TDB2's, of the transaction that counted). */
    public record Count(long version, long quads, Instant countedAt) {}

    private final DatasetGraph dataset;
    private final boolean persistent;
    private final ScheduledExecutorService worker;
    private volatile Count count;
    /** The quad count and data directory the statistics file was gathered at; -1 when unknown. */
    private long quadsAtStatistics = -1;
    private Path statisticsDir;

    StoreUpkeep(DatasetGraph dataset, boolean persistent) {
        this.dataset = tdb2Under(dataset);
        this.persistent = persistent;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "regiokg-store-upkeep");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        // Counting reads a whole index (seconds at 10^6, on the cores the first answers need): a store
        // unchanged since it closed starts from the count it kept then.
        this.count = persistent ? keptCount() : null;
        if (count != null) worker.execute(this::refreshStatistics);
        worker.scheduleWithFixedDelay(this::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The count kept when the store last closed, if no data file was written since; null otherwise. */
    private Count keptCount() {
        try {
            Path dir = PlannerStatistics.dataDirectory(dataset);
            Path file = countFile(dir);
            if (PlannerStatistics.writtenSince(dir, file, true)) return null;
            long quads = Long.parseLong(Files.readString(file).trim());
            long version = Txn.calculateRead(dataset, this::transactionVersion);
            return new Count(version, quads, Files.getLastModifiedTime(file).toInstant());
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("Kept quad count not used: {}", e.toString());
            return null;
        }
    }

    /**
     * Beside the data folders, not in one: what is written into the current one counts as a write of
     * data for the other layers' checks (derived facts, planner statistics).
     */
    private static Path countFile(Path dataDir) {
        return (dataDir.getParent() == null ? dataDir : dataDir.getParent()).resolve(COUNT_FILE);
    }

    /** Keeps the count for the next opening (see keptCount). */
    private void keepCount(Count c) {
        try {
            Files.writeString(countFile(PlannerStatistics.dataDirectory(dataset)), Long.toString(c.quads()) + "\n");
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("Quad count not kept: {}", e.toString());
        }
    }

    /** TDB2's own dataset under any layers that wrap it (they need not be seen to count or plan). */
    private static DatasetGraph tdb2Under(DatasetGraph dataset) {
        DatasetGraph ds = dataset;
        while (!TDBInternal.isTDB2(ds) && ds instanceof DatasetGraphWrapper w) ds = w.getWrapped();
        return ds;
    }

    /** The last count; counted now only before the first one (no writes are waited for). */
    public Count count() {
        Count c = count;
        if (c != null) return c;
        synchronized (this) {
            if (count == null) count = countNow();
            return count;
        }
    }

    /**
     * The count at the data's current version: the kept one, unless a write committed since (in
     * the at most 0.1 s before the thread counts it), then counted now from the index sizes.
     */
    public Count current() {
        long version = Txn.calculateRead(dataset, this::transactionVersion);
        Count c = count();
        if (c.version() == version) return c;
        synchronized (this) {
            if (count.version() < version) count = countNow();
            return count;
        }
    }

    /** Gathers the statistics now if the data moved past the threshold since they were gathered. */
    public synchronized void refreshStatistics() {
        if (!persistent) return;
        Count c = count();
        Path dir = PlannerStatistics.dataDirectory(dataset);
        boolean moved = quadsAtStatistics < 0 || !dir.equals(statisticsDir)
                || Math.abs(c.quads() - quadsAtStatistics) > REGATHER_SHARE * Math.max(1, quadsAtStatistics);
        if (!moved) return;
        if (quadsAtStatistics < 0 && Files.exists(dir.resolve(PlannerStatistics.FILE)) && !PlannerStatistics.stale(dir)) {
            // Gathered when the store was opened: just remember at what size.
            quadsAtStatistics = c.quads();
            statisticsDir = dir;
            return;
        }
        if (PlannerStatistics.gather(dataset)) {
            PlannerStatistics.reload(dataset);
            quadsAtStatistics = c.quads();
            statisticsDir = dir;
        }
    }

    private void tick() {
        try {
            long version = Txn.calculateRead(dataset, this::transactionVersion);
            Count c = count;
            if (c != null && c.version() == version) return;
            Count now = countNow();
            synchronized (this) {
                count = now;
            }
            refreshStatistics();
        } catch (RuntimeException e) {
            // A store being closed or compacted: try again at the next tick.
            LOG.debug("Store upkeep skipped: {}", e.toString());
        }
    }

    /**
     * Quads in named graphs plus triples in the default graph: the graphs' sizes as the store keeps them
     * with every write (GraphSizes; no index is read), else the sizes of one index each (no node is
     * decoded, but every entry is read: seconds at 10^6). The default graph is read either way (RegioKG
     * writes none; it is empty or small).
     */
    private Count countNow() {
        return Txn.calculateRead(dataset, () -> {
            DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(dataset);
            long named = org.regiokg.history.GraphSizes.all(dataset).map(m -> m.values().stream().mapToLong(Long::longValue).sum())
                    .orElseGet(() -> tdb.getQuadTable().getNodeTupleTable().getTupleTable().getIndex(0).size());
            long quads = named + tdb.getTripleTable().getNodeTupleTable().getTupleTable().getIndex(0).size();
            return new Count(transactionVersion(), quads, Instant.now());
        });
    }

    private long transactionVersion() {
        return TDBInternal.getDatasetGraphTDB(dataset).getTxnSystem().getThreadTransaction().getDataVersion();
    }

    /** Stops the thread; a store written since its statistics were gathered gets them before it closes. */
    @Override
    public void close() {
        // Not shutdownNow: an interrupt would cut a gathering in the middle of reading its file.
        worker.shutdown();
        try {
            worker.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!worker.isTerminated()) return;
        tick();
        // Written since the statistics were gathered, even below the threshold: gather them now, so
        // that the next opening of the store need not (start-up stays quick).
        try {
            if (persistent && PlannerStatistics.stale(PlannerStatistics.dataDirectory(dataset))) PlannerStatistics.gather(dataset);
        } catch (RuntimeException e) {
            LOG.warn("Planner statistics not gathered at close ({}); the store gathers them when it opens", e.toString());
        }
        Count last = count;
        try {
            // Only a count of the data as it is now: the file's date says it is newer than every data file.
            if (persistent && last != null && last.version() == Txn.calculateRead(dataset, this::transactionVersion)) keepCount(last);
        } catch (RuntimeException e) {
            LOG.debug("Quad count not kept: {}", e.toString());
        }
    }
}
