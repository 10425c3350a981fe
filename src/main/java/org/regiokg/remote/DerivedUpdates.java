package org.regiokg.remote;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.modify.request.QuadDataAcc;
import org.apache.jena.sparql.modify.request.UpdateDataInsert;
import org.apache.jena.sparql.modify.request.UpdateDrop;
import org.apache.jena.sparql.modify.request.UpdateModify;
import org.apache.jena.update.Update;

/**
 * A derivation rule (a CONSTRUCT whose triples live in a graph of their own) as SPARQL Update for a
 * remote store: drop the rule's graph, then INSERT … WHERE with the rule's pattern, run by the store
 * after each write in the same request. Always in full: the embedded store's partial re-runs need
 * the changed things, which a remote store's writes by others do not tell.
 */
public final class DerivedUpdates {
    private DerivedUpdates() {}

    /** The updates that re-derive one rule's graph; {@code marks} are kept in it too (e.g. the rule's digest). */
    public static List<Update> rerun(Node graph, Query construct, List<Triple> marks) {
        List<Update> updates = new ArrayList<>();
        updates.add(new UpdateDrop(graph, true));
        UpdateModify insert = new UpdateModify();
        for (Triple t : construct.getConstructTemplate().getTriples())
            insert.getInsertAcc().addQuad(Quad.create(graph, t));
        insert.setHasInsertClause(true);
        insert.setElement(construct.getQueryPattern());
        updates.add(insert);
        if (!marks.isEmpty()) {
            QuadDataAcc data = new QuadDataAcc();
            marks.forEach(t -> data.addQuad(Quad.create(graph, t)));
            updates.add(new UpdateDataInsert(data));
        }
        return updates;
    }
}
