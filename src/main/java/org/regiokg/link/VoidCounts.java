package org.regiokg.link;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.jena.sparql.core.DatasetGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VoID statistics of a store, counted off the request path: once when the server starts, then
 * once per data version that a request asks about. Counting means reading every triple (distinct
 * subjects and objects, triples per graph), seconds at 10^5 organisations and minutes at 10^6, so a
 * request must not pay for it each time (it took 2.5 s at 10^4).
 *
 * <p>A request at the version last counted gets those counts at once. After a write, a small store
 * (fewer than {@link #WAIT_BELOW} triples when last counted) is counted again before answering, so
 * its description stays exact; a large one answers with the last counts (their {@code dcterms:modified}
 * says when they were made) while the new count runs in the background. Before a large store's first
 * count there are none ({@link #latest} gives null): the description then has only what the store keeps
 * exactly (the subsets' triples, org.regiokg.history.GraphSizes) and says the rest is being counted.
 * The last counts are kept in a file ({@link #keptIn}), so a restarted server has them at once.
 */
public final class VoidCounts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VoidCounts.class);
    /** Below this many triples a recount takes well under a second: wait for it. */
    static final long WAIT_BELOW = 500_000;
    /**
     * A large store's first count starts this long after the server: it reads every triple (minutes of
     * CPU and disk at 10^6) and would slow the first answers on a machine of two cores. Asking for
     * the description starts it at once.
     */
    static final long FIRST_COUNT_AFTER_SECONDS = 60;

    private record Kept(long version, VoidDescription.Counts counts) {}

    private final DatasetGraph dataset;
    private final LongSupplier version;
    /** One thread, gone when idle: a server's counts need no thread between writes. */
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "regiokg-void-counts");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private Kept kept;
    /** The count running now and the version it counts. */
    private CompletableFuture<Kept> running;
    private long runningVersion = -1;

    private final LongSupplier quads;
    /** Where the last counts are kept for the next start (beside the store), with the change log's version they were made at. */
    private java.util.Optional<java.nio.file.Path> file = java.util.Optional.empty();
    private LongSupplier sequence = () -> -1;
    private boolean fileRead;

    /**
     * {@code version} gives the store's current data version (it moves with every write), {@code quads}
     * its size as the store keeps it (no count). A large store is counted in the background, from
     * {@link #FIRST_COUNT_AFTER_SECONDS} after the start or its first request; a small one when first
     * asked (a server that is never asked for VoID never reads its store for it).
     */
    public VoidCounts(DatasetGraph dataset, LongSupplier version, LongSupplier quads) {
        this.dataset = dataset;
        this.version = version;
        this.quads = quads;
        worker.allowCoreThreadTimeOut(true);
        // Even the store's size is not asked now: a store opened without a kept count counts it first.
        CompletableFuture.delayedExecutor(FIRST_COUNT_AFTER_SECONDS, TimeUnit.SECONDS, worker).execute(this::startIfLarge);
    }

    /**
     * Keeps every count in {@code file}, with the data's lasting version ({@code sequence}: the change
     * log's), and starts from the one kept there: a restarted server describes its store at once, with
     * the date of those counts, and counts again only if the data moved since.
     */
    public VoidCounts keptIn(java.nio.file.Path file, LongSupplier sequence) {
        this.file = java.util.Optional.of(file);
        this.sequence = sequence;
        return this;
    }

    /** The counts to describe the store with now, or null while a large store's first count runs (see {@link #current}). */
    public VoidDescription.Counts latest() {
        try {
            return current();
        } catch (NotCountedYet e) {
            return null;
        }
    }

    /** At the first request, not at construction (that asks the store nothing): the counts of the last run, if kept. */
    private synchronized void readFile() {
        if (fileRead) return;
        fileRead = true;
        file.filter(java.nio.file.Files::exists).ifPresent(f -> {
            try {
                var node = JSON.readTree(f.toFile());
                VoidDescription.Counts c = fromJson(node);
                // Of this data when the change log's version is the same; else older than any version of this run.
                long v = node.path("sequence").asLong(-2) == sequence.getAsLong() ? version.getAsLong() : -1;
                if (kept == null) kept = new Kept(v, c);
                LOG.info("VoID statistics of {} read from {} ({})", c.countedAt(), f, v >= 0 ? "the data's version" : "an older version: counting again");
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("Kept VoID statistics not read from {}: {}", f, e.toString());
            }
        });
    }

    private void writeFile(VoidDescription.Counts c, long atSequence) {
        file.ifPresent(f -> {
            try {
                var node = toJson(c).put("sequence", atSequence);
                java.nio.file.Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
                JSON.writeValue(tmp.toFile(), node);
                java.nio.file.Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("VoID statistics not kept in {}: {}", f, e.toString());
            }
        });
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static com.fasterxml.jackson.databind.node.ObjectNode toJson(VoidDescription.Counts c) {
        var n = JSON.createObjectNode();
        n.put("triples", c.triples()).put("subjects", c.subjects()).put("properties", c.properties()).put("objects", c.objects())
                .put("classes", c.classes()).put("countedAt", c.countedAt().toString());
        n.set("classPartitions", entries(c.classPartitions()));
        n.set("propertyPartitions", entries(c.propertyPartitions()));
        n.set("graphs", entries(c.graphs()));
        n.set("graphTitles", JSON.valueToTree(c.graphTitles()));
        n.set("links", JSON.valueToTree(c.links()));
        return n;
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode entries(java.util.List<java.util.Map.Entry<String, Long>> list) {
        var a = JSON.createArrayNode();
        list.forEach(e -> a.addArray().add(e.getKey()).add(e.getValue()));
        return a;
    }

    private static java.util.List<java.util.Map.Entry<String, Long>> entries(com.fasterxml.jackson.databind.JsonNode a) {
        java.util.List<java.util.Map.Entry<String, Long>> list = new java.util.ArrayList<>();
        a.forEach(e -> list.add(java.util.Map.entry(e.get(0).asText(), e.get(1).asLong())));
        return java.util.List.copyOf(list);
    }

    private static VoidDescription.Counts fromJson(com.fasterxml.jackson.databind.JsonNode n) {
        java.util.Map<String, String> titles = new java.util.HashMap<>();
        n.path("graphTitles").fields().forEachRemaining(e -> titles.put(e.getKey(), e.getValue().asText()));
        java.util.Map<String, Long> links = new java.util.HashMap<>();
        n.path("links").fields().forEachRemaining(e -> links.put(e.getKey(), e.getValue().asLong()));
        return new VoidDescription.Counts(n.path("triples").asLong(), n.path("subjects").asLong(), n.path("properties").asLong(),
                n.path("objects").asLong(), n.path("classes").asLong(), entries(n.path("classPartitions")),
                entries(n.path("propertyPartitions")), entries(n.path("graphs")), java.util.Map.copyOf(titles), java.util.Map.copyOf(links),
                java.time.Instant.parse(n.path("countedAt").asText()));
    }

    private synchronized void startIfLarge() {
        readFile();
        if (kept != null && kept.version() >= 0) return;  // the kept counts are of this data
        if (kept == null && runningVersion < 0 && quads.getAsLong() >= WAIT_BELOW) start(version.getAsLong());
    }

    /** Thrown while a large store's first count runs: nothing to describe yet, ask again later. */
    public static final class NotCountedYet extends RuntimeException {
        NotCountedYet(long quads) {
            super(String.format("The VoID statistics of this store (%,d quads) are being counted; ask again in a minute.", quads));
        }
    }

    /** The counts to describe the store with now (see the class comment). */
    public VoidDescription.Counts current() {
        readFile();
        long now = version.getAsLong();
        CompletableFuture<Kept> wait;
        synchronized (this) {
            if (kept != null && kept.version() >= now) return kept.counts();
            if (kept != null && kept.counts().triples() >= WAIT_BELOW) {
                if (runningVersion < now) start(now);
                return kept.counts();
            }
            wait = runningVersion >= now ? running : start(now);
            long size = quads.getAsLong();
            if (kept == null && size >= WAIT_BELOW) throw new NotCountedYet(size);
        }
        try {
            return wait.get().counts();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while counting the VoID statistics", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private synchronized CompletableFuture<Kept> start(long atVersion) {
        runningVersion = atVersion;
        // One count at a time: a new one starts after the one running (the worker has one thread).
        running = CompletableFuture.supplyAsync(() -> {
            long t = System.nanoTime();
            // The version is read before counting: a write during the count makes the next request count again.
            long v = version.getAsLong();
            long seq = sequence.getAsLong();
            Kept k = new Kept(v, VoidDescription.count(dataset));
            writeFile(k.counts(), seq);
            synchronized (this) {
                if (kept == null || kept.version() <= v) kept = k;
            }
            LOG.info("Counted the VoID statistics ({} triples) in {} ms", k.counts().triples(), (System.nanoTime() - t) / 1_000_000);
            return k;
        }, worker);
        CompletableFuture<Kept> mine = running;
        mine.exceptionally(e -> {
            LOG.warn("VoID statistics not counted: {}", e.toString());
            synchronized (this) {
                if (running == mine) runningVersion = -1;  // the next request tries again
            }
            return null;
        });
        return mine;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
