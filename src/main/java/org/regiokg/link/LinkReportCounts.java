package org.regiokg.link;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.sparql.core.DatasetGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The linking report of a server, counted off the request path for a large store, as the VoID
 * statistics are ({@link VoidCounts}): it counts every thing of three kinds and every identifier
 * statement (seconds at 10^5 organisations, more than the request time limit at 10^6).
 *
 * <p>A small store (fewer than {@link VoidCounts#WAIT_BELOW} quads) is counted on the request when
 * the data moved, so its report is always of the data as it is. A large one answers with the last
 * report and the date it was counted ({@link Kept#countedAt}; the API says so when it is not of the
 * current data) while a new count runs in the background. The last report is kept in a file beside
 * the store with the change log's version it was made at, so a restarted server answers at once.
 */
public final class LinkReportCounts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkReportCounts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A report, the run's data version it was counted at (-1: an earlier run's, other data), when, and the lasting version. */
    public record Kept(long version, long sequence, Instant countedAt, LinkReport report) {}

    /** What the file holds: the lasting version, when (ISO 8601), and the report. */
    private record Stored(long sequence, String countedAt, LinkReport report) {}

    /** Thrown while a large store's first count runs: nothing to report yet. */
    public static final class NotCountedYet extends RuntimeException {
        NotCountedYet(long quads) {
            super(String.format("The linking report of this store (%,d quads) is being counted; ask again in a minute.", quads));
        }
    }

    private final DatasetGraph dataset;
    private final LongSupplier version, sequence, quads;
    private final Optional<Path> file;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "regiokg-link-report");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private Kept kept;
    private boolean fileRead;
    private long runningVersion = -1;
    private CompletableFuture<Void> running;
    /** How long a request waits for a large store's first count before it is told to come back (503, Retry-After). */
    static final long FIRST_WAIT_SECONDS = 20;

    /**
     * {@code version}: the data's version in this run (moves with every write); {@code sequence}: the
     * change log's (lasts across runs); {@code quads}: the store's size as it keeps it (no count).
     */
    public LinkReportCounts(DatasetGraph dataset, LongSupplier version, LongSupplier sequence, LongSupplier quads, Optional<Path> file) {
        this.dataset = dataset;
        this.version = version;
        this.sequence = sequence;
        this.quads = quads;
        this.file = file;
        worker.allowCoreThreadTimeOut(true);
        // A large store not counted for its data yet is counted a while after the start, as VoID's statistics are.
        CompletableFuture.delayedExecutor(VoidCounts.FIRST_COUNT_AFTER_SECONDS, TimeUnit.SECONDS, worker).execute(this::startIfLarge);
    }

    private void startIfLarge() {
        try {
            long now = version.getAsLong();
            synchronized (this) {
                readFile(now);
                if ((kept == null || kept.version() != now) && runningVersion != now && quads.getAsLong() >= VoidCounts.WAIT_BELOW) start(now);
            }
        } catch (RuntimeException e) {
            LOG.debug("Linking report not started: {}", e.toString());
        }
    }

    /** The report to answer with now (see the class comment); {@link NotCountedYet} while a large store's first count runs. */
    public Kept current() {
        long now = version.getAsLong();
        synchronized (this) {
            readFile(now);
            if (kept != null && kept.version() == now) return kept;
            long size = quads.getAsLong();
            if (size >= VoidCounts.WAIT_BELOW) {
                if (runningVersion != now) start(now);
                if (kept != null) return kept;
            }
        }
        if (quads.getAsLong() >= VoidCounts.WAIT_BELOW) {
            // Never counted yet: the request waits for the background count a while (seconds at 10^5), not for ever.
            CompletableFuture<Void> first;
            synchronized (this) {
                first = running;
            }
            try {
                if (first != null) first.get(FIRST_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // still counting, or failed (the next request starts it again)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                if (kept != null) return kept;
            }
            throw new NotCountedYet(quads.getAsLong());
        }
        // Small: counted here, on the request (under a second), so the answer is of the data as it is.
        Kept k = count(now);
        synchronized (this) {
            if (kept == null || kept.version() <= k.version()) kept = k;
        }
        return k;
    }

    private void start(long atVersion) {
        runningVersion = atVersion;
        running = CompletableFuture.runAsync(() -> {
            try {
                long t = System.nanoTime();
                Kept k = count(version.getAsLong());
                synchronized (this) {
                    if (kept == null || kept.version() <= k.version()) kept = k;
                }
                LOG.info("Counted the linking report in {} ms", (System.nanoTime() - t) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.warn("Linking report not counted: {}", e.toString());
            } finally {
                synchronized (this) {
                    if (runningVersion == atVersion) runningVersion = -1;
                }
            }
        }, worker);
    }

    /** Counts now (version and lasting version read before: a write during the count makes the next request count again). */
    private Kept count(long atVersion) {
        long seq = sequence.getAsLong();
        Kept k = new Kept(atVersion, seq, Instant.now(), LinkReport.counted(dataset));
        writeFile(k);
        return k;
    }

    private void readFile(long now) {
        if (fileRead) return;
        fileRead = true;
        file.filter(Files::exists).ifPresent(f -> {
            try {
                Stored k = JSON.readValue(f.toFile(), Stored.class);
                // Of this data when the change log's version is the same; else from before a write: dated, and counted again.
                kept = new Kept(k.sequence() == sequence.getAsLong() ? now : -1, k.sequence(), Instant.parse(k.countedAt()), k.report());
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("Kept linking report not read from {}: {}", f, e.toString());
            }
        });
    }

    private void writeFile(Kept k) {
        file.ifPresent(f -> {
            try {
                Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
                JSON.writeValue(tmp.toFile(), new Stored(k.sequence(), k.countedAt().toString(), k.report()));
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("Linking report not kept in {}: {}", f, e.toString());
            }
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
