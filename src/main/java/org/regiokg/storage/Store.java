package org.regiokg.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.graph.Node;
import org.apache.jena.query.ARQ;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.service.ServiceExecutorRegistry;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.TDB2;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.regiokg.derive.DerivedFacts;
import org.regiokg.history.Attribution;
import org.regiokg.history.ChangeLog;
import org.regiokg.history.ChangeRecorder;
import org.regiokg.history.GraphSizes;
import org.regiokg.names.NameIndex;
import org.regiokg.names.NameOrderedTop;

/**
 * The one dataset both faces of the server read: TDB2 in a directory, or TDB2 in memory.
 * Both run with the union of the named graphs as the default graph, so the two modes answer alike.
 */
public final class Store implements AutoCloseable {
    /** The deepest page (offset + limit) that ARQ finds as a top-N. */
    static final int TOP_N_ROWS = 100_000;

    static {
        // A deeper page is a top-N too (ARQ's default stops at offset + limit = 1,000 and sorts every match), so
        // that the names' order and kinds in order serve it; a top-N never keeps more rows than that sort would.
        // ARQ's optimizer reads this from its global context only (TransformTopN), not from a dataset's.
        org.apache.jena.sys.JenaSystem.init();
        ARQ.getContext().set(ARQ.topNSortingThreshold, TOP_N_ROWS);
    }
    private final DatasetGraph dataset;
    /** The TDB2 dataset under the name index's wrapper: for TDB2's own tools (bulk loader, statistics). */
    private final DatasetGraph storage;
    private final NameIndex names;
    private final Optional<Path> directory;
    private final boolean fresh;
    private final String epoch = Long.toString(System.currentTimeMillis(), 36);
    private volatile CountAt lastCount;
    private final StoreUpkeep upkeep;
    /** Null over a remote store: other processes write there too, so no log here could be complete. */
    private final ChangeRecorder history;
    /** Set when the data lives in a SPARQL store elsewhere (serve --sparql-endpoint); see org.regiokg.remote. */
    private final org.regiokg.remote.RemoteDataset remote;

    private Store(DatasetGraph storage, Optional<Path> directory, boolean fresh) {
        this.remote = null;
        this.storage = storage;
        this.directory = directory;
        this.fresh = fresh;
        QueryGuard.install();
        org.regiokg.history.StatementsFunction.register();
        storage.getContext().set(TDB2.symUnionDefaultGraph, true);
        // Every write re-derives the rules' facts (rules/*.rq) in the same transaction; the name index
        // sits outside, so text:query finds it and the derived facts' writes (no names) pass it by.
        // Under the rules, the change log records every write with what the rules derived from it
        // (org.regiokg.history); a refresh of the derived facts when the store opens is the store's own write.
        this.history = ChangeRecorder.over(storage, directory);
        // Asked before the rules' refresh stamps the store: a write around the layers leaves the kept sizes behind too.
        boolean writtenAround = directory.isPresent() && !fresh && DerivedFacts.writtenAround(storage);
        if (writtenAround) GraphSizes.distrust(storage);
        // Asked before the refresh too: it writes derived facts only, which hold no names, beneath the name index.
        Optional<Path> textIndex = directory.map(d -> d.resolve("text-index"));
        boolean namesMatch = textIndex.map(t -> NameIndex.matches(storage, t)).orElse(false);
        DatasetGraph derived;
        try (var by = Attribution.of("system", "rules/*.rq", "derived-fact refresh").open()) {
            derived = history.counted(() -> DerivedFacts.over(history), writtenAround);
        }
        // The quads per graph, kept with every write from here on (sources, VoID, health read them).
        GraphSizes.open(storage, writtenAround);
        this.names = NameIndex.attach(derived, textIndex, namesMatch);
        // ... and says so for the next opening too, even if this one never opens Lucene.
        names.stampIfCurrent();
        this.dataset = names.dataset();
        // A first page sorted by name reads the names in order from the name index (NameOrderedTop).
        org.apache.jena.sparql.engine.main.QC.setFactory(dataset.getContext(), NameOrderedTop.factory(names));
        // Counts and planner statistics kept fresh in the background after writes (health never counts on a request).
        this.upkeep = new StoreUpkeep(storage, directory.isPresent(), history.log());
        // No outgoing SERVICE calls unless an allow-list is installed (serviceExecutors): the server
        // must not become a proxy into the network it runs in. The list's executor turns HTTP on per
        // allowed call only, so this stays off for anything that bypasses it.
        dataset.getContext().set(ARQ.httpServiceAllowed, false);
        // Nor does SPARQL Update's LOAD read anything (files of the server, other hosts) unless allowed.
        UpdateLoadGuard.allow(dataset.getContext(), Set.of());
    }

    /** Over a remote store: no name index, no TDB2 upkeep; derived facts re-run by the store after each write. */
    private Store(org.regiokg.remote.RemoteDataset remote) {
        this.remote = remote;
        this.storage = remote;
        this.dataset = remote;
        this.directory = Optional.empty();
        this.fresh = false;
        this.names = null;
        this.upkeep = null;
        this.history = null;
        QueryGuard.install();
        org.regiokg.history.StatementsFunction.register();
        remote.afterWrites(RemoteStores.derivedUpdates());
        UpdateLoadGuard.allow(dataset.getContext(), Set.of());
    }

