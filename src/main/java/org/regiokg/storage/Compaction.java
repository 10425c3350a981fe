package org.regiokg.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.atlas.lib.Pair;
import org.apache.jena.dboe.storage.StoragePrefixes;
import org.apache.jena.dboe.storage.system.DatasetGraphStorage;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.system.PrefixEntry;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.store.DatasetGraphSwitchable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims the space of old generations. TDB2 never overwrites: every write transaction appends,
 * and an aborted one (a refused import, a killed load) leaves its blocks behind. Compaction copies
 * the live data into a new generation ({@code Data-NNNN+1}), switches the open store over while
 * readers carry on, and deletes the old one. A kill during it leaves the old generation in use and a
 * {@code Data-NNNN-tmp} directory, which the next compaction removes first.
 */
public final class Compaction {
    private static final Logger LOG = LoggerFactory.getLogger(Compaction.class);

    /** Sizes of the store's directory before and after, and the generation now in use. */
    public record Result(long bytesBefore, long bytesAfter, String generation, long millis) {}

    private Compaction() {}

    public static Result compact(Store store) {
        Path dir = store.directory().orElseThrow(() -> new IllegalStateException("an in-memory store has no old generations to reclaim"));
        DatasetGraphSwitchable container = container(store.dataset());
        long start = System.nanoTime();
        removeLeftovers(dir);
        long before = size(dir);
        LOG.info("Compacting {} ({} bytes)", dir, before);
        List<Pair<Node, PrefixEntry>> prefixes = Txn.calculateRead(container, () -> Iter.toList(storagePrefixes(container).listMappings()));
        DatabaseMgr.compact(container, true);
        // TDB2's copy leaves the per-graph prefix entries behind: the data's version (the change log's
        // anchor), the kept graph sizes, the prefixes of loaded files. Copied over, in one write.
        Txn.executeWrite(container, () -> prefixes.forEach(p -> storagePrefixes(container).add(p.getLeft(), p.getRight().getPrefix(), p.getRight().getUri())));
        org.regiokg.history.GraphSizes.open(container, false);
        // Every quad as it was, in new files: the layers' stamps say so, or the next opening would take
        // the files for a write around the rules and the name index and derive and index it all again.
        store.rewritten();
        // The planner's counts are those of the same quads: written into the new generation.
        store.upkeep().refreshStatistics();
        long after = size(dir);
        String generation = PlannerStatistics.dataDirectory(container).getFileName().toString();
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("Compacted {}: {} bytes -> {} bytes, now {} ({} ms)", dir, before, after, generation, millis);
        return new Result(before, after, generation, millis);
    }

    private static StoragePrefixes storagePrefixes(DatasetGraphSwitchable container) {
        return ((DatasetGraphStorage) container.get()).getStoragePrefixes();
    }

    /** The TDB2 container under any layers that wrap it. */
    static DatasetGraphSwitchable container(DatasetGraph dataset) {
        DatasetGraph ds = dataset;
        while (!(ds instanceof DatasetGraphSwitchable) && ds instanceof DatasetGraphWrapper w) ds = w.getWrapped();
        if (ds instanceof DatasetGraphSwitchable s) return s;
        throw new IllegalStateException("not a TDB2 store: " + dataset.getClass().getName());
    }

    /** The temporary directory of a compaction that was killed; TDB2 refuses to compact while it exists. */
    private static void removeLeftovers(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().matches("Data-\\d+-tmp")).toList()) {
                LOG.info("Removing {}, left by a compaction that did not finish", p);
                deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    static long size(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
