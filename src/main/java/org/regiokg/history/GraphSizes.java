package org.regiokg.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.dboe.storage.StoragePrefixes;
import org.apache.jena.riot.system.PrefixEntry;
import org.apache.jena.dboe.storage.system.DatasetGraphStorage;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ARQ;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.regiokg.sparql.SparqlFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of quads of every named graph, kept by the store as it writes, so that no request counts
 * them (the synthetic graph of a 10^6 store holds 12.7 million). {@link ChangeRecorder} knows each
 * write's net change per graph and adds it to the kept sizes inside the write transaction, beside the
 * data's version ({@link VersionMark}): TDB2 commits or drops both with the data, so a kill -9 keeps
 * the sizes of the last committed state, as it keeps the data.
 *
 * <p>The sizes are prefix entries under a graph name no query can reach (as the version is), with a
 * mark of the version they were last brought to. They are trusted only when that mark is the data's
 * version: a store written by a program that does not keep them (an older RegioKG) has a newer
 * version, and one written around RegioKG (TDB2's bulk loader) is caught by the time of its data files
 * when it opens. Such a store is counted once when it opens ({@code graph-sizes.rq}, seconds per 10
 * million quads); the count is kept beside the data folders until the next write stores it in TDB2
 * (writing at opening would look like a write around the rules and the name index).
 */
public final class GraphSizes {
    private static final Logger LOG = LoggerFactory.getLogger(GraphSizes.class);
    private static final Node GRAPH = NodeFactory.createURI("urn:x-regiokg:graph-sizes");
    /** Not an IRI, so no graph's entry can be it. */
    private static final String MARK = " version";
    private static final String IRI = "urn:x-regiokg:graph-sizes:";
    /** The sizes counted at opening, kept for the next opening when no write stored them in TDB2 (beside the data folders). */
    static final String FILE = "graph-sizes.count";
    private static final SparqlFile COUNT = SparqlFile.resource(GraphSizes.class, "graph-sizes.rq");

    /** Sizes counted when the store opened, not yet in TDB2: valid at one TDB2 data version of this opening. */
    private record Counted(long dataVersion, Map<String, Long> sizes) {}

    /** Per TDB2 dataset object (compaction makes a new one; its sizes come along with the data). */
    private static final Map<DatasetGraphStorage, Counted> COUNTED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Stores written around the layers, between their opening and their count (see distrust). */
    private static final java.util.Set<DatasetGraphStorage> DISTRUSTED = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    private GraphSizes() {}

    /**
     * Makes the sizes of the store under {@code ds} known, once it is open (its derived facts
     * refreshed): nothing to do when TDB2 keeps them for the current version and {@code writtenAround}
     * is false; else the file kept at the last opening, if nothing was written since; else a count.
     */
    public static void open(DatasetGraph ds, boolean writtenAround) {
        DatasetGraphStorage storage = VersionMark.storage(ds);
        if (storage == null) return;
        if (!writtenAround && Txn.calculateRead(ds, () -> kept(storage)) != null) {
            DISTRUSTED.remove(storage);
            return;
        }
        Optional<Path> file = file(storage);
        Counted counted = file.filter(f -> !writtenAround).map(f -> fromFile(ds, storage, f)).orElse(null);
        if (counted == null) {
            long t = System.nanoTime();
            counted = Txn.calculateRead(ds, () -> new Counted(dataVersion(storage), countAll(storage)));
            LOG.info("Counted the quads of {} graphs in {} ms (their sizes are kept with every write from now on)",
                    counted.sizes().size(), (System.nanoTime() - t) / 1_000_000);
            Counted c = counted;
            file.ifPresent(f -> toFile(ds, storage, f, c));
        }
        COUNTED.put(storage, counted);
        DISTRUSTED.remove(storage);
    }

    /**
     * The quads of every named graph (graph IRI to count, in order) in the current transaction of
     * {@code ds}, exact for what this transaction sees; empty when the store keeps none (a remote
     * store, a store not opened through {@link #open}).
     */
    public static Optional<Map<String, Long>> all(DatasetGraph ds) {
        DatasetGraphStorage storage = VersionMark.storage(ds);
        if (storage == null) return Optional.empty();
        if (DISTRUSTED.contains(storage)) return Optional.empty();
        Counted c = COUNTED.get(storage);
        if (c != null && c.dataVersion() == dataVersion(storage)) return Optional.of(c.sizes());
        return Optional.ofNullable(kept(storage));
    }

    /** The quads of graph {@code g} as kept (see {@link #all}); empty when not kept. */
    public static OptionalLong of(DatasetGraph ds, Node g) {
        DatasetGraphStorage storage = VersionMark.storage(ds);
        if (storage == null || !g.isURI()) return OptionalLong.empty();
        if (DISTRUSTED.contains(storage)) return OptionalLong.empty();
        Counted c = COUNTED.get(storage);
        if (c != null && c.dataVersion() == dataVersion(storage)) return OptionalLong.of(c.sizes().getOrDefault(g.getURI(), 0L));
        if (!markValid(storage)) return OptionalLong.empty();
        return OptionalLong.of(valueOf(storage.getStoragePrefixes().get(GRAPH, g.getURI())));
    }

    /** Inside a transaction: the sizes TDB2 keeps, if they are those of the data's version; else null. */
    private static Map<String, Long> kept(DatasetGraphStorage storage) {
        if (!markValid(storage)) return null;
        Map<String, Long> sizes = new TreeMap<>();
        for (Iterator<PrefixEntry> it = storage.getStoragePrefixes().get(GRAPH); it.hasNext(); ) {
            PrefixEntry e = it.next();
            if (!e.getPrefix().equals(MARK)) sizes.put(e.getPrefix(), parse(e.getUri()));
        }
        return sizes;
    }

    private static boolean markValid(DatasetGraphStorage storage) {
        String mark = storage.getStoragePrefixes().get(GRAPH, MARK);
        return mark != null && parse(mark) == VersionMark.read(storage);
    }

    /**
     * Inside the write transaction that makes {@code version} (before its commit): adds the write's net
     * change per graph IRI to the sizes. When the sizes known before the write are not those of the data
     * (not kept, not counted at this opening), nothing is written and they stay unknown until counted.
     */
    static void apply(DatasetGraphStorage storage, Map<String, Long> changes, long version) {
        if (DISTRUSTED.contains(storage)) return;
        Counted c = COUNTED.get(storage);
        Map<String, Long> before = c != null && c.dataVersion() == dataVersion(storage) ? c.sizes() : null;
        if (before == null && !markValid(storage)) return;
        StoragePrefixes prefixes = storage.getStoragePrefixes();
        Map<String, Long> after = new TreeMap<>();
        for (Map.Entry<String, Long> e : changes.entrySet()) {
            long was = before != null ? before.getOrDefault(e.getKey(), 0L) : valueOf(prefixes.get(GRAPH, e.getKey()));
            after.put(e.getKey(), was + e.getValue());
        }
        if (after.values().stream().anyMatch(n -> n < 0)) {
            // A bug, not a state of the data: the sizes stop being kept (the mark stays behind), reads count instead.
            LOG.warn("Kept graph sizes dropped: a write would leave a graph with fewer than no quads ({})", after);
            return;
        }
        if (before != null) {
            // The first write since a count at opening stores the whole count with it.
            prefixes.deleteAll(GRAPH);
            before.forEach((g, n) -> { if (!after.containsKey(g)) put(prefixes, g, n); });
        }
        after.forEach((g, n) -> put(prefixes, g, n));
        prefixes.add(GRAPH, MARK, IRI + version);
    }

    private static void put(StoragePrefixes prefixes, String graph, long size) {
        if (size == 0) prefixes.delete(GRAPH, graph);
        else prefixes.add(GRAPH, graph, IRI + size);
    }

    /**
     * Before the refresh of the derived facts of a store written around the layers: its kept sizes are
     * not those of its data, so that refresh must not add to them; {@link #open} counts afterwards.
     */
    public static void distrust(DatasetGraph ds) {
        DatasetGraphStorage storage = VersionMark.storage(ds);
        if (storage != null) DISTRUSTED.add(storage);
    }

    /** The quads of one graph, counted now ({@code graph-sizes.rq} with the graph bound). */
    static long countNow(DatasetGraph storage, String graph) {
        Map<String, Long> one = count(storage, NodeFactory.createURI(graph));
        return one.getOrDefault(graph, 0L);
    }

    private static Map<String, Long> countAll(DatasetGraph storage) {
        return count(storage, null);
    }

    /** Every quad read (no time limit: it runs when a store opens, or for a graph a write rebuilt in full). */
    private static Map<String, Long> count(DatasetGraph storage, Node graph) {
        Map<String, Long> sizes = new TreeMap<>();
        var exec = QueryExec.dataset(storage).query(COUNT.query()).set(ARQ.queryTimeout, "-1");
        if (graph != null) exec.substitution(Var.alloc("g"), graph);
        try (var built = exec.build()) {
            built.select().forEachRemaining((Binding b) -> {
                Node g = b.get(Var.alloc("g"));
                if (g != null && g.isURI()) sizes.put(g.getURI(), Long.parseLong(b.get(Var.alloc("n")).getLiteralLexicalForm()));
            });
        }
        return sizes;
    }

    // ---- the count of an opening, kept beside the data folders until a write stores it in TDB2

    private static Optional<Path> file(DatasetGraphStorage storage) {
        try {
            var location = TDBInternal.getDatasetGraphTDB(storage).getLocation();
            if (location.isMem() || location.getDirectoryPath() == null) return Optional.empty();
            Path data = Path.of(location.getDirectoryPath());
            return Optional.of((data.getParent() == null ? data : data.getParent()).resolve(FILE));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file's sizes when it was written at the data's version and no data file is newer; else null. */
    private static Counted fromFile(DatasetGraph ds, DatasetGraphStorage storage, Path file) {
        try {
            if (!Files.exists(file)) return null;
            Path dataDir = Path.of(TDBInternal.getDatasetGraphTDB(storage).getLocation().getDirectoryPath());
            var at = Files.getLastModifiedTime(file);
            try (var files = Files.list(dataDir)) {
                if (files.filter(f -> !f.getFileName().toString().equals("tdb.lock") && !f.getFileName().toString().equals("stats.opt"))
                        .anyMatch(f -> modified(f).compareTo(at) > 0)) return null;
            }
            var lines = Files.readAllLines(file);
            long version = Long.parseLong(lines.get(0).trim());
            Map<String, Long> sizes = new TreeMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int tab = line.indexOf('\t');
                if (tab > 0) sizes.put(line.substring(tab + 1), Long.parseLong(line.substring(0, tab)));
            }
            return Txn.calculateRead(ds, () -> VersionMark.read(storage) == version ? new Counted(dataVersion(storage), sizes) : null);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Kept graph sizes not used: {}", e.toString());
            return null;
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private static void toFile(DatasetGraph ds, DatasetGraphStorage storage, Path file, Counted counted) {
        StringBuilder sb = new StringBuilder();
        sb.append(Txn.calculateRead(ds, () -> VersionMark.read(storage))).append('\n');
        new LinkedHashMap<>(counted.sizes()).forEach((g, n) -> sb.append(n).append('\t').append(g).append('\n'));
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.writeString(tmp, sb);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("Graph sizes not kept for the next opening: {}", e.toString());
        }
    }

    // ----

    /** TDB2's data version of the current transaction (of this opening of the store; moves with every commit). */
    private static long dataVersion(DatasetGraphStorage storage) {
        return TDBInternal.getDatasetGraphTDB(storage).getTxnSystem().getThreadTransaction().getDataVersion();
    }

    private static long valueOf(String iri) {
        return iri == null ? 0 : parse(iri);
    }

    private static long parse(String iri) {
        return Long.parseLong(iri.substring(IRI.length()));
    }

    /** Inside a transaction: true when TDB2 holds the sizes of the data's version (not a count of this opening). */
    static boolean inStore(DatasetGraph ds) {
        DatasetGraphStorage storage = VersionMark.storage(ds);
        return storage != null && markValid(storage) && !DISTRUSTED.contains(storage);
    }

    /** Quads of graph g the store holds now, read one by one: for tests that check the kept sizes. */
    public static long countedByReading(DatasetGraph ds, Node g) {
        return Iter.count(ds.find(g, Node.ANY, Node.ANY, Node.ANY));
    }
}
