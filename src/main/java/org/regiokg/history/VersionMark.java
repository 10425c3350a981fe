package org.regiokg.history;

import org.apache.jena.dboe.storage.system.DatasetGraphStorage;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphWrapper;

/**
 * The data's version as TDB2 committed it: a prefix entry under a graph name no query can reach
 * (TDB2 keeps prefixes per graph, in the same transactions as the quads), so it commits or aborts
 * with the write it counts. The dataset's own prefixes ({@code prefixes()}) are those of another
 * graph name and do not show it.
 */
final class VersionMark {
    private static final Node GRAPH = NodeFactory.createURI("urn:x-regiokg:history");
    private static final String PREFIX = "version";
    private static final String IRI = "urn:x-regiokg:history:version:";

    private VersionMark() {}

    /** The storage under any wrappers, if it keeps prefixes per graph (TDB2 does). */
    static DatasetGraphStorage storage(DatasetGraph ds) {
        DatasetGraph d = ds;
        while (!(d instanceof DatasetGraphStorage) && d instanceof DatasetGraphWrapper w) d = w.getWrapped();
        if (d instanceof org.apache.jena.tdb2.store.DatasetGraphSwitchable s) d = s.get();
        return d instanceof DatasetGraphStorage s ? s : null;
    }

    /** Inside a transaction. */
    static long read(DatasetGraphStorage storage) {
        String iri = storage.getStoragePrefixes().get(GRAPH, PREFIX);
        return iri == null ? 0 : Long.parseLong(iri.substring(IRI.length()));
    }

    /** Inside the write transaction that makes {@code version}. */
    static void write(DatasetGraphStorage storage, long version) {
        storage.getStoragePrefixes().add(GRAPH, PREFIX, IRI + version);
    }
}
