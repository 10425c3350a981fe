package org.regiokg.remote;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;
import org.apache.jena.riot.system.PrefixMap;
import org.apache.jena.riot.system.PrefixMapFactory;
import org.apache.jena.sparql.JenaTransactionException;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphQuads;
import org.apache.jena.sparql.core.DatasetGraphWrapper;
import org.apache.jena.sparql.core.GraphView;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.exec.http.UpdateExecHTTP;
import org.apache.jena.sparql.modify.request.QuadAcc;
import org.apache.jena.sparql.modify.request.QuadDataAcc;
import org.apache.jena.sparql.modify.request.UpdateDataDelete;
import org.apache.jena.sparql.modify.request.UpdateDataInsert;
import org.apache.jena.sparql.modify.request.UpdateDeleteWhere;
import org.apache.jena.sparql.modify.request.UpdateDrop;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.update.Update;
import org.apache.jena.update.UpdateRequest;

/**
 * A dataset whose data lives in a SPARQL store elsewhere. Whole queries and updates go there as
 * they are (the remote query and update engines, installed by {@code Remote}), so every part of RegioKG that runs
 * SPARQL over a {@link DatasetGraph} runs it on the remote store unchanged. What reads quads one
 * pattern at a time (DESCRIBE, a graph's dump) gets a SELECT per pattern.
 *
 * <p>Writes: what a write transaction adds and deletes is held until it commits, then sent as one
 * SPARQL Update request, followed in the same request by the updates registered with
 * {@link #afterWrites} (the derived facts); a store that runs a request as one transaction (Fuseki,
 * Virtuoso) applies all of it or nothing. Quads read one pattern at a time inside a write
 * transaction include its own pending writes ({@link PendingWrites}: a load's shapes are checked on
 * the data as it will be); whole queries sent to the store do not. Without an update endpoint every
 * write is refused.
 *
 * <p>The remote default graph must be the union of the named graphs, as the embedded store's is.
 */
public final class RemoteDataset extends DatasetGraphQuads {
    private final RemoteEndpoint endpoint;
    private final Context context = ARQ.getContext().copy();
    private final PrefixMap prefixes = PrefixMapFactory.create();
    private final ThreadLocal<TxnType> txn = new ThreadLocal<>();
    private final ThreadLocal<UpdateRequest> pending = new ThreadLocal<>();
    /** The INSERT DATA or DELETE DATA that the transaction's next quad joins, if it is of the same kind. */
    private final ThreadLocal<OpenData> openData = new ThreadLocal<>();
    private final AtomicLong writes = new AtomicLong();
    private volatile List<Update> afterWrites = List.of();
    private volatile Set<String> allowedServices = Set.of();

