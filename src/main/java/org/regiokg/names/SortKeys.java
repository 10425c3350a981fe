package org.regiokg.names;

import java.util.List;

import org.apache.jena.query.Query;
import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingComparator;
import org.apache.jena.sparql.expr.ExprEvalException;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionEnv;

/**
 * Sort keys as ARQ's {@link BindingComparator} sees them, evaluated once per row: an unbound variable or an
 * error is no value (first), and rows with equal keys are equal here (ARQ would go on to their terms).
 */
record SortKeys(List<SortCondition> conditions, FunctionEnv env) {

    NodeValue[] of(Binding row) {
        NodeValue[] keys = new NodeValue[conditions.size()];
        for (int i = 0; i < keys.length; i++) {
            try {
                keys[i] = conditions.get(i).getExpression().eval(row, env);
            } catch (ExprEvalException none) {
                keys[i] = null;
            }
        }
        return keys;
    }

    int compare(NodeValue[] a, NodeValue[] b) {
        for (int i = 0; i < a.length; i++) {
            int x = BindingComparator.compareNodesRaw(a[i], b[i]);
            if (x != 0) return conditions.get(i).getDirection() == Query.ORDER_DESCENDING ? -x : x;
        }
        return 0;
    }
}
