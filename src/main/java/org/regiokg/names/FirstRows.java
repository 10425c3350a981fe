package org.regiokg.names;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.function.FunctionEnv;

/**
 * The rows whose sort keys are among the first {@code n} rows' keys, ties with the {@code n}-th included: a
 * top-N that keeps every row it cannot yet tell from the last one kept. Under {@code OPTIONAL} each such
 * left row gives at least one row of the answer, so the first page lies in their extensions. Each row's keys
 * are evaluated once (ARQ's comparator evaluates them again at every comparison), and a row past the
 * current {@code n}-th is dropped on one comparison.
 */
final class FirstRows {
    private record Keyed(NodeValue[] keys, Binding row) {}

    private final SortKeys sortKeys;
    private final long n;
    private final int most;
    private final Comparator<NodeValue[]> order;
    private final List<Keyed> kept = new ArrayList<>();
    /** The keys of the {@code n}-th row kept at the last cut: a row after them is never on the page. */
    private NodeValue[] last;
    private int cutAt;
    /** True once a row was left out: rows after the last kept ones exist. */
    private boolean dropped;

    /** At most {@code most} rows are kept (ties included); past that {@link #add} says no. */
    FirstRows(List<SortCondition> conditions, FunctionEnv env, long n, int most) {
        this.sortKeys = new SortKeys(conditions, env);
        this.n = Math.max(1, n);
        this.most = most;
        this.order = sortKeys::compare;
        this.cutAt = (int) Math.min(Integer.MAX_VALUE / 2, Math.max(2 * this.n, 1_000));
    }

    /** Takes the row if it may be among the first; false when more than {@code most} rows would be kept. */
    boolean add(Binding row) {
        NodeValue[] keys = sortKeys.of(row);
        if (last != null && order.compare(keys, last) > 0) {
            dropped = true;
            return true;
        }
        kept.add(new Keyed(keys, row));
        if (kept.size() >= cutAt) {
            cut();
            cutAt = Math.max(cutAt, 2 * kept.size());
        }
        return kept.size() <= most;
    }

    /** The rows kept, in the keys' order, each with keys no later than the {@code n}-th row's. */
    List<Binding> rows() {
        cut();
        return kept.stream().map(Keyed::row).toList();
    }

    private void cut() {
        kept.sort(Comparator.comparing(Keyed::keys, order));
        if (kept.size() <= n) return;
        last = kept.get((int) n - 1).keys();
        int end = (int) n;
        while (end < kept.size() && order.compare(kept.get(end).keys(), last) == 0) end++;
        if (end < kept.size()) dropped = true;
        kept.subList(end, kept.size()).clear();
    }

    /** True when rows were left out (their keys after the kept rows'): the kept rows are not all the rows. */
    boolean dropped() {
        return dropped;
    }
}
