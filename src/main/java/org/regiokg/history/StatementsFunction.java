package org.regiokg.history;

import java.util.OptionalLong;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.query.QueryBuildException;
import org.apache.jena.sparql.ARQConstants;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.Function;
import org.apache.jena.sparql.function.FunctionEnv;
import org.apache.jena.sparql.function.FunctionRegistry;
import org.apache.jena.sparql.util.Context;

/**
 * {@code fn:statements(?graph)} ({@value #IRI}): the number of quads of a named graph, as the store
 * keeps it with every write ({@link GraphSizes}), read in the query's own transaction, so exact for the
 * data the query sees. Where no size is kept (a store not opened by RegioKG), the graph's quads are
 * counted, so the answer is the same, only slower. Remote stores do not know the function: remote
 * mode sends {@code graph-statements.rq}'s count in its place ({@code org.regiokg.remote}).
 */
public final class StatementsFunction implements Function {
    public static final String IRI = org.regiokg.vocab.Vocabulary.FN + "statements";
    private static boolean registered;

    /** Makes the function known to every query of this JVM (idempotent). */
    public static synchronized void register() {
        if (registered) return;
        FunctionRegistry.get().put(IRI, StatementsFunction.class);
        registered = true;
    }

    @Override
    public void build(String uri, ExprList args, Context context) {
        if (args.size() != 1) throw new QueryBuildException("fn:statements takes one argument, a graph's IRI; got " + args.size());
    }

    @Override
    public NodeValue exec(Binding binding, ExprList args, String uri, FunctionEnv env) {
        NodeValue graph = args.get(0).eval(binding, env);
        Node g = graph.asNode();
        if (!g.isURI()) throw new ExprEvalException("fn:statements: not a graph IRI: " + g);
        DatasetGraph ds = env.getDataset();
        if (ds == null && env.getContext() != null) ds = env.getContext().get(ARQConstants.sysCurrentDataset) instanceof DatasetGraph d ? d : null;
        if (ds == null) throw new ExprEvalException("fn:statements: no dataset");
        OptionalLong kept = GraphSizes.of(ds, g);
        return NodeValue.makeInteger(kept.isPresent() ? kept.getAsLong() : Iter.count(ds.find(g, Node.ANY, Node.ANY, Node.ANY)));
    }
}
