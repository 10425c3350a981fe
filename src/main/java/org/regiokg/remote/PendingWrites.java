package org.regiokg.remote;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.modify.request.UpdateDataDelete;
import org.apache.jena.sparql.modify.request.UpdateDataInsert;
import org.apache.jena.sparql.modify.request.UpdateDeleteWhere;
import org.apache.jena.update.Update;
import org.apache.jena.update.UpdateRequest;

/**
 * What a write transaction of a {@link RemoteDataset} has not yet sent, laid over what the store
 * answers for one quad pattern: its INSERT DATA quads added, the quads its DELETE DATA and DELETE
 * WHERE (one pattern, variables as wildcards) remove taken out, in the order they were written.
 */
final class PendingWrites {
    private PendingWrites() {}

    /** {@code stored}: the store's quads for the pattern ({@code g} the default graph: the union). */
    static List<Quad> overlay(List<Quad> stored, UpdateRequest pending, Node g, Node s, Node p, Node o) {
        boolean union = g != null && Quad.isDefaultGraph(g);
        Set<Quad> visible = new LinkedHashSet<>();
        // Named-graph quads; the union's rows stand for any graph, so they are kept apart.
        List<Quad> unionRows = new ArrayList<>();
        for (Quad q : stored) (union ? unionRows : visible).add(q);
        for (Update u : pending.getOperations()) {
            if (u instanceof UpdateDataInsert insert) {
                for (Quad q : insert.getQuads())
                    if (matches(q, union ? Node.ANY : g, s, p, o)) visible.add(union ? asDefault(q) : q);
            } else if (u instanceof UpdateDataDelete delete) {
                for (Quad q : delete.getQuads()) visible.remove(union ? asDefault(q) : q);
            } else if (u instanceof UpdateDeleteWhere where) {
                for (Quad pattern : where.getQuads()) visible.removeIf(q -> union ? false : matches(q, pattern));
            }
        }
        if (!union) return List.copyOf(visible);
        // Over the union a deleted quad may still stand in another graph: the union's rows stay.
        Set<Quad> all = new LinkedHashSet<>(unionRows);
        all.addAll(visible);
        return List.copyOf(all);
    }

    private static Quad asDefault(Quad q) {
        return Quad.create(Quad.defaultGraphIRI, q.getSubject(), q.getPredicate(), q.getObject());
    }

    private static boolean matches(Quad q, Node g, Node s, Node p, Node o) {
        return any(g, q.getGraph()) && any(s, q.getSubject()) && any(p, q.getPredicate()) && any(o, q.getObject());
    }

    /** A quad against a DELETE WHERE pattern: its variables match anything. */
    private static boolean matches(Quad q, Quad pattern) {
        return matches(q, wild(pattern.getGraph()), wild(pattern.getSubject()), wild(pattern.getPredicate()), wild(pattern.getObject()));
    }

    private static Node wild(Node n) {
        return n == null || n.isVariable() ? Node.ANY : n;
    }

    private static boolean any(Node pattern, Node n) {
        return pattern == null || pattern == Node.ANY || pattern.equals(n);
    }
}
