package org.regiokg.questions;

import java.util.List;

import org.apache.jena.graph.Graph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;

/**
 * What a question answered: a page of rows (SELECT), a truth value (ASK) or a graph
 * (CONSTRUCT, DESCRIBE). {@code hasMore} tells whether another page follows.
 */
public record Answer(List<Var> vars, List<Binding> rows, Boolean truth, Graph graph, Page page, boolean hasMore) {

    public static Answer table(List<Var> vars, List<Binding> rows, Page page, boolean hasMore) {
        return new Answer(List.copyOf(vars), List.copyOf(rows), null, null, page, hasMore);
    }

    public static Answer truth(boolean value) {
        return new Answer(List.of(), List.of(), value, null, null, false);
    }

    public static Answer graph(Graph graph, Page page, boolean hasMore) {
        return new Answer(List.of(), List.of(), null, graph, page, hasMore);
    }

    public boolean isTable() {
        return truth == null && graph == null;
    }

    /** Which rows: {@code limit} rows from {@code offset}. */
    public record Page(long offset, long limit) {
        public Page next() {
            return new Page(offset + limit, limit);
        }

        public Page previous() {
            return new Page(Math.max(0, offset - limit), limit);
        }
    }
}