    private RemoteDataset(RemoteEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** A dataset over the endpoint; {@code Remote.dataset} also installs the engines that send queries and updates there. */
    static RemoteDataset over(RemoteEndpoint endpoint) {
        return new RemoteDataset(endpoint);
    }

    /** The remote dataset under any layers that wrap it, or null when {@code dataset} is not one. */
    public static RemoteDataset under(DatasetGraph dataset) {
        DatasetGraph ds = dataset;
        while (ds instanceof DatasetGraphWrapper w) ds = w.getWrapped();
        return ds instanceof RemoteDataset r ? r : null;
    }

    public RemoteEndpoint endpoint() {
        return endpoint;
    }

    /** Updates sent after every write, in its request (e.g. the rules of derived facts as INSERT … WHERE). */
    public RemoteDataset afterWrites(List<Update> updates) {
        this.afterWrites = List.copyOf(updates);
        return this;
    }

    /**
     * The endpoints a query's SERVICE may name. The remote store makes those calls, not RegioKG, so
     * the rest are refused before the query is sent.
     */
    public RemoteDataset allowServices(Set<String> endpoints) {
        this.allowedServices = Set.copyOf(endpoints);
        return this;
    }

    Set<String> allowedServices() {
        return allowedServices;
    }

    /** How many writes this process has committed: other processes' writes are not seen here. */
    public long writesCommitted() {
        return writes.get();
    }

    /** The rows of a SELECT run by the store, ended at {@code timeoutMillis} (0 for none) or when {@code cancel} is set. */
    RemoteRows rows(Query select, long timeoutMillis, java.util.concurrent.atomic.AtomicBoolean cancel) {
        return new RemoteRows(endpoint, select, timeoutMillis, cancel);
    }

    /** Sends one update request (no transaction: at once; in a write transaction: at its commit). */
    void update(UpdateRequest request) {
        if (!endpoint.writable())
            throw new ReadOnlyStoreException("the store at " + endpoint + " is read-only here: serve was started without --update-endpoint");
        if (txn.get() != null) {
            if (txn.get() == TxnType.READ) throw new JenaTransactionException("a write in a read transaction");
            request.getOperations().forEach(pendingRequest()::add);
            openData.remove();
            return;
        }
        send(request);
    }

    private void send(UpdateRequest request) {
        if (request.getOperations().isEmpty()) return;
        for (Update after : afterWrites) request.add(after);
        UpdateExecHTTP.service(endpoint.updateUrl().orElseThrow()).httpClient(endpoint.http()).update(request).execute();
        writes.incrementAndGet();
    }

    private UpdateRequest pendingRequest() {
        UpdateRequest r = pending.get();
        if (r == null) pending.set(r = new UpdateRequest());
        return r;
    }

    // ---- quads, one pattern at a time

    @Override
    public Iterator<Quad> find(Node g, Node s, Node p, Node o) {
        if (g == null || g == Node.ANY) return findNG(g, s, p, o);
        if (Quad.isDefaultGraph(g) || Quad.isUnionGraph(g)) return select(Quad.defaultGraphIRI, s, p, o);
        return select(g, s, p, o);
    }

    @Override
    public Iterator<Quad> findNG(Node g, Node s, Node p, Node o) {
        if (g != null && (Quad.isDefaultGraph(g) || Quad.isUnionGraph(g))) return find(g, s, p, o);
        return select(g == null ? Node.ANY : g, s, p, o);
    }

    private static final org.apache.jena.shared.PrefixMapping NO_PREFIXES = org.apache.jena.shared.PrefixMapping.Factory.create().lock();
    private static final Var G = Var.alloc("g"), S = Var.alloc("s"), P = Var.alloc("p"), O = Var.alloc("o");

    /** The quads of one pattern; {@code g} the default graph (the store's union) or a named graph or ANY. */
    private Iterator<Quad> select(Node g, Node s, Node p, Node o) {
        boolean union = Quad.isDefaultGraph(g);
        String pattern = term(s, S) + " " + term(p, P) + " " + term(o, O);
        String where = union ? pattern : "GRAPH " + term(g, G) + " { " + pattern + " }";
        Query query = QueryFactory.create("SELECT DISTINCT * WHERE { " + where + " }");
        List<Quad> quads = new ArrayList<>();
        try (RemoteRows rows = rows(query, timeout(), null)) {
            rows.forEachRemaining(b -> quads.add(Quad.create(union ? Quad.defaultGraphIRI : value(b, g, G),
                    value(b, s, S), value(b, p, P), value(b, o, O))));
        }
        UpdateRequest r = txn.get() == null || txn.get() == TxnType.READ ? null : pending.get();
        return r == null ? quads.iterator() : PendingWrites.overlay(quads, r, g, s, p, o).iterator();
    }

    private long timeout() {
        Object t = context.get(ARQ.queryTimeout);
        if (t == null) return 0;
        try {
            return (long) Double.parseDouble(t.toString().split(",")[0].trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String term(Node n, Var v) {
        if (n == null || n == Node.ANY) return "?" + v.getVarName();
        // No prefixes: the query that carries the term declares none.
        return org.apache.jena.sparql.util.FmtUtils.stringForNode(n, NO_PREFIXES);
    }

    private static Node value(Binding b, Node given, Var v) {
        return given == null || given == Node.ANY ? b.get(v) : given;
    }

    @Override
    public Iterator<Node> listGraphNodes() {
        List<Node> graphs = new ArrayList<>();
        try (RemoteRows rows = rows(QueryFactory.create("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"), timeout(), null)) {
            rows.forEachRemaining(b -> graphs.add(b.get(G)));
        }
        return graphs.iterator();
    }

    @Override
    public boolean containsGraph(Node graphNode) {
        if (Quad.isDefaultGraph(graphNode) || Quad.isUnionGraph(graphNode)) return true;
        Query ask = QueryFactory.create("SELECT ?s WHERE { GRAPH " + term(graphNode, G) + " { ?s ?p ?o } } LIMIT 1");
        try (RemoteRows rows = rows(ask, timeout(), null)) {
            return rows.hasNext();
        }
    }

    @Override
    public Graph getDefaultGraph() {
        return GraphView.createDefaultGraph(this);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        return GraphView.createNamedGraph(this, graphNode);
    }

    // ---- writes: held until commit

    @Override
    public void add(Quad quad) {
        write(quad, true);
    }

    @Override
    public void delete(Quad quad) {
        write(quad, false);
    }

    /** Consecutive adds (or deletes) of one transaction go out as one INSERT DATA (DELETE DATA). */
    private void write(Quad quad, boolean insert) {
        TxnType t = txn.get();
        OpenData open = openData.get();
        if (t != null && t != TxnType.READ && endpoint.writable()) {
            if (open == null || open.insert() != insert) {
                open = new OpenData(insert, new QuadDataAcc());
                pendingRequest().add(insert ? new UpdateDataInsert(open.quads()) : new UpdateDataDelete(open.quads()));
                openData.set(open);
            }
            open.quads().addQuad(quad);
            return;
        }
        QuadDataAcc data = new QuadDataAcc();
        data.addQuad(quad);
        update(new UpdateRequest(insert ? new UpdateDataInsert(data) : new UpdateDataDelete(data)));
    }

    private record OpenData(boolean insert, QuadDataAcc quads) {}

    @Override
    public void deleteAny(Node g, Node s, Node p, Node o) {
        QuadAcc pattern = new QuadAcc();
        Node graph = g == null || g == Node.ANY ? G : g;
        pattern.addQuad(Quad.create(graph, s == null || s == Node.ANY ? S : s, p == null || p == Node.ANY ? P : p, o == null || o == Node.ANY ? O : o));
        UpdateRequest r = new UpdateRequest();
        r.add(new UpdateDeleteWhere(pattern));
        update(r);
    }

    @Override
    public void removeGraph(Node graphName) {
        UpdateRequest r = new UpdateRequest();
        r.add(new UpdateDrop(graphName, true));
        update(r);
    }

    @Override
    public void addGraph(Node graphName, Graph graph) {
        removeGraph(graphName);
        graph.find().forEachRemaining(t -> add(Quad.create(graphName, t)));
    }

    @Override
    public PrefixMap prefixes() {
        return prefixes;
    }

    @Override
    public Context getContext() {
        return context;
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public boolean supportsTransactionAbort() {
        return true;
    }

    // ---- transactions: per thread; a write's updates wait for its commit

    @Override
    public void begin(TxnType type) {
        if (txn.get() != null) throw new JenaTransactionException("already in a transaction");
        txn.set(type);
    }

    @Override
    public void begin(ReadWrite readWrite) {
        begin(TxnType.convert(readWrite));
    }

    @Override
    public boolean promote(Promote mode) {
        if (txn.get() == null) throw new JenaTransactionException("not in a transaction");
        if (txn.get() == TxnType.READ) return false;
        txn.set(TxnType.WRITE);
        return true;
    }

    @Override
    public void commit() {
        UpdateRequest r = pending.get();
        pending.remove();
        openData.remove();
        if (r != null) {
            TxnType t = txn.get();
            txn.remove();
            try {
                send(r);
            } finally {
                txn.set(t);
            }
        }
    }

    @Override
    public void abort() {
        pending.remove();
        openData.remove();
    }

    @Override
    public void end() {
        pending.remove();
        openData.remove();
        txn.remove();
    }

    @Override
    public ReadWrite transactionMode() {
        TxnType t = txn.get();
        return t == null ? null : TxnType.convert(t);
    }

    @Override
    public TxnType transactionType() {
        return txn.get();
    }

    @Override
    public boolean isInTransaction() {
        return txn.get() != null;
    }

    /** Descriptive only: which store this is. */
    public Map<String, Object> describe() {
        return Map.of("endpoint", endpoint.queryUrl(), "writable", endpoint.writable());
    }
}