    /** A store whose data lives in a SPARQL store elsewhere: queries and updates go there. */
    public static Store remote(org.regiokg.remote.RemoteEndpoint endpoint) {
        return new Store(org.regiokg.remote.Remote.dataset(endpoint));
    }

    /** The remote store this one speaks to, if the data is not embedded. */
    public Optional<org.regiokg.remote.RemoteDataset> remote() {
        return Optional.ofNullable(remote);
    }

    /** The sources SPARQL Update's LOAD may read (exact http/https IRIs); none unless given. */
    public Store loadSources(Set<String> sources) {
        UpdateLoadGuard.allow(dataset.getContext(), sources);
        return this;
    }

    /** Installs the executors that decide SERVICE calls, e.g. org.regiokg.link.ServiceAllowList#registry(). */
    public Store serviceExecutors(ServiceExecutorRegistry registry) {
        ServiceExecutorRegistry.set(dataset.getContext(), registry);
        return this;
    }

    /**
     * Opens (or creates) a TDB2 store in {@code dir}. A store with data written since its planner
     * statistics were gathered has them gathered again first (see {@link PlannerStatistics}); a store
     * closed normally had them gathered when it closed ({@link StoreUpkeep}).
     */
    public static Store tdb2(Path dir) {
        boolean fresh = !Files.isDirectory(dir) || isEmptyDir(dir);
        DatasetGraph dataset = DatabaseMgr.connectDatasetGraph(Location.create(dir));
        if (!fresh && PlannerStatistics.stale(PlannerStatistics.dataDirectory(dataset)) && PlannerStatistics.gather(dataset)) {
            // TDB2 reads the statistics when it opens a store.
            TDBInternal.expel(dataset);
            dataset = DatabaseMgr.connectDatasetGraph(Location.create(dir));
        }
        return new Store(dataset, Optional.of(dir), fresh);
    }

    /** A TDB2 store that lives in memory and is gone at exit. */
    public static Store inMemory() {
        return new Store(DatabaseMgr.createDatasetGraph(), Optional.empty(), true);
    }

    public DatasetGraph dataset() {
        return dataset;
    }

    /** The TDB2 dataset itself, for TDB2's bulk loader: what is written here misses the name index until the next opening. */
    public DatasetGraph storage() {
        return storage;
    }

    /** The name index over the store (none over a remote one): its size and whether it is open yet. */
    public NameIndex names() {
        return names;
    }

    /** True when the store was created by this process and still needs its initial content. */
    public boolean isFresh() {
        return fresh;
    }

    public Optional<Path> directory() {
        return directory;
    }

    /** Sets the timeout of every SPARQL query against this dataset, in-process and over HTTP. */
    public Store queryTimeout(Duration timeout) {
        dataset.getContext().set(ARQ.queryTimeout, Long.toString(timeout.toMillis()));
        return this;
    }

    /**
     * The version of the data: changes with every committed write, whoever wrote (the API, Fuseki's
     * update endpoint, an import). Unique to this opening of the store, so that answers cached
     * under one version are never taken for another run's.
     */
    public String dataVersion() {
        if (remote != null) return RemoteStores.dataVersion(epoch, remote);
        return epoch + "-" + Txn.calculateRead(dataset, this::transactionVersion);
    }

    /** Counting reads every quad, so the count is kept until the data's version changes. */
    public long quadCount() {
        return Txn.calculateRead(dataset, () -> {
            long version = transactionVersion();
            CountAt last = lastCount;
            if (last != null && last.version() == version) return last.quads();
            long quads = Iter.count(dataset.find(Node.ANY, Node.ANY, Node.ANY, Node.ANY));
            lastCount = new CountAt(version, quads);
            return quads;
        });
    }

    /** True when the store holds more than {@code n} quads; reads at most n + 1 of them. */
    public boolean hasMoreQuadsThan(long n) {
        return Txn.calculateRead(dataset, () -> {
            var quads = dataset.find(Node.ANY, Node.ANY, Node.ANY, Node.ANY);
            try {
                for (long seen = 0; quads.hasNext(); quads.next())
                    if (++seen > n) return true;
                return false;
            } finally {
                Iter.close(quads);
            }
        });
    }

    private record CountAt(long version, long quads) {}

    /** The change log: every committed write as a change set; its last sequence number is the data's citable version. */
    public ChangeLog changes() {
        return history != null ? history.log() : ChangeLog.none();
    }

    /**
     * Says to the layers that the data's files were rewritten without a change (a compaction): else
     * the next opening would take the new files for a write around them, derive every rule again and
     * count every name.
     */
    void rewritten() {
        DerivedFacts.in(dataset).ifPresent(DerivedFacts::unchanged);
        names.stampIfCurrent();
    }

    /** The background count and planner statistics of this store. */
    public StoreUpkeep upkeep() {
        return upkeep;
    }

    /** The data version the current read transaction sees. */
    private long transactionVersion() {
        return TDBInternal.getDatasetGraphTDB(storage).getTxnSystem().getThreadTransaction().getDataVersion();
    }

    @Override
    public void close() {
        if (remote != null) return;
        upkeep.close();
        // Expel releases the TDB2 lock file and the file handles, so a restart finds a clean store.
        names.close();
        if (directory.isPresent())
            TDBInternal.expel(storage);
        else
            storage.close();
    }

    private static boolean isEmptyDir(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
