package org.regiokg.remote;

import org.apache.jena.graph.Node;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryExecException;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.op.OpNull;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.Plan;
import org.apache.jena.sparql.engine.PlanBase;
import org.apache.jena.sparql.engine.QueryEngineFactory;
import org.apache.jena.sparql.engine.QueryEngineRegistry;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.apache.jena.sparql.util.Context;

/**
 * Runs a whole query on the remote store of a {@link RemoteDataset}: its pattern and solution
 * modifiers go there as one SELECT; ASK, CONSTRUCT and DESCRIBE are made from its rows here, as ARQ
 * makes them from any engine's. So the time limit, the size limits of /kg/sparql, content
 * negotiation and the answer formats are RegioKG's in this mode too.
 *
 * <p>Refused before anything is sent: SERVICE to an endpoint not on the allow-list (the remote store
 * would make the call). The full-text name index ({@code text:query}) lives in the embedded store
 * only: its patterns become a standard name match ({@link NameMatch}).
 */
public final class RemoteQueryEngine implements QueryEngineFactory {
    private static final RemoteQueryEngine INSTANCE = new RemoteQueryEngine();
    private static boolean installed;

    private RemoteQueryEngine() {}

    static synchronized void install() {
        if (installed) return;
        QueryEngineRegistry.addFactory(INSTANCE);
        installed = true;
    }

    @Override
    public boolean accept(Query query, DatasetGraph dataset, Context context) {
        return RemoteDataset.under(dataset) != null;
    }

    @Override
    public Plan create(Query query, DatasetGraph dataset, Binding inputBinding, Context context) {
        RemoteDataset remote = RemoteDataset.under(dataset);
        check(query, remote);
        if (query.getQueryPattern() == null) // DESCRIBE <iri> alone: one empty row, ARQ describes the IRI.
            return plan(QueryIterPlainWrapper.create(java.util.List.of(BindingFactory.empty()).iterator()));
        Query select = org.regiokg.sparql.BoundTerms.rewrite(GraphStatements.rewrite(NameMatch.rewrite(query))).cloneQuery();
        if (!query.isSelectType()) {
            select.setQuerySelectType();
            select.setQueryResultStar(true);
            if (query.isAskType()) select.setLimit(1);
        }
        // Sent on the first row asked for: building the plan does not wait on the network, so ARQ's
        // timeout and org.regiokg.storage.QueryGuard can cancel it whenever the store is slow.
        RemoteRows rows = remote.rows(select, timeoutMillis(context, dataset), Context.getCancelSignal(context));
        ExecutionContext cxt = ExecutionContext.create(dataset, context);
        return plan(new QueryIterPlainWrapper(rows, cxt) {
            @Override
            protected void closeIterator() {
                rows.close();
            }

            @Override
            protected void requestCancel() {
                rows.cancel();
            }
        });
    }

    private static Plan plan(QueryIterator rows) {
        return new PlanBase(OpNull.create(), rows) {
            @Override
            protected QueryIterator iteratorOnce() {
                return rows;
            }
        };
    }

    /** The SERVICE allow-list, checked on the query's text before it leaves. */
    private static void check(Query query, RemoteDataset remote) {
        if (query.getQueryPattern() == null) return;
        ElementWalker.walk(query.getQueryPattern(), new ElementVisitorBase() {
            @Override
            public void visit(ElementService service) {
                Node target = service.getServiceNode();
                if (!target.isURI() || !remote.allowedServices().contains(target.getURI()))
                    throw new QueryExecException("SERVICE " + (target.isURI() ? "<" + target.getURI() + ">" : target)
                            + " is not allowed (allowed: " + remote.allowedServices() + ")");
            }

        });
    }

    private static long timeoutMillis(Context context, DatasetGraph dataset) {
        Object t = context != null && context.isDefined(ARQ.queryTimeout) ? context.get(ARQ.queryTimeout) : dataset.getContext().get(ARQ.queryTimeout);
        if (t == null) return 0;
        String s = t.toString();
        int comma = s.indexOf(',');
        try {
            return (long) Double.parseDouble((comma < 0 ? s : s.substring(comma + 1)).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public boolean accept(Op op, DatasetGraph dataset, Context context) {
        return false;
    }

    @Override
    public Plan create(Op op, DatasetGraph dataset, Binding inputBinding, Context context) {
        throw new UnsupportedOperationException("algebra on a remote store");
    }
}
