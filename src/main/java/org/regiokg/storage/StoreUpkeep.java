package org.regiokg.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.regiokg.history.ChangeLog;
import org.regiokg.history.ChangeSet;
import org.regiokg.layers.DataFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store keeps up to date after writes, off the request path: its quad count (so that
 * {@code /api/health} never counts on a request) and TDB2's planner statistics (so that questions
 * are planned with counts that include the write, without a restart). A daemon thread looks at the
 * data's version ten times a second; whoever wrote (API, Fuseki's update, an import, a load), a new
 * version is counted from the kept graph sizes, and the planner's counts ({@link PlannerCounts}) are
 * moved by the write's change set, written to the statistics file and handed to TDB2's planner in
 * place: every write is in the plans within a tick or two, in time that grows with the write, not
 * with the store (a gathering reads all 32 million quads of a 10^6 store: 3 s quiet, 253 s under load).
 */
public final class StoreUpkeep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreUpkeep.class);
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
    private final ChangeLog log;
    /** The planner's counts as of the change log's version {@link #countsAt}, in {@link #countsDir}; null until known. */
    private PlannerCounts counts;
    private long countsAt;
    private Path countsDir;

    StoreUpkeep(DatasetGraph dataset, boolean persistent, ChangeLog log) {
        this.dataset = tdb2Under(dataset);
        this.persistent = persistent;
        this.log = log;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "regiokg-store-upkeep");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        // Counting reads a whole index (seconds at 10^6, on the cores the first answers need): a store
        // unchanged since it closed starts from the count it kept then.
        this.count = persistent ? keptCount() : null;
        if (persistent) keptCounts();
        if (count != null) worker.execute(this::refreshStatistics);
        worker.scheduleWithFixedDelay(this::tick, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The count kept when the store last closed, if no data file was written since; null otherwise. */
    private Count keptCount() {
        try {
            Path dir = PlannerStatistics.dataDirectory(dataset);
            Path file = countFile(dir);
            if (DataFiles.writtenSince(dir, file, true)) return null;
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

    /**
     * Brings the planner's statistics up to the data's version: moved by the change sets written since
     * they were last brought up (what each write's patch adds and deletes: time in proportion to the
     * writes, not the store), else gathered again from the indexes (a store opened with a statistics
     * file older than its data, a change set that only counts its quads, a log without the sets).
     */
    public synchronized void refreshStatistics() {
        if (!persistent) return;
        Path dir = PlannerStatistics.dataDirectory(dataset);
        if (counts != null) {
            long was = countsAt;
            if (log.version() == countsAt || moveBy(log.since(countsAt, Integer.MAX_VALUE))) {
                // Moved, or the data moved to a new generation (a compaction): the file follows.
                if (countsAt != was || !dir.equals(countsDir)) {
                    countsDir = dir;
                    if (PlannerStatistics.write(dataset, counts)) PlannerStatistics.reload(dataset);
                }
                return;
            }
        }
        gatherAll();
    }

    /**
     * The planner's counts of a statistics file newer than the data (gathered when the store opened, or
     * kept when it closed): they hold at the version the store opened at, before any write through it.
     */
    private void keptCounts() {
        try {
            Path dir = PlannerStatistics.dataDirectory(dataset);
            if (!Files.exists(dir.resolve(PlannerStatistics.FILE)) || PlannerStatistics.stale(dir)) return;
            counts = PlannerCounts.read(dir.resolve(PlannerStatistics.FILE)).orElse(null);
            countsAt = log.version();
            countsDir = dir;
        } catch (RuntimeException e) {
            LOG.debug("Kept planner statistics not used: {}", e.toString());
        }
    }

    /** Moves the counts by {@code sets}, all or none; false when one is missing or does not list its quads. */
    private boolean moveBy(List<ChangeSet> sets) {
        long expected = countsAt + 1;
        for (ChangeSet set : sets)
            if (set.sequence() != expected++ || !set.itemised()) return false;
        if (sets.isEmpty()) return false;
        long t = System.nanoTime();
        PlannerCounts moved = counts.copy();
        try {
            for (ChangeSet set : sets) moved.apply(log.readPatch(set.sequence()));
        } catch (RuntimeException e) {
            LOG.debug("Change sets not readable ({}): gathering the planner statistics", e.toString());
            return false;
        }
        counts = moved;
        countsAt = sets.get(sets.size() - 1).sequence();
        LOG.debug("Planner statistics moved by {} change sets in {} ms", sets.size(), (System.nanoTime() - t) / 1_000_000);
        return true;
    }

    /** At close: the counts as they are (current after the last tick) rewritten, or gathered when not known. */
    private synchronized void keepStatistics() {
        Path dir = PlannerStatistics.dataDirectory(dataset);
        if (!PlannerStatistics.stale(dir)) return;
        if (counts != null && countsAt == log.version()) PlannerStatistics.write(dataset, counts);
        else PlannerStatistics.gatherCounts(dataset);
    }

    private void gatherAll() {
        PlannerStatistics.Gathered g = PlannerStatistics.gatherCounts(dataset);
        if (g == null) return;
        counts = g.counts();
        countsAt = g.version();
        countsDir = PlannerStatistics.dataDirectory(dataset);
        PlannerStatistics.reload(dataset);
    }

    private void tick() {
        try {
            long version = Txn.calculateRead(dataset, this::transactionVersion);
            Count c = count;
            boolean written = c == null || c.version() != version;
            if (written) {
                Count now = countNow();
                synchronized (this) {
                    count = now;
                }
            }
            // The log names a write after TDB2 committed it: a set seen late moves the counts at a later tick.
            if (written || (counts != null && log.version() != countsAt)) refreshStatistics();
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
        // The statistics file must be newer than the data for the next opening to take it (start-up stays quick).
        try {
            if (persistent) keepStatistics();
        } catch (RuntimeException e) {
            LOG.warn("Planner statistics not kept at close ({}); the store gathers them when it opens", e.toString());
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
